import QujatQR
/// Something to draw, positioned relative to the thing that holds it.
package enum Mark {
    /// Line `index` of a shaped paragraph; the position is the top-left of its line box.
    case line(LaidText, index: Int, gray: Double)
    /// A rectangle, filled with a grey level and/or stroked with a line width.
    case rectangle(width: Double, height: Double, fill: Double?, stroke: Double?)
    /// A straight line to a point relative to the position.
    case segment(dx: Double, dy: Double, width: Double, dashed: Bool)
    case qr(QRMatrix, size: Double)
}

/// A mark at a position.
package struct Placed {
    package var x: Double
    package var y: Double
    package var mark: Mark

    package func offset(x dx: Double, y dy: Double) -> Placed {
        Placed(x: x + dx, y: y + dy, mark: mark)
    }
}

/// One unbreakable slice of the flow: a line of text, a table row, a rule.
/// The paginator puts page breaks only between items.
struct FlowItem {
    var height: Double
    /// Space above the item; dropped when the item starts a page.
    var spaceBefore: Double = 0
    /// Do not break the page between this item and the next.
    var keepWithNext = false
    /// An explicit page break (no marks, no height).
    var pageBreak = false
    /// The page break also starts a new sheet in duplex printing.
    var newSheet = false
    /// The table header (index into `Flow.headers`) to repeat when this item starts a page.
    var repeatHeader: Int?
    /// A later slice of a table row split over pages: when it starts a page, this label
    /// (index into `Flow.continuations`, «(жалғасы)») goes under the repeated header.
    var continuation: Int?
    /// Marks relative to the item's top-left corner (x from the content area's left edge).
    var marks: [Placed] = []
}

/// The body as a sequence of items, with the table headers they may repeat.
struct Flow {
    var items: [FlowItem] = []
    var headers: [FlowItem] = []
    var continuations: [FlowItem] = []
}

/// A finished page: marks at page coordinates, in points from the top-left corner.
package struct Frame {
    package var width: Double
    package var height: Double
    package var marks: [Placed] = []
    /// In duplex printing this page goes on the front of a new sheet (a copy starts here).
    package var startsSheet = false
}
