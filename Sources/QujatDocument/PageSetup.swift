/// Page geometry, in PostScript points (1/72 inch).
public struct PageSetup: Sendable, Hashable {
    public var width: Double
    public var height: Double
    public var margins: Edges
    /// A receipt-printer strip: one page whose height is the content's height plus margins.
    public var growsWithContent: Bool

    public init(width: Double, height: Double, margins: Edges, growsWithContent: Bool = false) {
        self.width = width
        self.height = height
        self.margins = margins
        self.growsWithContent = growsWithContent
    }

    /// Width available to the body.
    public var contentWidth: Double { width - margins.left - margins.right }
    /// Height available to the body on one page.
    public var contentHeight: Double { height - margins.top - margins.bottom }
}

/// Four distances, in points.
public struct Edges: Sendable, Hashable {
    public var top: Double, right: Double, bottom: Double, left: Double

    public init(top: Double, right: Double, bottom: Double, left: Double) {
        self.top = top
        self.right = right
        self.bottom = bottom
        self.left = left
    }

    public init(all: Double) { self.init(top: all, right: all, bottom: all, left: all) }
}

/// Units a template may use for lengths.
public enum Length {
    public static let pointsPerMillimetre = 72.0 / 25.4
    public static func mm(_ v: Double) -> Double { v * pointsPerMillimetre }
}
