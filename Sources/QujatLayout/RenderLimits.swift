import Foundation

/// How much one document may cost: a hostile or mistaken case (a 1 MB annex) must not hold a
/// worker for minutes or fill memory with thousands of pages.
public struct RenderLimits: Sendable {
    /// The most pages a document may have; more is a `.limit` error naming the count.
    public var maximumPages: Int
    /// When the render must stop; checked between blocks while laying out and between
    /// pages while drawing, so a render in progress stops within one page's work.
    public var deadline: ContinuousClock.Instant?
    /// Set from another thread to stop the render at the next check (the caller's task was
    /// cancelled): a `.cancelled` render error.
    public var cancellation: Cancellation?

    /// A flag another thread sets; checked with the deadline.
    public final class Cancellation: @unchecked Sendable {
        private let lock = NSLock()
        private var set = false
        public init() {}
        public var isCancelled: Bool { lock.withLock { set } }
        public func cancel() { lock.withLock { set = true } }
    }

    /// The default page limit: a large hospital's annex is about 60 pages.
    public static let defaultMaximumPages = 2000

    public init(maximumPages: Int = RenderLimits.defaultMaximumPages, deadline: ContinuousClock.Instant? = nil,
                cancellation: Cancellation? = nil) {
        self.maximumPages = maximumPages
        self.deadline = deadline
        self.cancellation = cancellation
    }

    /// Throws once the deadline has passed.
    public func checkTime() throws(RenderError) {
        if let cancellation, cancellation.isCancelled {
            throw RenderError(.cancelled, "the render was cancelled by its caller")
        }
        if let deadline, ContinuousClock.now > deadline {
            throw RenderError(.limit, "the render took longer than its time limit and was stopped")
        }
    }

    func checkPages(_ count: Int) throws(RenderError) {
        if count > maximumPages {
            throw RenderError(.limit, "the document has \(count) pages; the limit is \(maximumPages)")
        }
    }
}
