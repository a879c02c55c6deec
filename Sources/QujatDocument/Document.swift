/// A document ready to lay out: page geometry, page furniture and the body's blocks.
///
/// Produced by the template layer from a case; consumed by the renderer. It holds only
/// text and geometry: no JSON, no template syntax, no Cairo.
public struct Document: Sendable {
    public var page: PageSetup
    /// Font family, size and leading every paragraph starts from.
    public var baseStyle: TextStyle
    /// Drawn at the top of every page, inside the top margin.
    public var header: [Block]
    /// Drawn at the bottom of every page, inside the bottom margin.
    public var footer: [Block]
    public var body: [Block]
    /// Boxes at fixed positions on the page (forms that need them).
    public var fixed: [FixedBox]
    /// A large mark drawn across every page, under the content (for example ТЕЛНҰСҚА).
    public var watermark: Watermark?
    public var metadata: Metadata

    public init(page: PageSetup, baseStyle: TextStyle, header: [Block] = [], footer: [Block] = [],
                body: [Block], fixed: [FixedBox] = [], watermark: Watermark? = nil, metadata: Metadata) {
        self.page = page
        self.baseStyle = baseStyle
        self.header = header
        self.footer = footer
        self.body = body
        self.fixed = fixed
        self.watermark = watermark
        self.metadata = metadata
    }
}

/// PDF document information.
public struct Metadata: Sendable, Hashable {
    public var title: String
    public var author: String
    public var subject: String
    public var creator: String

    public init(title: String, author: String, subject: String = "", creator: String) {
        self.title = title
        self.author = author
        self.subject = subject
        self.creator = creator
    }
}
