import CQujatShims
import Foundation
import Qujat
import QujatSign
import QujatLayout
import QujatPDF
import QujatTemplates
import QujatCase
import QujatDocument

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
    /// Sign every document's own file with this key (with its stamp); the merged print files
    /// are made of the same pages unsigned. nil: nothing is signed.
    public var signingKey: SigningKey?
    /// The signing time of every document; nil: each case's `signature.signed_at`, else now.
    public var signingTime: Date?
    /// The merge thread's name (at most 15 characters on Linux): the tests give each batch
    /// its own, since other batches run in the same test process.
    var mergeThreadName = "qujat-merge"
    /// Documents per slice when merging (see `BatchCoordinator.sliceSize`); the tests set it.
    var sliceSize: Int?
    /// Bytes after which a print section's part is finished (`PrintSection.partBytes`).
    var partBytes = PrintSection.partBytes

    public init(output: String, merge: Bool = false, duplex: Bool = false, printer: String? = nil) {
        self.output = output
        self.merge = merge || printer != nil
        self.duplex = duplex
        self.printer = printer
    }
}

/// Renders a manifest's documents on a `RenderPool`: each to its own PDF, then (optionally)
/// one print file per group, then (optionally) to a printer. `run` works on the calling
/// thread, which it blocks; `render` is the same for async code. The pool's workers do the
/// rendering; a `BatchCoordinator` does the rest, step by step.
///
/// The output does not depend on the number of workers, and a run that was killed at any
/// moment is finished by running it again (see `BatchJournal`).
public struct BatchRunner: Sendable {
    public let pool: RenderPool
    public let options: BatchOptions
    /// Templates and fonts folders, for the resume fingerprint.
    let templatesDirectory: String
    let fontsDirectory: String
    /// The clock a run reads its durations from (progress, group commits, the summary).
    var now: @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }

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
        /// `size` is the file's; `signed` the time a signed file's stamp shows.
        case rendered(id: String, group: String?, title: String, info: PageInfo, temporary: String, size: Int, signed: Date?)
        case failed(BatchFailure)
        /// Finished by the run this one resumes (not given to a worker).
        case resumed(BatchJournal.Document)
        /// Not rendered: the batch was asked to stop while the document's slice ran.
        case skipped
    }

    /// Runs the batch on this thread. `progress` is called on this thread after every document.
    /// - Throws: only for faults that stop the whole batch (unwritable output, broken
    ///   templates); a bad document is recorded in `errors.jsonl` and the batch goes on.
    public func run(_ manifest: Manifest, progress: (BatchProgress) -> Void = { _ in }) throws(QujatError) -> BatchSummary {
        try run(manifest, cancel: nil, progress: progress)
    }

    /// Runs the batch for async code: the blocking work goes to a thread of its own (never a
    /// thread of the cooperative pool), and the caller suspends until it is done. `progress`
    /// is called on that thread.
    ///
    /// Cancelling the task stops the batch as ``BatchOptions/stop`` does: nothing more is
    /// dispatched, what the workers finish is committed, and it throws
    /// ``QujatError/cancelled``; running it again resumes.
    /// - Throws: as `run`, and ``QujatError/cancelled``.
    public func render(_ manifest: Manifest,
                       progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }) async throws(QujatError) -> BatchSummary {
        if Task.isCancelled { throw .cancelled }
        let cancel = BatchStop()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<BatchSummary, QujatError>, Never>) in
                let thread = Thread {
                    Thread.current.name = "qujat-batch"
                    continuation.resume(returning: Result { () throws(QujatError) in
                        try run(manifest, cancel: cancel, progress: progress)
                    })
                }
                thread.start()
            }
        } onCancel: {
            cancel.request()
        }
        switch result {
        case .success(let summary):
            return summary
        case .failure(.unavailable) where cancel.isRequested && options.stop?.isRequested != true:
            throw .cancelled
        case .failure(let error):
            throw error
        }
    }

    /// The steps, in order (see `BatchCoordinator`); `close` also when one throws.
    func run(_ manifest: Manifest, cancel: BatchStop?, progress: (BatchProgress) -> Void) throws(QujatError) -> BatchSummary {
        try withoutActuallyEscaping(progress) { progress throws(QujatError) in
            let batch = try BatchCoordinator.start(self, manifest: manifest, cancel: cancel, progress: progress)
            defer { batch.close() }
            try batch.dispatch()
            try batch.collect()
            try batch.merge()
            return try batch.finish()
        }
    }

    /// On a worker: parse, render, write a temporary file next to the final one; with a
    /// `section`, paint the same pages into it for the print file.
    static func renderDocument(_ input: ManifestInput, text: [UInt8], base: String?, folder: String,
                               signing: Renderer.Signing?, section: PrintSection?, renderer: Renderer) -> Outcome {
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
            let rendered = try renderer.render(entry.data, copies: entry.copies, signing: signing) { pages in
                section?.add(pages, group: entry.group ?? "all", index: input.index)
            }
            section?.name(index: input.index, outline: "\(entry.id) — \(rendered.title)")
            let temporary = (folder as NSString).appendingPathComponent(".\(entry.id).pdf.\(getpid()).\(input.index).tmp")
            try AtomicFile.writeTemporary(rendered.pdf, at: temporary, durable: false)
            return .rendered(id: entry.id, group: entry.group, title: rendered.title, info: rendered.info,
                             temporary: temporary, size: rendered.pdf.count, signed: rendered.signingTime)
        } catch {
            section?.drop(index: input.index)
            switch error {
            case .invalidCase(let problems): return failure(problems.issues)
            default: return failure([CaseIssue(path: "$", rule: "\(error)")])
            }
        }
    }

    /// On a worker: a document an earlier run finished, laid out again from its manifest line
    /// (with the stamp of the time it was signed at) and painted into the print `section`.
    static func printAgain(_ input: ManifestInput, text: [UInt8], base: String?, record: BatchJournal.Document,
                           signer: SigningKey?, section: PrintSection, renderer: Renderer) throws(QujatError) {
        guard case .success(let entry) = input.entry(text: text, base: base) else {
            throw .unavailable("line \(input.line) of the manifest cannot be read again; run the batch into a new folder")
        }
        let signing = signer.map { Renderer.Signing(key: $0, time: record.signed) }
        let document = try renderer.document(entry.data, copies: entry.copies, signing: signing)
        do throws(RenderError) {
            section.add(try renderer.pageRenderer.layout(document), group: record.group ?? "all", index: input.index)
            section.name(index: input.index, outline: "\(record.id) — \(record.title)")
        } catch {
            throw .render(error)
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
