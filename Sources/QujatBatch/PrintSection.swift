import Foundation
import Qujat
import QujatDocument
import QujatLayout
import QujatPDF

/// One slice's pages for the print files, drawn on the worker that renders the slice: each
/// document's laid-out pages are painted into its own file and then, a second time, into its
/// group's section here: one Cairo surface per group and slice, so the documents of a section
/// share one subset of each font. The merge thread joins the sections of a group, slice after
/// slice, without drawing (`PDFMerger`).
///
/// Painting the same laid-out pages twice is what keeps printed equal to archived (the tests
/// compare every page's pixels and text) and costs a paint, not a layout: laying each
/// document out again for the print file cost a license 0.46 ms and a mixed document 1.2 ms,
/// up to 60 % of the batch.
///
/// A slice of long documents is split into parts of about 8 MiB per group, written to
/// temporary files: memory stays bounded whatever the documents' length.
///
/// Not `Sendable`: it lives on one worker for one slice, like the Pango state it paints.
final class PrintSection {
    /// A part of a group's pages of the slice, drawn: its PDF file (temporary, in the print
    /// files' folder) and the documents in it.
    struct Drawn: Sendable {
        var file: String
        var documents: [Placed]
    }

    /// A document's pages in a section: `pages` from `first` (blank duplex pages included).
    struct Placed: Sendable {
        var index: Int
        var outline: String
        var first: Int
        var pages: Int
    }

    /// A part being written: Cairo streams it to a file, so a slice of long documents never
    /// sits in memory.
    private struct Open {
        var file: String
        var descriptor: Int32
        var sink: FileSink
        var written: Counter
        var writer: PDFWriter
        var documents: [Placed] = []
    }

    /// What a part's writer has written, and whether writing failed.
    private final class Counter {
        var bytes = 0
        var failure: QujatError?
    }

    /// Bytes after which a group's part is finished and the next begins (the merge thread
    /// reads a part whole: this bounds its memory, a document past it aside).
    static let partBytes = 8 << 20

    private let duplex: Bool
    private let folder: String
    private let name: String
    private let partBytes: Int
    private var parts = 0
    private var groups: [String: Open] = [:]
    /// Finished parts, in order, by group.
    private var done: [String: [Drawn]] = [:]
    private(set) var fault: QujatError?

    /// - Parameters:
    ///   - folder: where the parts are written (the print files' folder).
    ///   - name: what sets this section's part files apart (the slice's number).
    init(duplex: Bool, folder: String, name: String, partBytes: Int = PrintSection.partBytes) {
        self.duplex = duplex
        self.folder = folder
        self.name = name
        self.partBytes = partBytes
    }

    deinit { discard() }

    /// Paints a document's pages into its group's section (a failure is kept for `finish`);
    /// `name` gives it its bookmark.
    func add(_ pages: LaidDocument, group: String, index: Int) {
        guard fault == nil else { return }
        do throws(QujatError) {
            if let open = groups[group], open.written.bytes >= partBytes { try close(group) }
            if groups[group] == nil { try start(group) }
            let first = groups[group]!.writer.pageCount
            do throws(RenderError) {
                try groups[group]!.writer.add(pages, outline: nil, padToEven: duplex)
            } catch {
                throw .render(error)
            }
            if let failure = groups[group]!.written.failure { throw failure }
            groups[group]!.documents.append(Placed(index: index, outline: "", first: first,
                                                   pages: groups[group]!.writer.pageCount - first))
        } catch {
            fault = error
        }
    }

    private func start(_ group: String) throws(QujatError) {
        parts += 1
        let file = (folder as NSString).appendingPathComponent(".section-\(name)-\(parts).\(getpid()).tmp")
        let descriptor = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw AtomicFile.failure(file) }
        let sink = FileSink(descriptor: descriptor, path: file), written = Counter()
        // Every line drawn as text, as in the documents' own files: a line painted from a
        // form XObject (`RepeatedLines`) rasterizes a few edge pixels differently (by up to a
        // quarter of black at 100 dpi), and the print pages must equal the archived ones.
        let writer = PDFWriter(metadata: Metadata(title: group, author: "", creator: QujatVersion.creator),
                               reusesRepeatedLines: false, writeBytes: { bytes in
            written.bytes += bytes.count
            do throws(QujatError) { try sink.write(bytes) } catch { if written.failure == nil { written.failure = error } }
        })
        groups[group] = Open(file: file, descriptor: descriptor, sink: sink, written: written, writer: writer)
    }

    /// Finishes a group's open part (one with no documents left is removed).
    private func close(_ group: String) throws(QujatError) {
        guard let open = groups.removeValue(forKey: group) else { return }
        defer { Foundation.close(open.descriptor) }
        guard !open.documents.isEmpty else {  // (all its documents dropped)
            try? open.writer.finish()
            unlink(open.file)
            return
        }
        done[group, default: []].append(Drawn(file: open.file, documents: open.documents))
        do throws(RenderError) {
            try open.writer.finish()
        } catch {
            throw .render(error)
        }
        try open.sink.flush()
        if let failure = open.written.failure { throw failure }
    }

    /// The bookmark title of a painted document (in its group's open part: a part is only
    /// finished before the next document is added).
    func name(index: Int, outline: String) {
        for group in groups.keys {
            if let at = groups[group]!.documents.lastIndex(where: { $0.index == index }) { groups[group]!.documents[at].outline = outline }
        }
    }

    /// Leaves a painted document out (it failed after it was laid out: its signature).
    func drop(index: Int) {
        for group in groups.keys { groups[group]!.documents.removeAll { $0.index == index } }
    }

    /// The slice's parts, finished, in order by group; throws what went wrong while painting
    /// (and removes the parts).
    func finish() throws(QujatError) -> [String: [Drawn]] {
        do throws(QujatError) {
            if let fault { throw fault }
            for group in groups.keys.sorted() { try close(group) }
        } catch {
            discard()
            throw error
        }
        let finished = done
        done.removeAll()
        return finished
    }

    /// Removes every part file (the slice failed, or was never handed over).
    private func discard() {
        for group in Array(groups.keys) {
            if let open = groups.removeValue(forKey: group) {
                try? open.writer.finish()  // (into a file about to go)
                Foundation.close(open.descriptor)
                unlink(open.file)
            }
        }
        for part in done.values.joined() { unlink(part.file) }
        done.removeAll()
    }
}
