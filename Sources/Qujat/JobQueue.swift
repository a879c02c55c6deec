import Foundation

/// The jobs waiting for workers. A lock and a condition guard plain values; no Pango or
/// Cairo object is ever stored here.
///
/// Threads that may block (a batch's coordinator) wait for room with `add(wait: true)`; tasks
/// wait with `waitForRoom`, which suspends instead of blocking a thread of the cooperative pool.
final class JobQueue: @unchecked Sendable {
    typealias Job = @Sendable (Worker) -> Void
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
    /// Tasks suspended until a job leaves the queue, in arrival order.
    private var roomWaiters: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
    private var nextWaiter: UInt64 = 0
    /// Workers still running, and tasks waiting for all of them to end.
    private var liveWorkers = 0
    private var endWaiters: [CheckedContinuation<Void, Never>] = []

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

    /// Suspends the calling task until the queue has room for a job (true), or the queue is
    /// closed or the task cancelled (false). Room may be taken by someone else before the
    /// caller adds its job: callers loop.
    func waitForRoom(limit: Int) async -> Bool {
        let id = newWaiterID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                condition.lock()
                if closed || Task.isCancelled {
                    condition.unlock()
                    continuation.resume(returning: false)
                } else if jobs.count - head < limit {
                    condition.unlock()
                    continuation.resume(returning: true)
                } else {
                    roomWaiters.append((id, continuation))
                    condition.unlock()
                }
            }
        } onCancel: {
            condition.lock()
            let index = roomWaiters.firstIndex { $0.id == id }
            let waiter = index.map { roomWaiters.remove(at: $0) }
            condition.unlock()
            waiter?.continuation.resume(returning: false)
        }
    }

    private func newWaiterID() -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        nextWaiter += 1
        return nextWaiter
    }

    /// The next job, waiting for one; nil once the queue is closed and empty.
    func next() -> Job? {
        condition.lock()
        while head == jobs.count && !closed { condition.wait() }
        guard head < jobs.count, let job = jobs[head] else {
            condition.unlock()
            return nil
        }
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
        // Every waiter is woken (they loop and re-offer): waking one that was cancelled in the
        // meantime would otherwise lose the wake-up for the others.
        let waiters = roomWaiters
        roomWaiters.removeAll()
        condition.unlock()
        for waiter in waiters { waiter.continuation.resume(returning: true) }
        return job
    }

    func finished() {
        condition.lock()
        busy -= 1
        condition.unlock()
    }

    /// No new jobs; queued ones still run. Suspended callers are told (false).
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        let waiters = roomWaiters
        roomWaiters.removeAll()
        condition.unlock()
        for waiter in waiters { waiter.continuation.resume(returning: false) }
    }

    func workerStarted() {
        condition.lock()
        liveWorkers += 1
        condition.unlock()
    }

    func workerEnded() {
        condition.lock()
        liveWorkers -= 1
        let waiters = liveWorkers == 0 ? endWaiters : []
        if liveWorkers == 0 { endWaiters.removeAll() }
        condition.unlock()
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once every worker has ended.
    func waitForWorkers() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            if liveWorkers == 0 {
                condition.unlock()
                continuation.resume()
            } else {
                endWaiters.append(continuation)
                condition.unlock()
            }
        }
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
