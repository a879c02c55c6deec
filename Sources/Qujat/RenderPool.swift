import QujatLayout
import QujatCase
import Foundation
import QujatTemplates
import ServiceLifecycle

/// A fixed set of worker threads, each owning one `Renderer` (its own font map and Pango
/// state), fed from one bounded queue. This is how Qujat is safe to call from many tasks at
/// once: Pango and Cairo objects never leave the thread that made them — only case data
/// goes in and bytes come out.
///
/// ```swift
/// let pool = try RenderPool(templatesDirectory: "Templates", fontsDirectory: "Fonts")
/// let pdf = try await pool.pdf(json: caseData)          // from any task
/// ```
///
/// When the queue is full, `run`, `pdf` and `png` **wait** for room (the caller is suspended,
/// not a thread blocked; at most `queueLimit` jobs are held); `tryRun` refuses at once with
/// ``QujatError/unavailable(_:)`` instead (a server's `429 Too Many Requests`). Cancelling the
/// calling task drops a job that has not started and stops one that has (between blocks and
/// pages): ``QujatError/cancelled``. `shutdown()` lets queued jobs finish; the `async` one
/// also waits for the workers. The pool is a swift-service-lifecycle `Service`: add it to a
/// `ServiceGroup` and it shuts down gracefully with the application.
///
/// `reload()` reads the templates (and fonts) again while the pool runs: jobs queued from
/// then on use the new set, jobs already queued or running finish with the one they were
/// queued with, and a broken set is refused (see `RenderPool+Reload.swift`).
public final class RenderPool: Sendable {
    /// The templates new jobs render with (`current.templates`).
    public var templates: TemplateLibrary { holder.current.templates }
    /// The templates and fonts new jobs render with, and their versions.
    public var current: RenderSet { holder.current }
    /// Number of worker threads.
    public let workers: Int
    /// Jobs that may wait for a worker before new ones are refused.
    public let queueLimit: Int
    /// Each document's page limit and how long one render may take (nil: no limit).
    public let maximumPages: Int
    public let renderTimeout: Duration?
    let queue: JobQueue
    let holder: SetHolder
    /// A pinned view keeps the pool that owns the workers alive; only the owner closes the
    /// queue when it ends.
    private let owner: RenderPool?

    /// Starts the workers. Each loads the fonts itself; a font problem is thrown here.
    /// - Parameters:
    ///   - workers: worker threads; by default one per core.
    ///   - queueLimit: jobs that may wait; by default 32 per worker.
    ///   - maximumPages: a document with more pages fails with ``QujatError/limit(_:)``.
    ///   - renderTimeout: a render still running this long after it started is stopped
    ///     (between blocks or pages) with ``QujatError/limit(_:)``.
    public init(templates: TemplateLibrary, fontsDirectory: String, workers: Int? = nil, queueLimit: Int? = nil,
                maximumPages: Int = RenderLimits.defaultMaximumPages, renderTimeout: Duration? = nil) throws(QujatError) {
        let count = max(1, workers ?? ProcessInfo.processInfo.activeProcessorCount)
        self.workers = count
        self.queueLimit = max(1, queueLimit ?? count * 32)
        self.maximumPages = max(1, maximumPages)
        self.renderTimeout = renderTimeout
        let set = try RenderSet.initial(templates, fontsDirectory: fontsDirectory)
        holder = SetHolder(set)
        owner = nil
        queue = JobQueue()
        let started = StartGate(count)
        for index in 0..<count {
            queue.workerStarted()
            let thread = Thread { [queue] in
                defer { queue.workerEnded() }
                let worker: Worker
                do throws(QujatError) {
                    worker = try Worker(set)
                } catch {
                    started.report(error)
                    return
                }
                started.report(nil)
                while let job = queue.next() {
                    job(worker)
                    queue.finished()
                }
            }
            thread.name = "qujat-worker-\(index + 1)"
            thread.stackSize = 4 << 20
            thread.start()
        }
        if let error = started.wait() {
            queue.close()
            throw error
        }
    }

    /// Reads the templates folder and starts the workers.
    public convenience init(templatesDirectory: String, fontsDirectory: String, workers: Int? = nil, queueLimit: Int? = nil,
                            maximumPages: Int = RenderLimits.defaultMaximumPages, renderTimeout: Duration? = nil) throws(QujatError) {
        let library: TemplateLibrary
        do {
            library = try TemplateLibrary(directory: templatesDirectory)
        } catch {
            throw .template(error)
        }
        try self.init(templates: library, fontsDirectory: fontsDirectory, workers: workers, queueLimit: queueLimit,
                      maximumPages: maximumPages, renderTimeout: renderTimeout)
    }

    /// A view of `pool`'s workers and queue that renders with `set`.
    init(view pool: RenderPool, set: RenderSet) {
        workers = pool.workers
        queueLimit = pool.queueLimit
        maximumPages = pool.maximumPages
        renderTimeout = pool.renderTimeout
        queue = pool.queue
        holder = SetHolder(set)
        owner = pool.owner ?? pool
    }

    deinit {
        if owner == nil { queue.close() }
    }

    /// Workers rendering right now.
    public var busyWorkers: Int { queue.state.busy }
    /// Jobs waiting for a worker.
    public var queueDepth: Int { queue.state.waiting }

    /// Runs `body` on a worker with that worker's renderer and returns its result. When the
    /// queue is full, waits (suspended) for room.
    ///
    /// - Parameter deadline: if no worker has started the job by then, it is dropped and
    ///   ``QujatError/timedOut(_:)`` thrown (a request that has timed out is not rendered).
    /// - Throws: `cancelled` when the calling task is cancelled, `shutDown` after `shutdown()`;
    ///   whatever `body` throws.
    public func run<T: Sendable>(deadline: ContinuousClock.Instant? = nil,
                                 _ body: @escaping @Sendable (Renderer) throws(QujatError) -> T) async throws(QujatError) -> T {
        try await submit(deadline: deadline, waitForRoom: true, body)
    }

    /// `run`, but refused at once with ``QujatError/unavailable(_:)`` when the queue is full
    /// (an HTTP server answers 429 instead of holding the request).
    public func tryRun<T: Sendable>(deadline: ContinuousClock.Instant? = nil,
                                    _ body: @escaping @Sendable (Renderer) throws(QujatError) -> T) async throws(QujatError) -> T {
        try await submit(deadline: deadline, waitForRoom: false, body)
    }

    private func submit<T: Sendable>(deadline: ContinuousClock.Instant?, waitForRoom: Bool,
                                     _ body: @escaping @Sendable (Renderer) throws(QujatError) -> T) async throws(QujatError) -> T {
        let cancellation = RenderLimits.Cancellation()
        // The set of the moment the job was asked for, even if it waits for room past a reload.
        let set = holder.current
        while true {
            if queue.isClosed { throw .shutDown }
            if Task.isCancelled { throw .cancelled }
            // nil: the queue was full when the job was offered.
            let answer = Answer<Result<T, QujatError>?>()
            let outcome: Result<T, QujatError>? = await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    answer.set(continuation)
                    let job: JobQueue.Job = { [maximumPages, renderTimeout] worker in
                        let now = ContinuousClock.now
                        if cancellation.isCancelled { return answer.give(.failure(.cancelled)) }
                        if let deadline, now > deadline {
                            return answer.give(.failure(.timedOut("timed out waiting for a free worker")))
                        }
                        let renderer: Renderer
                        do throws(QujatError) {
                            renderer = try worker.renderer(for: set)
                        } catch {
                            return answer.give(.failure(error))
                        }
                        renderer.limits = RenderLimits(maximumPages: maximumPages, deadline: renderTimeout.map { now + $0 },
                                                       cancellation: cancellation)
                        renderer.strict = false  // a job that wants it sets it (a worker's renderer is shared)
                        do throws(QujatError) {
                            answer.give(.success(try body(renderer)))
                        } catch {
                            answer.give(.failure(error))
                        }
                    }
                    if !queue.add(limit: queueLimit, wait: false, job) { answer.give(nil) }
                }
            } onCancel: {
                // The caller stops waiting at once; a queued job is then skipped by its worker,
                // a running render stops at its next check.
                cancellation.cancel()
                answer.give(.failure(.cancelled))
            }
            if let outcome { return try outcome.get() }
            guard waitForRoom else {
                if queue.isClosed { throw .shutDown }
                throw .unavailable("all \(workers) workers are busy and \(queueLimit) jobs are waiting")
            }
            guard await queue.waitForRoom(limit: queueLimit) else { throw queue.isClosed ? .shutDown : .cancelled }
        }
    }

    /// Queues `job` from a thread that may block (a batch's coordinator): waits while the
    /// queue is full. Returns false when the pool is shut down.
    @discardableResult
    public func submitBlocking(_ job: @escaping @Sendable (Renderer) -> Void) -> Bool {
        let set = holder.current
        return queue.add(limit: queueLimit, wait: true) { [maximumPages, renderTimeout] worker in
            // New fonts that cannot be loaded on this worker (checked by `reload` already, so
            // hardly ever): the job runs with the worker's fonts and the set's templates.
            let renderer = (try? worker.renderer(for: set)) ?? worker.renderer
            renderer.templates = set.templates
            renderer.limits = RenderLimits(maximumPages: maximumPages, deadline: renderTimeout.map { ContinuousClock.now + $0 })
            renderer.strict = false
            job(renderer)
        }
    }

    /// The case as a PDF file.
    public func pdf(json: Data, deadline: ContinuousClock.Instant? = nil) async throws(QujatError) -> [UInt8] {
        try await run(deadline: deadline) { renderer throws(QujatError) in try renderer.pdf(json: json) }
    }

    /// The case's pages as PNG images; with `pages`, only those (1-based).
    public func png(json: Data, dpi: Double = 96, pages: ClosedRange<Int>? = nil,
                    deadline: ContinuousClock.Instant? = nil) async throws(QujatError) -> [[UInt8]] {
        try await run(deadline: deadline) { renderer throws(QujatError) in try renderer.png(json: json, dpi: dpi, pages: pages) }
    }

    /// Checks the case against its document's schema and fills its template (no layout): the
    /// verdict rendering would give. Needs no worker: runs on the caller.
    /// - Parameter strict: keys the document does not read are errors, not warnings.
    /// - Returns: the warnings (keys the document does not read, with "did you mean …?").
    @discardableResult
    public func validate(json: Data, strict: Bool = false) throws(QujatError) -> [CaseIssue] {
        let set = holder.current
        let prepared = try set.templates.checked(json: json, coverage: set.coverage, strict: strict)
        _ = try set.templates.bound(prepared)
        return prepared.warnings
    }

    /// Lets the queued jobs finish, then stops the workers. New jobs are refused with
    /// ``QujatError/shutDown``. Returns at once; calling it again does nothing.
    public func shutdown() {
        queue.close()
    }

    /// `shutdown()`, then waits until every worker has finished its jobs and stopped.
    public func shutdown() async {
        queue.close()
        await queue.waitForWorkers()
    }
}

/// In a swift-service-lifecycle `ServiceGroup` (a Hummingbird application's), the pool runs
/// until the group shuts down gracefully, then finishes its queued jobs and stops.
extension RenderPool: Service {
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }
}

/// A continuation resumed once, by whichever comes first: the worker's result or the caller's
/// cancellation. A value given before the continuation is set is kept for it.
final class Answer<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T, Never>?
    private var early: T?
    private var done = false

    func set(_ continuation: CheckedContinuation<T, Never>) {
        lock.lock()
        if let early {
            lock.unlock()
            continuation.resume(returning: early)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    func give(_ value: T) {
        lock.lock()
        guard !done else { return lock.unlock() }
        done = true
        guard let continuation else {
            early = value
            return lock.unlock()
        }
        self.continuation = nil
        lock.unlock()
        continuation.resume(returning: value)
    }
}
