import CQujatShims
import Foundation

/// How many requests may hold a case body or a rendered document at once: the workers' jobs
/// plus the render queue. A request past that is answered 429 before its body is read, and a
/// request keeps its place until its response has been written to the client (a client that
/// does not read cannot pile up documents in the server's send buffers). So the server's
/// memory is bounded by `limit × (body limit + one rendered document)` plus a constant,
/// whatever the number of connections.
///
/// When nothing has been admitted for a while, `trimIfIdle` gives freed heap pages back to
/// the system (glibc keeps them in its per-thread arenas otherwise), so RSS returns near
/// its idle level after a burst.
final class Admission: @unchecked Sendable {
    let limit: Int
    private let lock = NSLock()
    private var inside = 0
    private var usedSinceTrim = false

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    var count: Int { lock.withLock { inside } }

    /// A place for one request, or nil when all are taken. The place is given back when the
    /// ticket is released: after the response body has been written to the client (the
    /// route keeps it in the body's writer), or whenever the request ends otherwise.
    func enter() -> Ticket? {
        lock.withLock { () -> Bool in
            guard inside < limit else { return false }
            inside += 1
            usedSinceTrim = true
            return true
        } ? Ticket(self) : nil
    }

    fileprivate func leave() {
        lock.withLock { inside -= 1 }
    }

    final class Ticket: Sendable {
        private let admission: Admission
        fileprivate init(_ admission: Admission) { self.admission = admission }
        deinit { admission.leave() }
    }

    private var lastTrim = ContinuousClock.now

    /// Returns free memory to the system when no request is inside: right after activity,
    /// and every 10 s while idle (connections closing later free memory too).
    func trimIfIdle() {
        let idle = lock.withLock { () -> Bool in
            let now = ContinuousClock.now
            guard inside == 0, usedSinceTrim || now - lastTrim > .seconds(10) else { return false }
            usedSinceTrim = false
            lastTrim = now
            return true
        }
        if idle { _ = qujat_malloc_trim() }
    }
}
