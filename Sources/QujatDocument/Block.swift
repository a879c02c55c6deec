/// One element of the document flow.
public indirect enum Block: Sendable {
    case paragraph(Paragraph)
    case table(Table)
    case list(List)
    /// Blocks kept on one page together when they fit on a page.
    case group(Group)
    /// Vertical space in points, dropped at the top of a page.
    case spacer(Double)
    /// A horizontal line across the available width.
    case rule(Rule)
    case qr(QRCode)
    /// Tick boxes with their labels, one per line.
    case checkbox(Checkbox)
    case pageBreak
    /// A page break that also starts a new sheet when printed on both sides (between copies).
    case sheetBreak
}

public enum Alignment: String, Sendable, Hashable {
    case left, center, right, justify
}

public struct Paragraph: Sendable {
    public var runs: [Run]
    public var style: TextStyle
    public var alignment: Alignment
    /// Indent of every line from the left, in points.
    public var indent: Double
    /// Extra indent of the first line (negative hangs it).
    public var firstLineIndent: Double
    public var spaceBefore: Double
    public var spaceAfter: Double
    /// Never the last thing on a page: stays with what follows (headings).
    public var keepWithNext: Bool
    /// Allow breaks inside words (soft hyphens) when justified.
    public var hyphenate: Bool

    public init(runs: [Run], style: TextStyle, alignment: Alignment = .left, indent: Double = 0,
                firstLineIndent: Double = 0, spaceBefore: Double = 0, spaceAfter: Double = 0,
                keepWithNext: Bool = false, hyphenate: Bool = false) {
        self.runs = runs
        self.style = style
        self.alignment = alignment
        self.indent = indent
        self.firstLineIndent = firstLineIndent
        self.spaceBefore = spaceBefore
        self.spaceAfter = spaceAfter
        self.keepWithNext = keepWithNext
        self.hyphenate = hyphenate
    }
}

/// A table whose body rows may split across pages, the header repeated on each.
public struct Table: Sendable {
    /// Relative column widths; they are scaled to the available width.
    public var columns: [Double]
    public var header: [TableRow]
    public var rows: [TableRow]
    public var borders: Bool
    /// Padding inside each cell, in points.
    public var padding: Double
    public var spaceBefore: Double
    public var spaceAfter: Double
    /// Printed under the repeated header when a row too tall for one page continues on the next.
    public var continuedLabel = "(жалғасы)"

    public init(columns: [Double], header: [TableRow] = [], rows: [TableRow], borders: Bool = true,
                padding: Double = 3, spaceBefore: Double = 0, spaceAfter: Double = 0) {
        self.columns = columns
        self.header = header
        self.rows = rows
        self.borders = borders
        self.padding = padding
        self.spaceBefore = spaceBefore
        self.spaceAfter = spaceAfter
    }
}

public struct TableRow: Sendable {
    /// One entry per column; a cell is a small flow of blocks.
    public var cells: [[Block]]
    /// Shaded background (header rows).
    public var shaded: Bool

    public init(cells: [[Block]], shaded: Bool = false) {
        self.cells = cells
        self.shaded = shaded
    }
}

/// Items with a hanging label («1.», «–», «2.3.»).
public struct List: Sendable {
    public struct Item: Sendable {
        public var label: String
        public var blocks: [Block]
        public init(label: String, blocks: [Block]) {
            self.label = label
            self.blocks = blocks
        }
    }

    public var items: [Item]
    /// Distance from the list's left edge to the item text, in points.
    public var indent: Double
    public var labelStyle: TextStyle
    public var spaceBefore: Double
    public var spaceAfter: Double

    public init(items: [Item], indent: Double, labelStyle: TextStyle, spaceBefore: Double = 0, spaceAfter: Double = 0) {
        self.items = items
        self.indent = indent
        self.labelStyle = labelStyle
        self.spaceBefore = spaceBefore
        self.spaceAfter = spaceAfter
    }
}

public struct Group: Sendable {
    public var blocks: [Block]
    /// Also keep the group on the same page as the block before it.
    public var keepWithPrevious: Bool

    public init(blocks: [Block], keepWithPrevious: Bool = false) {
        self.blocks = blocks
        self.keepWithPrevious = keepWithPrevious
    }
}

public struct Rule: Sendable {
    public var thickness: Double
    public var dashed: Bool
    public var spaceBefore: Double
    public var spaceAfter: Double

    public init(thickness: Double = 0.5, dashed: Bool = false, spaceBefore: Double = 2, spaceAfter: Double = 2) {
        self.thickness = thickness
        self.dashed = dashed
        self.spaceBefore = spaceBefore
        self.spaceAfter = spaceAfter
    }
}

/// A QR code, drawn as vector squares.
public struct QRCode: Sendable {
    public var payload: String
    /// Side of the square, in points.
    public var size: Double
    public var alignment: Alignment

    public init(payload: String, size: Double, alignment: Alignment = .left) {
        self.payload = payload
        self.size = size
        self.alignment = alignment
    }
}

public struct Checkbox: Sendable {
    public var label: [Run]
    public var checked: Bool
    public var style: TextStyle

    public init(label: [Run], checked: Bool, style: TextStyle) {
        self.label = label
        self.checked = checked
        self.style = style
    }
}

/// Blocks at a fixed place on a page, outside the flow.
public struct FixedBox: Sendable {
    public enum Pages: Sendable, Hashable { case first, last, all }
    public var x: Double, y: Double, width: Double
    public var pages: Pages
    public var blocks: [Block]
    public var border: Bool

    public init(x: Double, y: Double, width: Double, pages: Pages, blocks: [Block], border: Bool = false) {
        self.x = x
        self.y = y
        self.width = width
        self.pages = pages
        self.blocks = blocks
        self.border = border
    }
}

/// A mark across the page (ТЕЛНҰСҚА): real text, so it is in the text layer too.
public struct Watermark: Sendable {
    public var text: String
    public var style: TextStyle
    /// Rotation in degrees, counter-clockwise.
    public var angle: Double

    public init(text: String, style: TextStyle, angle: Double) {
        self.text = text
        self.style = style
        self.angle = angle
    }
}
