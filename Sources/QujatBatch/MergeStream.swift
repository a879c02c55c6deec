import Foundation
import Qujat
import QujatLayout
import QujatPDF

/// Builds every group's print file while the batch renders. The workers paint each slice's
/// documents into sections, one per group (`PrintSection`); the coordinator says, in manifest
/// order, which documents belong in the print files (a duplicated id does not); and one thread
/// of this stream's own joins the sections, slice after slice, into each group's file
/// (`PDFMerger`: bytes only, the pages of documents left out are not copied).
///
/// The files are written under temporary names and renamed into place by `finish`, after an
/// fsync; a batch killed before that leaves no merged file, and the rerun builds them again
/// (the documents it resumes are laid out again from their manifest lines).
///
/// Why an `NSCondition` (and `@unchecked Sendable`, its state being guarded by it) rather
/// than a `Mutex`: the merge thread waits for sections and verdicts, and `finish` for the
/// thread, and a mutex cannot wait. No task of the cooperative pool ever waits here: the
/// coordinator and the workers are threads of their own.
final class MergeStream: @unchecked Sendable {
    private struct Output {
        var file: String
        var temporary: String
        var descriptor: Int32
        var sink: FileSink
        var merger: PDFMerger
    }

    private let folder: String
    private let condition = NSCondition()
    /// Slices drawn, by number, until the merge thread takes them in order.
    private var drawn: [Int: [String: [PrintSection.Drawn]]] = [:]
    /// The coordinator's verdicts: does the document at this index go into its print file?
    private var verdicts: [Int: Bool] = [:]
    /// The next slice to join; the number of slices, once all are cut.
    private var next = 0
    private var total: Int?
    private var finished = false
    private var fault: QujatError?
    private var outputs: [String: Output] = [:]
    private var results: [String: Int] = [:]

    init(folder: String, threadName: String = "qujat-merge") {
        self.folder = folder
        let thread = Thread { [self] in
            // Named from inside: Foundation on Linux names the OS thread (`/proc/…/comm`,
            // `top -H`, the tests) only for the current thread.
            Thread.current.name = threadName
            run()
        }
        thread.start()
    }

    /// The stream failed or was abandoned: slices still to draw need not be.
    var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return fault != nil || finished
    }

    /// A slice's sections, each group's parts in order (none when it printed nothing); every
    /// slice is added once, or `fail`. The stream removes the parts' files.
    func add(slice: Int, _ sections: [String: [PrintSection.Drawn]]) {
        condition.lock()
        let taken = fault == nil && !finished
        if taken { drawn[slice] = sections }
        condition.broadcast()
        condition.unlock()
        if !taken { Self.remove(sections) }
    }

    private static func remove(_ sections: [String: [PrintSection.Drawn]]) {
        for part in sections.values.joined() { unlink(part.file) }
    }

    /// Whether the document at `index` (painted into a section) goes into its print file.
    func commit(index: Int, printed: Bool) {
        condition.lock()
        if fault == nil && !finished { verdicts[index] = printed }
        condition.broadcast()
        condition.unlock()
    }

    /// Finishes every group's file once its `slices` have arrived: trailer, fsync, rename.
    /// Returns the pages of each group's file.
    func finish(slices: Int) throws(QujatError) -> [String: Int] {
        condition.lock()
        total = slices
        condition.broadcast()
        while !finished { condition.wait() }
        let fault = self.fault, results = self.results
        condition.unlock()
        if let fault { throw fault }
        return results
    }

    /// Stops merging and removes the unfinished print files (the batch stopped or failed).
    func abandon() {
        fail(.unavailable("the print files were abandoned"))
        _ = try? finish(slices: 0)
    }

    func fail(_ error: QujatError) {
        condition.lock()
        if fault == nil { fault = error }
        condition.broadcast()
        condition.unlock()
    }

    /// The next slice, when it and the verdicts on its documents are in (lock held).
    private func ready() -> [String: [PrintSection.Drawn]]? {
        guard let sections = drawn[next] else { return nil }
        for section in sections.values.joined() {
            for document in section.documents where verdicts[document.index] == nil { return nil }
        }
        return sections
    }

    private func run() {
        while true {
            condition.lock()
            var sections = ready()
            while sections == nil && fault == nil && next < (total ?? Int.max) {
                condition.wait()
                sections = ready()
            }
            guard fault == nil, let sections else {
                condition.unlock()
                break
            }
            drawn[next] = nil
            next += 1
            var printed: [Int: Bool] = [:]
            for section in sections.values.joined() {
                for document in section.documents { printed[document.index] = verdicts.removeValue(forKey: document.index) }
            }
            condition.unlock()
            do throws(QujatError) {
                // Groups in the order of their first document in the slice; a group's parts in order.
                for (group, parts) in sections.sorted(by: { ($0.value.first?.documents.first?.index ?? 0) < ($1.value.first?.documents.first?.index ?? 0) }) {
                    for part in parts { try append(part, group: group, printed: printed) }
                }
            } catch {
                fail(error)
            }
            Self.remove(sections)
        }
        condition.lock()
        let failed = fault != nil
        condition.unlock()
        if failed {
            discard()
        } else {
            do throws(QujatError) {
                try close()
            } catch {
                fail(error)
                discard()
            }
        }
        condition.lock()
        finished = true
        for sections in drawn.values { Self.remove(sections) }
        drawn.removeAll()
        verdicts.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    private func append(_ section: PrintSection.Drawn, group: String, printed: [Int: Bool]) throws(QujatError) {
        let kept = section.documents.filter { printed[$0.index] == true }
        guard !kept.isEmpty else { return }
        if outputs[group] == nil {
            let file = (folder as NSString).appendingPathComponent("\(group).pdf")
            let temporary = (folder as NSString).appendingPathComponent(".\(group).pdf.\(getpid()).tmp")
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw AtomicFile.failure(temporary) }
            let sink = FileSink(descriptor: descriptor, path: temporary)
            let merger = PDFMerger { [unowned self] bytes in
                do throws(QujatError) { try sink.write(bytes) } catch { fail(error) }
            }
            outputs[group] = Output(file: file, temporary: temporary, descriptor: descriptor, sink: sink, merger: merger)
        }
        // Each kept document's pages, and its bookmark at its first page among them.
        var pages: [Int]?
        var outline: [(title: String, page: Int)] = []
        if kept.count == section.documents.count {
            outline = kept.map { ($0.outline, $0.first) }
        } else {
            var taken: [Int] = []
            for document in kept {
                outline.append((document.outline, taken.count))
                taken += document.first..<(document.first + document.pages)
            }
            pages = taken
        }
        guard let pdf = readFile(section.file) else { throw .io("cannot read \(section.file): \(String(cString: strerror(errno)))") }
        do throws(RenderError) {
            try outputs[group]!.merger.add(pdf, outline: outline, keeping: pages)
        } catch {
            throw .render(error)
        }
    }

    /// Closes and removes every temporary print file (those already renamed stay).
    private func discard() {
        for output in outputs.values where access(output.temporary, F_OK) == 0 {
            if output.descriptor >= 0 { Foundation.close(output.descriptor) }
            unlink(output.temporary)
        }
        outputs.removeAll()
    }

    private func close() throws(QujatError) {
        for group in outputs.keys.sorted() {
            guard let output = outputs[group] else { continue }
            output.merger.finish(title: group, creator: QujatVersion.creator)
            try output.sink.flush()
            guard fsync(output.descriptor) == 0 else { throw AtomicFile.failure(output.temporary) }
            Foundation.close(output.descriptor)
            outputs[group]?.descriptor = -1  // closed: `discard` must not close the number again
            guard rename(output.temporary, output.file) == 0 else { throw AtomicFile.failure(output.file) }
            results[group] = output.merger.pageCount
        }
        AtomicFile.syncFolder(folder)
    }
}
