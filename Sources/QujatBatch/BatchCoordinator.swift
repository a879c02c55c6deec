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
        summary = BatchSummary(manifest: manifest.path)
        summary.total = inputs.count
        summary.jobs = runner.pool.workers
        summary.merge = options.merge
        summary.duplex = options.duplex
        summary.printer = options.printer
        state = BatchProgress(total: inputs.count, done: 0, failed: 0, resumed: 0, elapsed: .zero)
        tally = GroupTally(duplex: options.duplex)
        window = runner.pool.workers * 16
        end = inputs.count
        lastFlush = runner.now()
    }

    /// Last, whatever happened: a batch that throws leaves no merge thread behind, no
    /// half-written print file, no open descriptor, and its folder free for the next batch.
    func close() {
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

    /// Step 2: hands each document to a worker, unless the run this one resumes rendered it;
    /// commits results as they come back, so at most `window` are out at once.
    func dispatch() throws(QujatError) {
        for input in inputs {
            if options.stop?.isRequested == true || cancel?.isRequested == true {
                end = input.index
                break
            }
            let text = manifest.text(of: input, descriptor: descriptor)
            var key = resources
            key.add(text)
            if let record = journal.documents[input.index], record.key == key.hex, fileSize(path(of: record.id)) == record.size {
                resume(input, record)
            } else {
                try submit(input, text: text, key: key.hex)
            }
        }
    }

    /// Step 3: waits for the last results and commits them; then `errors.jsonl`.
    func collect() throws(QujatError) {
        while next < end { receive() }
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
        let pages = try stream.finish()
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

    /// A document the run this one resumes rendered: counted and fed to its print file as is.
    private func resume(_ input: ManifestInput, _ record: BatchJournal.Document) {
        while next < input.index { receive() }
        if let first = ids[record.id] {
            failures.append(BatchFailure(id: record.id, line: input.line, issues: [CaseIssue(path: "id", rule: "duplicates the id of line \(first)")]))
            state.failed += 1
        } else {
            ids[record.id] = input.line
            tally.add(group: record.group ?? "all", id: record.id, pages: record.info.pages)
            if stream != nil, let file = readFile(path(of: record.id)) {
                // A signed file goes into the print file as it was before it was signed.
                let pdf = options.signingKey == nil ? file : PDFSignature.unsigned(file) ?? file
                feed(record.group ?? "all", id: record.id, title: record.title, info: record.info, pdf: pdf)
            }
            summary.resumed += 1
            state.resumed += 1
            summary.pages += record.info.pages
        }
        state.done += 1
        next += 1
        report()
    }

    private func submit(_ input: ManifestInput, text: [UInt8], key: String) throws(QujatError) {
        keys[input.index] = key // until the document is committed
        while inFlight >= window { receive() }
        inFlight += 1
        let base = manifest.allowsCaseFiles ? manifest.base : nil, folder = options.output, mailbox = mailbox
        let signing = options.signingKey.map { Renderer.Signing(key: $0, time: options.signingTime) }
        let accepted = runner.pool.submitBlocking { renderer in
            mailbox.put((input.index, BatchRunner.renderDocument(input, text: text, base: base, folder: folder,
                                                                 signing: signing, renderer: renderer)))
        }
        guard accepted else { throw .unavailable("the render pool was shut down") }
    }

    // MARK: Collecting

    /// Takes finished documents a group at a time (see `BatchRunner.wakeBatch`) and commits
    /// those whose turn it is.
    private func receive() {
        for (index, outcome) in mailbox.take(atLeast: min(BatchRunner.wakeBatch, inFlight)) {
            inFlight -= 1
            waiting[index] = outcome
        }
        while let ready = waiting.removeValue(forKey: next) {
            commit(next, ready)
            next += 1
        }
    }

    /// Commits an outcome, in manifest order: duplicate ids, the tallies, the print file; the
    /// rename and the journal line follow with the next `flush`.
    private func commit(_ index: Int, _ outcome: Outcome) {
        let line = inputs[index].line
        let key = keys.removeValue(forKey: index)!
        switch outcome {
        case .rendered(let id, let group, let title, let info, let temporary, let size, let pdf):
            if let first = ids[id] {
                unlink(temporary)
                failures.append(BatchFailure(id: id, line: line, issues: [CaseIssue(path: "id", rule: "duplicates the id of \(first == 0 ? "an earlier file" : "line \(first)")")]))
                state.failed += 1
            } else {
                ids[id] = line
                pending.append((temporary, BatchJournal.Document(key: key, id: id, group: group, title: title, info: info, size: size), index))
                feed(group ?? "all", id: id, title: title, info: info, pdf: pdf)
                tally.add(group: group ?? "all", id: id, pages: info.pages)
                summary.rendered += 1
                summary.pages += info.pages
            }
        case .failed(let failure):
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

    private func feed(_ group: String, id: String, title: String, info: PageInfo, pdf: [UInt8]) {
        stream?.add(MergeStream.Item(group: group, pdf: pdf, outline: "\(id) — \(title)",
                                     padding: options.duplex ? info.duplexPadding() : []))
    }

    private func report() {
        state.elapsed = runner.now() - started
        progress(state)
    }

    private func path(of id: String) -> String {
        (options.output as NSString).appendingPathComponent("\(id).pdf")
    }
}

extension Duration {
    /// The duration in seconds, from one reading of its components.
    var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
