/// How much one document may cost: a hostile or mistaken case (a 1 MB annex) must not hold a
/// worker for minutes or fill memory with thousands of pages.
public struct RenderLimits: Sendable, Hashable {
    /// The most pages a document may have; more is a `.limit` error naming the count.
    public var maximumPages: Int
    /// When the render must stop; checked between blocks while laying out and between
    /// pages while drawing, so a render in progress stops within one page's work.
    public var deadline: ContinuousClock.Instant?

    /// The default page limit: a large hospital's annex is about 60 pages.
    public static let defaultMaximumPages = 2000

    public init(maximumPages: Int = RenderLimits.defaultMaximumPages, deadline: ContinuousClock.Instant? = nil) {
        self.maximumPages = maximumPages
        self.deadline = deadline
    }

    /// Throws once the deadline has passed.
    func checkTime() throws(RenderError) {
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
