import Foundation

/// Results handed from the workers back to the thread that commits them.
///
/// An `NSCondition`, not a `Mutex`: the coordinator blocks in `take` until enough results
/// have come, and a mutex cannot wait. The coordinator is a plain thread (the caller's, or
/// the one `BatchRunner.render` starts), never a task of the cooperative pool, so blocking
/// it is what it is for. The state is only touched under the condition's lock, hence
/// `@unchecked Sendable`.
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
