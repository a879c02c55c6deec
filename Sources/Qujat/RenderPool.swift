import Foundation
import QujatTemplates

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
/// When the queue is full, work is refused at once with ``QujatError/unavailable(_:)``
/// rather than held in memory; a server turns that into `429 Too Many Requests`.
public final class RenderPool: Sendable {
    /// The templates every worker renders with.
    public let templates: TemplateLibrary
    /// Number of worker threads.
    public let workers: Int
    /// Jobs that may wait for a worker before new ones are refused.
    public let queueLimit: Int
    /// Each document's page limit and how long one render may take (nil: no limit).
    public let maximumPages: Int
    public let renderTimeout: Duration?
    private let queue: JobQueue
    private let coverage: GlyphCoverage

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
        self.templates = templates
        self.workers = count
        self.queueLimit = max(1, queueLimit ?? count * 32)
        self.maximumPages = max(1, maximumPages)
        self.renderTimeout = renderTimeout
        do {
            coverage = try GlyphCoverage.of(directory: fontsDirectory)
        } catch {
            throw .render(error)
        }
        queue = JobQueue()
        let started = StartGate(count)
        for index in 0..<count {
            let thread = Thread { [queue, templates] in
                let renderer: Renderer
                do throws(QujatError) {
                    renderer = try Renderer(templates: templates, fontsDirectory: fontsDirectory)
                } catch {
                    started.report(error)
                    return
                }
                started.report(nil)
                while let job = queue.next() {
                    job(renderer)
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

    deinit {
        queue.close()
    }

    /// Workers rendering right now.
    public var busyWorkers: Int { queue.state.busy }
    /// Jobs waiting for a worker.
    public var queueDepth: Int { queue.state.waiting }

    /// Runs `body` on a worker with that worker's renderer and returns its result.
    ///
    /// - Parameter deadline: if no worker has started the job by then, it is dropped and
    ///   ``QujatError/unavailable(_:)`` thrown (a request that has timed out is not rendered).
    /// - Throws: `unavailable` when the queue is full or the pool is shut down; whatever
    ///   `body` throws.
    public func run<T: Sendable>(deadline: ContinuousClock.Instant? = nil,
                                 _ body: @escaping @Sendable (Renderer) throws(QujatError) -> T) async throws(QujatError) -> T {
        let result: Result<T, QujatError> = await withCheckedContinuation { continuation in
            let accepted = queue.add(limit: queueLimit, wait: false) { [maximumPages, renderTimeout] renderer in
                let now = ContinuousClock.now
                if let deadline, now > deadline {
                    continuation.resume(returning: .failure(.timedOut("timed out waiting for a free worker")))
                    return
                }
                renderer.limits = RenderLimits(maximumPages: maximumPages, deadline: renderTimeout.map { now + $0 })
                do throws(QujatError) {
                    continuation.resume(returning: .success(try body(renderer)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            if !accepted {
                let why = queue.isClosed ? "the render pool is shut down"
                    : "all \(workers) workers are busy and \(queueLimit) jobs are waiting"
                continuation.resume(returning: .failure(.unavailable(why)))
            }
        }
        return try result.get()
    }

    /// Queues `job` from a thread that may block (a batch's coordinator): waits while the
    /// queue is full. Returns false when the pool is shut down.
    @discardableResult
    public func submitBlocking(_ job: @escaping @Sendable (Renderer) -> Void) -> Bool {
        queue.add(limit: queueLimit, wait: true) { [maximumPages, renderTimeout] renderer in
            renderer.limits = RenderLimits(maximumPages: maximumPages, deadline: renderTimeout.map { ContinuousClock.now + $0 })
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
        let prepared = try templates.checked(json: json, coverage: coverage, strict: strict)
        _ = try templates.bound(prepared)
        return prepared.warnings
    }

    /// Lets the queued jobs finish, then stops the workers. New jobs are refused.
    public func shutdown() {
        queue.close()
    }
}

/// The jobs waiting for workers. A lock and a condition guard plain values; no Pango or
/// Cairo object is ever stored here.
final class JobQueue: @unchecked Sendable {
    typealias Job = @Sendable (Renderer) -> Void
    struct State {
        var waiting = 0
        var busy = 0
    }

    private let condition = NSCondition()
    /// Taken jobs are set to nil at once, so a finished job's captures (its case data) are
    /// freed when it ends, not when the array is next compacted.
    private var jobs: [Job?] = []
    private var head = 0
    private var closed = false
    private var busy = 0

    var isClosed: Bool {
        condition.lock()
        defer { condition.unlock() }
        return closed
    }

    var state: State {
        condition.lock()
        defer { condition.unlock() }
        return State(waiting: jobs.count - head, busy: busy)
    }

    /// Adds a job; when the queue holds `limit` jobs, waits (or refuses, without `wait`).
    func add(limit: Int, wait: Bool, _ job: @escaping Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !closed && jobs.count - head >= limit {
            guard wait else { return false }
            condition.wait()
        }
        guard !closed else { return false }
        jobs.append(job)
        condition.broadcast()
        return true
    }

    /// The next job, waiting for one; nil once the queue is closed and empty.
    func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count && !closed { condition.wait() }
        guard head < jobs.count, let job = jobs[head] else { return nil }
        jobs[head] = nil
        head += 1
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024 && head * 2 > jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        busy += 1
        condition.broadcast()
        return job
    }

    func finished() {
        condition.lock()
        busy -= 1
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Waits until every worker has loaded its fonts, and keeps the first failure.
final class StartGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var remaining: Int
    private var failure: QujatError?

    init(_ count: Int) { remaining = count }

    func report(_ error: QujatError?) {
        condition.lock()
        remaining -= 1
        if failure == nil { failure = error }
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> QujatError? {
        condition.lock()
        defer { condition.unlock() }
        while remaining > 0 { condition.wait() }
        return failure
    }
}
