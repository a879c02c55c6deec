import CQujatShims
import Foundation
import Qujat
import QujatSign
import QujatLayout
import QujatPDF
import QujatCase
import QujatDocument

/// One run of a batch, in named steps that `BatchRunner.run` takes in order:
///
/// 1. `start`: the output folder, its lock, the journal an earlier run left (to resume), the
///    manifest's documents, the merge thread;
/// 2. `dispatch`: each document to a worker, or, when the journal has it, straight to commit;
/// 3. `collect`: the workers' results, committed in manifest order, then `errors.jsonl`;
/// 4. `merge`: the print files finished (and printed);
/// 5. `finish`: `summary.json`.
///
/// `close` comes last whatever happened, and also when a step throws: it stops the merge
/// thread, closes the descriptors and releases the folder.
///
/// Lives on one thread, the caller's; the workers hand results back through `mailbox`.
final class BatchCoordinator {
    typealias Outcome = BatchRunner.Outcome

    private let runner: BatchRunner
    private let options: BatchOptions
    private let manifest: Manifest
    private let progress: (BatchProgress) -> Void
    /// A stop asked for besides `options.stop` (a cancelled task's).
    private let cancel: BatchStop?
    private let started: ContinuousClock.Instant

    // What `start` opened; `close` lets go of it.
    private var lock: FolderLock?
    private let journal: BatchJournal
    private let resources: Fingerprint
    private let inputs: [ManifestInput]
    /// The manifest, open for reading its lines (-1 for a folder).
    private var descriptor: Int32
    /// The output folder, open for `syncfs`.
    private var folderDescriptor: Int32
    /// Builds the print files while documents render (nil without `merge`).
    private let stream: MergeStream?
    /// Documents a worker renders in one go: with `merge`, they are painted into one print
    /// section per group (see `PrintSection`); without, one.
    private let sliceSize: Int
    /// Slices handed to the workers so far.
    private var slices = 0
    /// Merge slices handed to workers whose job has not ended yet (it ends after its sections
    /// are handed to the stream, or removed): `close` waits for them, so no part file is
    /// written or left behind once the batch has returned.
    private var slicesOut = 0
    private let slicesEnded = Mailbox<Int>()
    /// The stream was finished (by `merge`) or abandoned (by `close`).
    private var streamDone = false

    // What the summary and the progress reports count.
    private var summary: BatchSummary
    private var state: BatchProgress
    private var failures: [BatchFailure] = []
    private var tally: GroupTally
    /// The manifest line of each id committed so far (0 for a folder's file): a second is a failure.
    private var ids: [String: Int] = [:]
    /// The key of each document on a worker, until it is committed.
    private var keys: [Int: String] = [:]

    // Dispatching and collecting.
    private let mailbox = Mailbox<(Int, Outcome)>()
    /// Results that came back before an earlier document's.
    private var waiting: [Int: Outcome] = [:]
    /// The next document to commit.
    private var next = 0
    private var inFlight = 0
    private let window: Int
    /// The document dispatching stopped before (`inputs.count` unless asked to stop).
    private var end: Int

    // The group commit (see `flush`).
    private var pending: [(temporary: String, record: BatchJournal.Document, index: Int)] = []
    private var lastFlush: ContinuousClock.Instant
    private var fault: QujatError?

    /// Step 1: takes the output folder and reads what an earlier run left there.
    static func start(_ runner: BatchRunner, manifest: Manifest, cancel: BatchStop?,
                      progress: @escaping (BatchProgress) -> Void) throws(QujatError) -> BatchCoordinator {
        let started = runner.now()
        let output = runner.options.output
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(output): \(error.localizedDescription)")
        }
        let lock = try FolderLock(folder: output)
        AtomicFile.removeLeftovers(in: output)
        let journal = try BatchJournal(folder: output)
        var resources = Fingerprint.resources(templates: runner.templatesDirectory, fonts: runner.fontsDirectory)
        if let key = runner.options.signingKey {
            // Signed files are finished only for the same certificate and signing time.
            resources.add(key.certificate.der)
            resources.add(runner.options.signingTime.map { "\($0.timeIntervalSince1970)" } ?? "case-or-now")
        }
        let inputs = try manifest.inputs()
        var mergeFolder: String?
        if runner.options.merge {
            let folder = (output as NSString).appendingPathComponent("merged")
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .io("cannot create \(folder): \(error.localizedDescription)")
            }
            AtomicFile.removeLeftovers(in: folder)
            mergeFolder = folder
        }
        // Nothing throws after this: what the coordinator opens, its `close` closes.
        return BatchCoordinator(runner: runner, manifest: manifest, cancel: cancel, progress: progress, started: started,
                                lock: lock, journal: journal, resources: resources, inputs: inputs, mergeFolder: mergeFolder)
    }

    private init(runner: BatchRunner, manifest: Manifest, cancel: BatchStop?, progress: @escaping (BatchProgress) -> Void,
                 started: ContinuousClock.Instant, lock: FolderLock, journal: BatchJournal, resources: Fingerprint,
                 inputs: [ManifestInput], mergeFolder: String?) {
        self.runner = runner
        self.options = runner.options
        self.manifest = manifest
        self.cancel = cancel
        self.progress = progress
        self.started = started
        self.lock = lock
        self.journal = journal
        self.resources = resources
        self.inputs = inputs
        descriptor = manifest.isFolder ? -1 : open(manifest.path, O_RDONLY | O_CLOEXEC)
        folderDescriptor = open(options.output, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        // Print files are built while documents render (see MergeStream).
        stream = mergeFolder.map { MergeStream(folder: $0, threadName: runner.options.mergeThreadName) }
        sliceSize = mergeFolder == nil ? 1 : runner.options.sliceSize ?? Self.sliceSize(documents: inputs.count)
        summary = BatchSummary(manifest: manifest.path)
        summary.total = inputs.count
        summary.jobs = runner.pool.workers
        summary.merge = options.merge
        summary.duplex = options.duplex
        summary.printer = options.printer
        state = BatchProgress(total: inputs.count, done: 0, failed: 0, resumed: 0, elapsed: .zero)
        tally = GroupTally(duplex: options.duplex)
        // Room for every worker's slice and one more waiting, so no worker waits for work.
        window = max(runner.pool.workers * 16, (runner.pool.workers + 1) * sliceSize)
        end = inputs.count
        lastFlush = runner.now()
    }

    /// The documents of a slice when merging: an eighth of the batch, so that up to four
    /// workers share its end evenly, and at most 1 000 (each slice adds its own font subsets
    /// to a print file: ten slices for 10 000 licenses). It does not depend on the number of
    /// workers, so neither do the print files' bytes.
    static func sliceSize(documents: Int) -> Int {
        min(1000, max(1, (documents + 7) / 8))
    }

    /// Last, whatever happened: a batch that throws leaves no merge thread behind, no
    /// half-written print file, no open descriptor, and its folder free for the next batch.
    func close() {
        while slicesOut > 0 { slicesOut -= slicesEnded.take(atLeast: 1).count }
        if !streamDone {
            streamDone = true
            stream?.abandon()
        }
        if folderDescriptor >= 0 { Foundation.close(folderDescriptor) }
        if descriptor >= 0 { Foundation.close(descriptor) }
        folderDescriptor = -1
        descriptor = -1
        lock = nil
    }

    /// Step 2: hands the documents to the workers a slice at a time, except those the run
    /// this one resumes rendered (they are committed in their turn; with `merge`, a worker
    /// still lays them out again for the print file). Commits results as they come back, so
    /// at most `window` are out at once.
    func dispatch() throws(QujatError) {
        var slice: [SliceItem] = []
        for input in inputs {
            if options.stop?.isRequested == true || cancel?.isRequested == true {
                end = min(end, input.index)  // (a worker may have stopped a slice earlier)
                break
            }
            let text = manifest.text(of: input, descriptor: descriptor)
            var key = resources
            key.add(text)
            if let record = journal.documents[input.index], record.key == key.hex, fileSize(path(of: record.id)) == record.size {
                waiting[input.index] = .resumed(record)
                if stream != nil { slice.append(SliceItem(input: input, text: text, resumed: record)) }
            } else {
                keys[input.index] = key.hex // until the document is committed
                slice.append(SliceItem(input: input, text: text, resumed: nil))
            }
            if slice.count >= sliceSize {
                try submit(slice)
                slice.removeAll()
            }
        }
        if !slice.isEmpty { try submit(slice) }
    }

    /// Step 3: waits for the last results and commits them; then `errors.jsonl`.
    func collect() throws(QujatError) {
        while next < end {
            guard inFlight > 0 || waiting[next] != nil else {
                throw .internalError("document \(next + 1) of the batch was neither rendered nor resumed")
            }
            receive()
        }
        // A stopped batch: the slices' documents after the stop, rendered or skipped, are not
        // committed (the rerun renders them).
        while inFlight > 0 { receive() }
        for case .rendered(_, _, _, _, let temporary, _, _) in waiting.values { unlink(temporary) }
        waiting.removeAll()
        if let fault { throw fault }
        flush()
        if let fault { throw fault }
        journal.sync()
        AtomicFile.syncFolder(options.output)
        if end < inputs.count {
            throw .unavailable("the batch was stopped after \(end) of \(inputs.count) documents; run it again to finish")
        }
        summary.failed = failures.count
        try AtomicFile.write(BatchJSON.lines(failures.map(FailureRecord.init)),
                             to: (options.output as NSString).appendingPathComponent("errors.jsonl"), durable: true)
    }

    /// Step 4: the groups for the summary; with `merge`, their print files finished (the
    /// merge thread is done when this returns or throws) and sent to the printer.
    func merge() throws(QujatError) {
        guard let stream else {
            summary.groups = tally.order.map {
                BatchSummary.Group(name: $0, documents: tally.entries[$0]!.documents, pages: tally.entries[$0]!.pages)
            }
            return
        }
        streamDone = true
        let pages = try stream.finish(slices: slices)
        summary.groups = tally.order.map { name in
            let entry = tally.entries[name]!
            var group = BatchSummary.Group(name: name, documents: entry.documents, pages: pages[name] ?? 0,
                                           file: "merged/\(name).pdf")
            group.contentKey = entry.key.hex
            return group
        }
        if let printer = options.printer {
            try PrintQueue(name: printer, duplex: options.duplex, options: options.printOptions)
                .printAll(&summary.groups, folder: options.output, journal: journal)
        }
    }

    /// Step 5: `summary.json`. Its seconds come from one reading of the clock.
    func finish() throws(QujatError) -> BatchSummary {
        summary.seconds = (runner.now() - started).inSeconds
        try AtomicFile.write(summary.json, to: (options.output as NSString).appendingPathComponent("summary.json"), durable: true)
        return summary
    }

    // MARK: Dispatching

    private func submit(_ slice: [SliceItem]) throws(QujatError) {
        let rendered = slice.count { $0.resumed == nil }
        while inFlight > 0 && inFlight + rendered > window { receive() }
        inFlight += rendered
        let job = SliceJob(items: slice, number: slices, base: manifest.allowsCaseFiles ? manifest.base : nil,
                           folder: options.output, mailbox: mailbox, stream: stream, ended: slicesEnded,
                           duplex: options.duplex, partBytes: options.partBytes, signer: options.signingKey,
                           signing: options.signingKey.map { Renderer.Signing(key: $0, time: options.signingTime) },
                           stops: [options.stop, cancel].compactMap { $0 })
        if stream != nil { slices += 1 }
        guard runner.pool.submitBlocking({ renderer in job.run(renderer) }) else {
            throw .unavailable("the render pool was shut down")
        }
        if stream != nil { slicesOut += 1 }
    }

    // MARK: Collecting

    /// Takes finished documents a group at a time (see `BatchRunner.wakeBatch`) and commits
    /// those whose turn it is.
    private func receive() {
        // Nothing out: what is next was resumed, and is waiting already.
        for (index, outcome) in inFlight == 0 ? [] : mailbox.take(atLeast: min(BatchRunner.wakeBatch, inFlight)) {
            inFlight -= 1
            waiting[index] = outcome
        }
        while next < end, let ready = waiting.removeValue(forKey: next) {
            if case .skipped = ready {
                end = next  // the batch was asked to stop; nothing after this is committed
                break
            }
            commit(next, ready)
            next += 1
        }
    }

    /// Commits an outcome, in manifest order: duplicate ids, the tallies, the print file; the
    /// rename and the journal line follow with the next `flush`.
    private func commit(_ index: Int, _ outcome: Outcome) {
        let line = inputs[index].line
        switch outcome {
        case .rendered(let id, let group, let title, let info, let temporary, let size, let signed):
            let key = keys.removeValue(forKey: index)!
            let first = ids[id]
            stream?.commit(index: index, printed: first == nil)
            if let first {
                unlink(temporary)
                failures.append(BatchFailure(id: id, line: line, issues: [CaseIssue(path: "id", rule: "duplicates the id of \(first == 0 ? "an earlier file" : "line \(first)")")]))
                state.failed += 1
            } else {
                ids[id] = line
                pending.append((temporary, BatchJournal.Document(key: key, id: id, group: group, title: title, info: info,
                                                                 size: size, signed: signed), index))
                tally.add(group: group ?? "all", id: id, pages: info.pages)
                summary.rendered += 1
                summary.pages += info.pages
            }
        case .resumed(let record):
            let first = ids[record.id]
            stream?.commit(index: index, printed: first == nil)
            if let first {
                failures.append(BatchFailure(id: record.id, line: line, issues: [CaseIssue(path: "id", rule: "duplicates the id of line \(first)")]))
                state.failed += 1
            } else {
                ids[record.id] = line
                tally.add(group: record.group ?? "all", id: record.id, pages: record.info.pages)
                summary.resumed += 1
                state.resumed += 1
                summary.pages += record.info.pages
            }
        case .skipped:
            preconditionFailure("a skipped document is not committed")
        case .failed(let failure):
            keys.removeValue(forKey: index)
            failures.append(failure)
            state.failed += 1
        }
        state.done += 1
        if pending.count >= 64 || runner.now() - lastFlush > .milliseconds(250) { flush() }
        report()
    }

    /// Group commit: one syncfs for many files, then the renames and journal lines. A worker
    /// never waits for the disk, and no file gets its final name before its bytes are on disk.
    private func flush() {
        lastFlush = runner.now()
        guard !pending.isEmpty, fault == nil else { return }
        if folderDescriptor >= 0 { qujat_syncfs(folderDescriptor) }
        for (temporary, record, index) in pending {
            guard rename(temporary, path(of: record.id)) == 0 else {
                fault = .io("cannot write \(path(of: record.id)): \(String(cString: strerror(errno)))")
                unlink(temporary)
                continue
            }
            journal.recordDocument(index: index, record)
        }
        journal.write()
        pending.removeAll(keepingCapacity: true)
    }

    private func report() {
        state.elapsed = runner.now() - started
        progress(state)
    }

    private func path(of id: String) -> String {
        (options.output as NSString).appendingPathComponent("\(id).pdf")
    }
}
