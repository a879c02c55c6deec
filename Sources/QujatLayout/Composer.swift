import QujatDocument
import QujatQR

/// Turns blocks into flow items: shapes text with Pango, sizes tables, lists and codes.
/// Decides nothing about pages (that is the paginator's job) and draws nothing.
struct Composer {
    let fonts: FontLibrary
    var limits = RenderLimits()
    /// The height of a page's content area: a table row taller than what a page leaves is
    /// split into slices at line boundaries (infinite for cells and growing strips).
    var pageHeight = Double.infinity
    /// Page number and count, for page furniture.
    var page: (number: Int, count: Int)?
    private(set) var flow = Flow()
    /// Space requested after the last item, added before the next one.
    private var pendingSpace = 0.0

    init(fonts: FontLibrary, page: (number: Int, count: Int)? = nil, limits: RenderLimits = RenderLimits()) {
        self.fonts = fonts
        self.page = page
        self.limits = limits
    }

    /// Collects `blocks` at horizontal offset `x` within `width` points.
    mutating func collect(_ blocks: [Block], x: Double, width: Double) throws(RenderError) {
        for block in blocks {
            try collect(block, x: x, width: width)
        }
    }

    private mutating func append(_ item: FlowItem) {
        var item = item
        item.spaceBefore += pendingSpace
        pendingSpace = 0
        flow.items.append(item)
    }

    private mutating func collect(_ block: Block, x: Double, width: Double) throws(RenderError) {
        try limits.checkTime()
        switch block {
        case .paragraph(let paragraph):
            try collect(paragraph, x: x, width: width)
        case .table(let table):
            try collect(table, x: x, width: width)
        case .list(let list):
            try collect(list, x: x, width: width)
        case .group(let group):
            let first = flow.items.count
            if group.keepWithPrevious, !flow.items.isEmpty { flow.items[first - 1].keepWithNext = true }
            try collect(group.blocks, x: x, width: width)
            if flow.items.count > first + 1 {
                for i in first..<(flow.items.count - 1) { flow.items[i].keepWithNext = true }
            }
        case .spacer(let height):
            pendingSpace += height
        case .rule(let rule):
            pendingSpace += rule.spaceBefore
            append(FlowItem(height: rule.thickness, marks: [
                Placed(x: x, y: rule.thickness / 2,
                       mark: .segment(dx: width, dy: 0, width: rule.thickness, dashed: rule.dashed)),
            ]))
            pendingSpace = rule.spaceAfter
        case .qr(let code):
            guard let matrix = QRMatrix(code.payload) else {
                throw RenderError(.qrCode, "cannot make a QR code of «\(code.payload.prefix(80))» (\(code.payload.utf8.count) bytes; at most 2 331)")
            }
            let left: Double
            switch code.alignment {
            case .center: left = x + (width - code.size) / 2
            case .right: left = x + width - code.size
            case .left, .justify: left = x
            }
            append(FlowItem(height: code.size, marks: [Placed(x: left, y: 0, mark: .qr(matrix, size: code.size))]))
        case .checkbox(let box):
            try collect(box, x: x, width: width)
        case .pageBreak:
            pendingSpace = 0
            flow.items.append(FlowItem(height: 0, pageBreak: true))
        case .sheetBreak:
            pendingSpace = 0
            flow.items.append(FlowItem(height: 0, pageBreak: true, newSheet: true))
        }
    }

    private mutating func collect(_ paragraph: Paragraph, x: Double, width: Double) throws(RenderError) {
        let text = try LaidText.make(runs: paragraph.runs, style: paragraph.style, width: width - paragraph.indent,
                                alignment: paragraph.alignment, firstLineIndent: paragraph.firstLineIndent,
                                page: page, fonts: fonts)
        let count = text.lines.count
        pendingSpace += paragraph.spaceBefore
        for (index, line) in text.lines.enumerated() {
            // No orphan (first line alone) and no widow (last line alone).
            let keep = (index == 0 && count > 1) || (index == count - 2) || (index == count - 1 && paragraph.keepWithNext)
            append(FlowItem(height: line.height, keepWithNext: keep, marks: [
                Placed(x: x + paragraph.indent, y: 0, mark: .line(text, index: index, gray: paragraph.style.gray)),
            ]))
        }
        pendingSpace += paragraph.spaceAfter
    }

    private mutating func collect(_ table: Table, x: Double, width: Double) throws(RenderError) {
        let total = table.columns.reduce(0, +)
        let widths = table.columns.map { width * $0 / (total > 0 ? total : 1) }
        pendingSpace += table.spaceBefore
        var headerIndex: Int?
        if !table.header.isEmpty {
            var header = FlowItem(height: 0, keepWithNext: true)
            for row in table.header {
                let cells = try self.cells(row, x: x, widths: widths, table: table)
                let item = self.row(cells, x: x, widths: widths, table: table, shaded: row.shaded,
                                    slice: 0...(cells.map(\.height).max() ?? 0))
                header.marks += item.marks.map { $0.offset(x: 0, y: header.height) }
                header.height += item.height
            }
            headerIndex = flow.headers.count
            flow.headers.append(header)
            append(header)
        }
        let headerHeight = headerIndex.map { flow.headers[$0].height } ?? 0
        var continuation: (index: Int, height: Double)?
        for body in table.rows {
            let cells = try self.cells(body, x: x, widths: widths, table: table)
            let height = (cells.map(\.height).max() ?? 0) + 2 * table.padding
            guard height > pageHeight - headerHeight else {
                var item = row(cells, x: x, widths: widths, table: table, shaded: body.shaded,
                               slice: 0...(cells.map(\.height).max() ?? 0))
                item.repeatHeader = headerIndex
                append(item)
                continue
            }
            // Taller than a page: slices at line boundaries, each fitting under the header and
            // the «(жалғасы)» label that marks a slice starting a page.
            if continuation == nil {
                let label = try LaidText.make(runs: [Run(text: table.continuedLabel)],
                                              style: TextStyle(family: "DejaVu Serif", size: 8, italic: true, gray: 0.35),
                                              width: nil, fonts: fonts)
                flow.continuations.append(FlowItem(height: label.height, marks: [Placed(x: x, y: 0, mark: .line(label, index: 0, gray: 0.35))]))
                continuation = (flow.continuations.count - 1, label.height)
            }
            let room = pageHeight - headerHeight - continuation!.height - 2 * table.padding
            let slices = Self.slices(cells.flatMap(\.marks), height: height - 2 * table.padding, room: room)
            for (number, slice) in slices.enumerated() {
                var item = row(cells, x: x, widths: widths, table: table, shaded: body.shaded, slice: slice)
                item.repeatHeader = headerIndex
                // No keep-with-next between slices: the paginator fills each page to its last line
                // (a chain would move the rest of the row to a fresh page too early).
                if number > 0 { item.continuation = continuation!.index }
                append(item)
            }
        }
        pendingSpace += table.spaceAfter
    }

    /// Each cell of a row laid out as a stack, relative to the cell's content box.
    private func cells(_ row: TableRow, x: Double, widths: [Double], table: Table) throws(RenderError) -> [(marks: [Placed], height: Double)] {
        var cells: [(marks: [Placed], height: Double)] = []
        var left = x
        for (column, width) in widths.enumerated() {
            let blocks = column < row.cells.count ? row.cells[column] : []
            cells.append(try stack(blocks, x: left + table.padding, width: width - 2 * table.padding))
            left += width
        }
        return cells
    }

    /// A row (or the slice `slice` of its content, in points from the content's top) as one
    /// flow item: the cells' marks in that band, with padding, shading and borders around it.
    private func row(_ cells: [(marks: [Placed], height: Double)], x: Double, widths: [Double], table: Table,
                     shaded: Bool, slice: ClosedRange<Double>) -> FlowItem {
        let content = (cells.map(\.height).max() ?? 0)
        let first = slice.lowerBound <= 0, last = slice.upperBound >= content
        let top = first ? table.padding : 0
        let height = slice.upperBound - slice.lowerBound + top + (last ? table.padding : 0)
        var marks: [Placed] = []
        var left = x
        for (column, width) in widths.enumerated() {
            if shaded {
                marks.append(Placed(x: left, y: 0, mark: .rectangle(width: width, height: height, fill: 0.92, stroke: nil)))
            }
            for mark in cells[column].marks where first && last || (mark.y >= slice.lowerBound - 0.01 && mark.y < slice.upperBound - 0.01) {
                marks.append(mark.offset(x: 0, y: top - slice.lowerBound))
            }
            if table.borders && first && last {
                marks.append(Placed(x: left, y: 0, mark: .rectangle(width: width, height: height, fill: nil, stroke: 0.5)))
            } else if table.borders {
                // A slice of a split row: its sides, and its top or bottom only where the row has one.
                for side in [left, left + width] {
                    marks.append(Placed(x: side, y: 0, mark: .segment(dx: 0, dy: height, width: 0.5, dashed: false)))
                }
                if first { marks.append(Placed(x: left, y: 0, mark: .segment(dx: width, dy: 0, width: 0.5, dashed: false))) }
                if last { marks.append(Placed(x: left, y: height, mark: .segment(dx: width, dy: 0, width: 0.5, dashed: false))) }
            }
            left += width
        }
        return FlowItem(height: height, marks: marks)
    }

    /// Where to cut content of `height`: between text lines, never through a mark (a nested
    /// box, a QR code). Every such cut is made, so the paginator fills each page to the last
    /// line that fits; a band taller than `room` that cannot be cut stays whole (the
    /// paginator then refuses it rather than clip it).
    static func slices(_ marks: [Placed], height: Double, room: Double) -> [ClosedRange<Double>] {
        var spans: [(top: Double, bottom: Double)] = []
        var cuts: Set<Double> = []
        for placed in marks {
            switch placed.mark {
            case .line(let text, let index, _):
                let bottom = placed.y + text.lines[index].height
                spans.append((placed.y, bottom))
                cuts.insert(bottom)
            case .rectangle(_, let h, _, _): spans.append((placed.y, placed.y + h))
            case .segment(_, let dy, _, _): spans.append((min(placed.y, placed.y + dy), max(placed.y, placed.y + dy)))
            case .qr(_, let size): spans.append((placed.y, placed.y + size))
            }
        }
        // Spans merged where they overlap (not where they only touch): a cut is valid unless it
        // falls strictly inside a merged span. Sorting keeps it O(n log n) for thousands of lines.
        var merged: [(top: Double, bottom: Double)] = []
        for span in spans.sorted(by: { $0.top < $1.top }) {
            if let last = merged.last, span.top < last.bottom - 0.01 {
                merged[merged.count - 1].bottom = max(last.bottom, span.bottom)
            } else {
                merged.append(span)
            }
        }
        func inside(_ cut: Double) -> Bool {
            var low = 0, high = merged.count
            while low < high {  // the first span whose bottom is past the cut
                let middle = (low + high) / 2
                if merged[middle].bottom <= cut + 0.01 { low = middle + 1 } else { high = middle }
            }
            return low < merged.count && merged[low].top < cut - 0.01
        }
        let valid = cuts.filter { $0 < height - 0.01 && !inside($0) }.sorted()
        var result: [ClosedRange<Double>] = []
        var start = 0.0
        for cut in valid where cut > start + 0.01 {
            result.append(start...cut)
            start = cut
        }
        result.append(start...height)
        return result
    }

    /// Lays out blocks as one unbreakable box: its marks relative to its top, and its height.
    func stack(_ blocks: [Block], x: Double, width: Double) throws(RenderError) -> (marks: [Placed], height: Double) {
        var inner = Composer(fonts: fonts, page: page)
        try inner.collect(blocks, x: x, width: width)
        var marks: [Placed] = []
        var y = 0.0
        for (index, item) in inner.flow.items.enumerated() {
            if index > 0 { y += item.spaceBefore }
            marks += item.marks.map { $0.offset(x: 0, y: y) }
            y += item.height
        }
        return (marks, y)
    }

    private mutating func collect(_ list: List, x: Double, width: Double) throws(RenderError) {
        pendingSpace += list.spaceBefore
        for item in list.items {
            let first = flow.items.count
            try collect(item.blocks, x: x + list.indent, width: width - list.indent)
            guard first < flow.items.count else { continue }
            let label = try LaidText.make(runs: [Run(text: item.label)], style: list.labelStyle, width: nil, fonts: fonts)
            var y = 0.0
            if case .line(let text, let index, _)? = flow.items[first].marks.first?.mark, let labelLine = label.lines.first {
                y = text.lines[index].baseline - labelLine.baseline
            }
            flow.items[first].marks.append(Placed(x: x, y: y, mark: .line(label, index: 0, gray: list.labelStyle.gray)))
        }
        pendingSpace += list.spaceAfter
    }

    private mutating func collect(_ box: Checkbox, x: Double, width: Double) throws(RenderError) {
        let side = box.style.size * 0.9
        let gap = side + box.style.size * 0.6
        let text = try LaidText.make(runs: box.label, style: box.style, width: width - gap, fonts: fonts)
        for (index, line) in text.lines.enumerated() {
            var marks = [Placed(x: x + gap, y: 0, mark: .line(text, index: index, gray: box.style.gray))]
            if index == 0 {
                let top = line.baseline - side
                marks.append(Placed(x: x, y: top, mark: .rectangle(width: side, height: side, fill: nil, stroke: 0.8)))
                if box.checked {
                    marks.append(Placed(x: x, y: top, mark: .segment(dx: side, dy: side, width: 1, dashed: false)))
                    marks.append(Placed(x: x, y: top + side, mark: .segment(dx: side, dy: -side, width: 1, dashed: false)))
                }
            }
            append(FlowItem(height: line.height, keepWithNext: index < text.lines.count - 1, marks: marks))
        }
    }
}
