/// How a paragraph's text looks.
public struct TextStyle: Sendable, Hashable {
    public var family: String
    /// Size in points.
    public var size: Double
    /// Line height as a multiple of the font's natural line height.
    public var leading: Double
    public var bold: Bool
    public var italic: Bool
    /// Grey level, 0 black … 1 white.
    public var gray: Double

    public init(family: String, size: Double, leading: Double = 1.0, bold: Bool = false,
                italic: Bool = false, gray: Double = 0) {
        self.family = family
        self.size = size
        self.leading = leading
        self.bold = bold
        self.italic = italic
        self.gray = gray
    }
}

/// A piece of text with one style. Its text is printed as is: never parsed as markup.
public struct Run: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case text(String)
        /// The current page number (page furniture only).
        case pageNumber
        /// The document's page count (page furniture only).
        case pageCount
    }

    public var content: Content
    public var bold: Bool
    public var italic: Bool
    public var underline: Bool

    public init(_ content: Content, bold: Bool = false, italic: Bool = false, underline: Bool = false) {
        self.content = content
        self.bold = bold
        self.italic = italic
        self.underline = underline
    }

    public init(text: String, bold: Bool = false, italic: Bool = false, underline: Bool = false) {
        self.init(.text(text), bold: bold, italic: italic, underline: underline)
    }
}
