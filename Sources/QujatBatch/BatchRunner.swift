import CQujatShims
import Foundation
import Qujat
import QujatRender
import QujatTemplates

/// What a batch writes and how.
public struct BatchOptions: Sendable {
    /// Output folder: `<id>.pdf`, `errors.jsonl`, `summary.json`, `merged/`.
    public var output: String
    /// Also write one print file per group, `merged/<group>.pdf` (`all.pdf` without groups).
    public var merge = false
    /// Blank back pages so that each document (and each copy) starts on a new sheet.
    public var duplex = false
    /// Send each group's print file to this CUPS queue (implies `merge`).
    public var printer: String?
    /// Extra `lp -o` options for the printer (`media=A4`, …).
    public var printOptions: [String] = []
    /// Asked to stop (a server's SIGTERM): the batch renders nothing more, commits what its
    /// workers finish, and throws ``QujatError/unavailable(_:)``; running it again resumes.
    public var stop: BatchStop?

    public init(output: String, merge: Bool = false, duplex: Bool = false, printer: String? = nil) {
        self.output = output
        self.merge = merge || printer != nil
        self.duplex = duplex
        self.printer = printer
    }
}

/// Renders a manifest's documents on a `RenderPool`: each to its own PDF, then (optionally)
/// one print file per group, then (optionally) to a printer. Runs on the calling thread,
/// which it blocks; the pool's workers do the rendering.
///
/// The output does not depend on the number of workers, and a run that was killed at any
/// moment is finished by running it again (see `BatchJournal`).
public struct BatchRunner {
    public let pool: RenderPool
    public let options: BatchOptions
    /// Templates and fonts folders, for the resume fingerprint.
    let templatesDirectory: String
    let fontsDirectory: String

    public init(pool: RenderPool, fontsDirectory: String, options: BatchOptions) {
        self.pool = pool
        self.options = options
        self.templatesDirectory = pool.templates.directory
        self.fontsDirectory = fontsDirectory
    }

    /// Finished documents the coordinator waits for before it wakes (fewer when fewer are
    /// rendering). Woken for each document, it and the merge thread preempted the workers
    /// about 18 000 times per 10 000 licenses on 2 cores; in groups, 5 000 times, and the batch
    /// took 1–3 % less time.
    static let wakeBatch = 8

    enum Outcome: Sendable {
        case rendered(id: String, group: String?, title: String, info: PageInfo, temporary: String, pdf: [UInt8])
        case failed(BatchFailure)
    }

    /// Runs the batch. `progress` is called on this thread after every document.
    /// - Throws: only for faults that stop the whole batch (unwritable output, broken
    ///   templates); a bad document is recorded in `errors.jsonl` and the batch goes on.
    public func run(_ manifest: Manifest, progress: (BatchProgress) -> Void = { _ in }) throws(QujatError) -> BatchSummary {
        let start = ContinuousClock.now
        let output = options.output
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(output): \(error.localizedDescription)")
        }
        let lock = try FolderLock(folder: output)
        defer { withExtendedLifetime(lock) {} }
        AtomicFile.removeLeftovers(in: output)
        let journal = try BatchJournal(folder: output)
        let resources = Fingerprint.resources(templates: templatesDirectory, fonts: fontsDirectory)
        let inputs = try manifest.inputs()
        let descriptor = manifest.isFolder ? -1 : open(manifest.path, O_RDONLY | O_CLOEXEC)
        defer { if descriptor >= 0 { close(descriptor) } }

        var summary = BatchSummary(manifest: manifest.path)
        summary.total = inputs.count
        summary.jobs = pool.workers
        summary.merge = options.merge
        summary.duplex = options.duplex
        summary.printer = options.printer
        var state = BatchProgress(total: inputs.count, done: 0, failed: 0, resumed: 0, elapsed: .zero)
        var failures: [BatchFailure] = []
        var tally = GroupTally(duplex: options.duplex)
        var ids: [String: Int] = [:]
        var keys: [Int: String] = [:]

        var pending: [(String, BatchJournal.Document, Int)] = []
        var lastFlush = ContinuousClock.now
        var fault: QujatError?
        let folderDescriptor = open(output, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if folderDescriptor >= 0 { close(folderDescriptor) } }
        // Print files are built while documents render (see MergeStream).
        let merging = options.merge
        var stream: MergeStream?
        if merging {
            let folder = (output as NSString).appendingPathComponent("merged")
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw .io("cannot create \(folder): \(error.localizedDescription)")
            }
            AtomicFile.removeLeftovers(in: folder)
            stream = MergeStream(folder: folder)
        }
        // A batch that throws leaves no merge thread behind and no half-written print file.
        var merged = false
        defer { if !merged { stream?.abandon() } }
        let duplex = options.duplex
        func feed(_ group: String, id: String, title: String, info: PageInfo, pdf: [UInt8]) {
            stream?.add(MergeStream.Item(group: group, pdf: pdf, outline: "\(id) — \(title)",
                                         padding: duplex ? info.duplexPadding() : []))
        }

        let mailbox = Mailbox<(Int, Outcome)>()
        var waiting: [Int: Outcome] = [:]
        var next = 0
        var inFlight = 0
        let window = pool.workers * 16

        // Commits outcomes in manifest order: renames, duplicate ids, the journal.
        func commit(_ index: Int, _ outcome: Outcome) {
            let line = inputs[index].line
            let key = keys.removeValue(forKey: index)!
            switch outcome {
            case .rendered(let id, let group, let title, let info, let temporary, let pdf):
                if let first = ids[id] {
                    unlink(temporary)
                    failures.append(BatchFailure(id: id, line: line, issues: [CaseIssue(path: "id", rule: "duplicates the id of \(first == 0 ? "an earlier file" : "line \(first)")")]))
                    state.failed += 1
                } else {
                    ids[id] = line
                    pending.append((temporary, BatchJournal.Document(key: key, id: id, group: group, title: title, info: info, size: pdf.count), index))
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
            if pending.count >= 64 || ContinuousClock.now - lastFlush > .milliseconds(250) { flush() }
            state.elapsed = ContinuousClock.now - start
            progress(state)
        }

        // Group commit: one syncfs for many files, then the renames and journal lines. A
        // worker never waits for the disk, and no file gets its final name before its bytes
        // are on disk.
        func flush() {
            lastFlush = ContinuousClock.now
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

        // Takes finished documents a group at a time (see `wakeBatch`).
        func receive() {
            for (index, outcome) in mailbox.take(atLeast: min(Self.wakeBatch, inFlight)) {
                inFlight -= 1
                waiting[index] = outcome
            }
            while let ready = waiting.removeValue(forKey: next) {
                commit(next, ready)
                next += 1
            }
        }

        var end = inputs.count
        for input in inputs {
            if options.stop?.isRequested == true {
                end = input.index
                break
            }
            let text = manifest.text(of: input, descriptor: descriptor)
            var key = resources
            key.add(text)
            if let record = journal.documents[input.index], record.key == key.hex, fileSize(path(of: record.id)) == record.size {
                // Rendered by the run this one resumes.
                while next < input.index { receive() }
                if let first = ids[record.id] {
                    failures.append(BatchFailure(id: record.id, line: input.line, issues: [CaseIssue(path: "id", rule: "duplicates the id of line \(first)")]))
                    state.failed += 1
                } else {
                    ids[record.id] = input.line
                    tally.add(group: record.group ?? "all", id: record.id, pages: record.info.pages)
                    if merging, let pdf = readFile(path(of: record.id)) {
                        feed(record.group ?? "all", id: record.id, title: record.title, info: record.info, pdf: pdf)
                    }
                    summary.resumed += 1
                    state.resumed += 1
                    summary.pages += record.info.pages
                }
                state.done += 1
                next += 1
                state.elapsed = ContinuousClock.now - start
                progress(state)
                continue
            }
            keys[input.index] = key.hex // until the document is committed
            while inFlight >= window { receive() }
            inFlight += 1
            let base = manifest.allowsCaseFiles ? manifest.base : nil, folder = output
            let accepted = pool.submitBlocking { renderer in
                mailbox.put((input.index, Self.render(input, text: text, base: base, folder: folder, renderer: renderer)))
            }
            guard accepted else { throw .unavailable("the render pool was shut down") }
        }
        while next < end { receive() }
        flush()
        if let fault { throw fault }
        journal.sync()
        AtomicFile.syncFolder(output)
        if end < inputs.count {
            throw .unavailable("the batch was stopped after \(end) of \(inputs.count) documents; run it again to finish")
        }

        summary.failed = failures.count
        try AtomicFile.write(BatchJSON.lines(failures.map(FailureRecord.init)), to: (output as NSString).appendingPathComponent("errors.jsonl"), durable: true)

        if options.merge {
            merged = true
            summary.groups = try finishMerge(stream!, tally)
            if let printer = options.printer {
                try PrintQueue(name: printer, duplex: options.duplex, options: options.printOptions)
                    .printAll(&summary.groups, folder: output, journal: journal)
            }
        } else {
            summary.groups = tally.order.map {
                BatchSummary.Group(name: $0, documents: tally.entries[$0]!.documents, pages: tally.entries[$0]!.pages)
            }
        }
        let elapsed = ContinuousClock.now - start
        summary.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        try AtomicFile.write(summary.json, to: (output as NSString).appendingPathComponent("summary.json"), durable: true)
        return summary
    }

    private func path(of id: String) -> String {
        (options.output as NSString).appendingPathComponent("\(id).pdf")
    }

    /// On a worker: parse, render, write a temporary file next to the final one.
    static func render(_ input: ManifestInput, text: [UInt8], base: String?, folder: String, renderer: Renderer) -> Outcome {
        let entry: ManifestEntry
        switch input.entry(text: text, base: base) {
        case .success(let parsed): entry = parsed
        case .failure(let failure): return .failed(failure)
        }
        let prefix = input.file == nil ? "case." : ""
        func failure(_ issues: [CaseIssue]) -> Outcome {
            .failed(BatchFailure(id: entry.id, line: input.file == nil ? input.line : nil,
                                 issues: issues.map { CaseIssue(path: $0.path == "$" ? String(prefix.dropLast()).nonEmpty ?? "$" : prefix + $0.path, rule: $0.rule) }))
        }
        do throws(QujatError) {
            let rendered = try renderer.render(entry.data, copies: entry.copies)
            let temporary = (folder as NSString).appendingPathComponent(".\(entry.id).pdf.\(getpid()).\(input.index).tmp")
            try AtomicFile.writeTemporary(rendered.pdf, at: temporary, durable: false)
            return .rendered(id: entry.id, group: entry.group, title: rendered.title, info: rendered.info,
                             temporary: temporary, pdf: rendered.pdf)
        } catch {
            switch error {
            case .invalidCase(let problems): return failure(problems.issues)
            default: return failure([CaseIssue(path: "$", rule: "\(error)")])
            }
        }
    }

    /// Waits for the print files; fills in their pages and content keys.
    private func finishMerge(_ stream: MergeStream, _ tally: GroupTally) throws(QujatError) -> [BatchSummary.Group] {
        let pages = try stream.finish()
        return tally.order.map { name in
            let entry = tally.entries[name]!
            var group = BatchSummary.Group(name: name, documents: entry.documents, pages: pages[name] ?? 0,
                                           file: "merged/\(name).pdf")
            group.contentKey = entry.key.hex
            return group
        }
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

/// A whole file, read straight into an array.
func readFile(_ path: String) -> [UInt8]? {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return nil }
    let size = Int(info.st_size)
    var bytes = [UInt8](repeating: 0, count: size)
    var done = 0
    while done < size {
        let count = bytes[done...].withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { return nil }
        done += count
    }
    return bytes
}

func fileSize(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_size)
}

/// Results handed from workers back to the thread that commits them.
final class Mailbox<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [T] = []
    private var wanted = 1

    func put(_ item: T) {
        condition.lock()
        items.append(item)
        if items.count >= wanted { condition.signal() }
        condition.unlock()
    }

    /// Waits until at least `count` items are there, then takes them all. The caller must
    /// know that `count` will arrive.
    func take(atLeast count: Int) -> [T] {
        condition.lock()
        defer { condition.unlock() }
        wanted = max(1, count)
        while items.count < wanted { condition.wait() }
        let taken = items
        items.removeAll(keepingCapacity: true)
        return taken
    }
}
