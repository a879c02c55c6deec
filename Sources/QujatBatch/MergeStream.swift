import Foundation
import Qujat
import QujatLayout
import QujatPDF

/// Builds every group's print file while the batch renders: the coordinator hands over each
/// document, in manifest order, as soon as it is committed, and one thread of its own appends
/// it to its group's `PDFMerger`. So merging overlaps rendering instead of following it (for
/// one big group that was a serial tail of 2 s per 10 000 licenses).
///
/// The files are written under temporary names and renamed into place by `finish`, after an
/// fsync; a batch killed before that leaves no merged file, and the rerun builds them again.
///
/// Why an `NSCondition` (and `@unchecked Sendable`, its state being guarded by it) rather
/// than a `Mutex`: all three waits here block a plain thread until another thread changes
/// the state (the coordinator while the queue is full, the merge thread until a batch of
/// documents or the close arrives, `finish` until the thread is done), and a mutex cannot
/// wait. No task of the cooperative pool ever waits here: the coordinator runs on the
/// caller's thread (or a thread of its own, `BatchRunner.render`).
final class MergeStream: @unchecked Sendable {
    struct Item {
        var group: String
        var pdf: [UInt8]
        var outline: String
        var padding: Set<Int>
    }

    struct Output {
        var file: String
        var temporary: String
        var descriptor: Int32
        var sink: FileSink
        var merger: PDFMerger
    }

    private let folder: String
    private let condition = NSCondition()
    private var queue: [Item] = []
    private var closed = false
    private var finished = false
    private var fault: QujatError?
    /// Groups in the order of their first document.
    private var order: [String] = []
    private var outputs: [String: Output] = [:]
    private var results: [String: Int] = [:]
    private static let queueLimit = 64
    /// Documents the merge thread waits for before it wakes (unless the batch is closing): a
    /// wake-up per document preempted a worker each time (see `BatchRunner.wakeBatch`).
    private static let wakeBatch = 16

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

    /// Queues a document for its group's file; waits while the merge thread is behind.
    func add(_ item: Item) {
        condition.lock()
        while queue.count >= Self.queueLimit && fault == nil { condition.wait() }
        queue.append(item)
        if queue.count >= Self.wakeBatch { condition.broadcast() }
        condition.unlock()
    }

    /// Finishes every group's file: trailer, fsync, rename. Returns the pages of each group's file.
    func finish() throws(QujatError) -> [String: Int] {
        condition.lock()
        closed = true
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
        _ = try? finish()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.count < Self.wakeBatch && !closed { condition.wait() }
            if queue.isEmpty && closed {
                condition.unlock()
                break
            }
            let items = queue
            queue.removeAll(keepingCapacity: true)
            condition.broadcast()
            let failed = fault != nil
            condition.unlock()
            guard !failed else { continue }
            do throws(QujatError) {
                for item in items { try append(item) }
            } catch {
                fail(error)
            }
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
        condition.broadcast()
        condition.unlock()
    }

    private func fail(_ error: QujatError) {
        condition.lock()
        if fault == nil { fault = error }
        condition.broadcast()
        condition.unlock()
    }

    private func append(_ item: Item) throws(QujatError) {
        if outputs[item.group] == nil {
            let file = (folder as NSString).appendingPathComponent("\(item.group).pdf")
            let temporary = (folder as NSString).appendingPathComponent(".\(item.group).pdf.\(getpid()).tmp")
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw AtomicFile.failure(temporary) }
            let sink = FileSink(descriptor: descriptor, path: temporary)
            let merger = PDFMerger { [unowned self] bytes in
                do throws(QujatError) { try sink.write(bytes) } catch { fail(error) }
            }
            outputs[item.group] = Output(file: file, temporary: temporary, descriptor: descriptor, sink: sink, merger: merger)
            order.append(item.group)
        }
        let merger = outputs[item.group]!.merger
        do throws(RenderError) {
            try merger.add(item.pdf, outline: item.outline, padding: item.padding)
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
        for group in order {
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
