import Qujat
import QujatSign

/// A document of a slice; `resumed` when an earlier run rendered it (then it is only painted
/// into the print file again).
struct SliceItem: Sendable {
    var input: ManifestInput
    var text: [UInt8]
    var resumed: BatchJournal.Document?
}

/// What a worker does with one slice of the manifest (`BatchCoordinator.submit`): renders
/// each document to its own file and posts the outcome; with a print stream, paints the same
/// pages into the slice's section and hands the section over (or the fault). It posts its
/// slice's number to `ended` last, once nothing more of it will be written.
struct SliceJob: Sendable {
    var items: [SliceItem]
    var number: Int
    var base: String?
    var folder: String
    var mailbox: Mailbox<(Int, BatchRunner.Outcome)>
    var stream: MergeStream?
    var ended: Mailbox<Int>
    var duplex: Bool
    var partBytes: Int
    var signer: SigningKey?
    var signing: Renderer.Signing?
    var stops: [BatchStop]

    func run(_ renderer: Renderer) {
        defer { if stream != nil { ended.put(number) } }
        let section = stream.map { _ in PrintSection(duplex: duplex, folder: folder + "/merged", name: "\(number)", partBytes: partBytes) }
        var fault: QujatError?
        for item in items {
            // Asked to stop: the slice's other documents are left for the rerun.
            if stops.contains(where: \.isRequested) {
                if item.resumed == nil { mailbox.put((item.input.index, .skipped)) }
                continue
            }
            if let record = item.resumed {
                guard let section, fault == nil, stream?.isStopped == false else { continue }
                do throws(QujatError) {
                    try BatchRunner.printAgain(item.input, text: item.text, base: base, record: record, signer: signer,
                                               section: section, renderer: renderer)
                } catch {
                    fault = error
                }
            } else {
                mailbox.put((item.input.index, BatchRunner.renderDocument(item.input, text: item.text, base: base, folder: folder,
                                                                          signing: signing, section: section, renderer: renderer)))
            }
        }
        guard let stream, let section else { return }
        do throws(QujatError) {
            if let fault { throw fault }
            stream.add(slice: number, try section.finish())
        } catch {
            stream.fail(error)
        }
    }
}
