@testable import QujatLayout
import QujatDocument
import Testing

/// The paginator alone, on synthetic flows: no fonts, no templates, no Cairo surface.
/// Each item carries one rectangle whose width is its number, so a page's marks say which
/// items it holds.
@Suite("paginator: a flow of items into pages")
struct PaginatorTests {
    /// A page with 100 pt of content height: margins 10, height 120.
    private let setup = PageSetup(width: 200, height: 120, margins: Edges(all: 10))

    private func item(_ id: Int, height: Double = 30, space: Double = 0, keep: Bool = false,
                      header: Int? = nil, continuation: Int? = nil) -> FlowItem {
        var item = FlowItem(height: height, spaceBefore: space, keepWithNext: keep)
        item.repeatHeader = header
        item.continuation = continuation
        item.marks = [Placed(x: 0, y: 0, mark: .rectangle(width: Double(id), height: height, fill: nil, stroke: nil))]
        return item
    }

    /// The item numbers on each page, in order.
    private func pages(_ flow: Flow, setup: PageSetup? = nil) throws -> [[Int]] {
        try Paginator(setup: setup ?? self.setup).paginate(flow).map { frame in
            frame.marks.compactMap { if case .rectangle(let width, _, _, _) = $0.mark { Int(width) } else { nil } }
        }
    }

    @Test("items fill a page and go on to the next; nothing crosses the bottom margin")
    func fills() throws {
        let flow = Flow(items: (1...7).map { item($0) })
        #expect(try pages(flow) == [[1, 2, 3], [4, 5, 6], [7]])
        for frame in try Paginator(setup: setup).paginate(flow) {
            for placed in frame.marks {
                guard case .rectangle(_, let height, _, _) = placed.mark else { continue }
                #expect(placed.y >= 10 && placed.y + height <= 110)
            }
        }
    }

    @Test("space before an item is dropped at the top of a page")
    func spaceDroppedAtTop() throws {
        let flow = Flow(items: [item(1, height: 60), item(2, height: 50, space: 20)])
        let frames = try Paginator(setup: setup).paginate(flow)
        #expect(frames.count == 2)
        #expect(frames[1].marks[0].y == 10)
    }

    @Test("a keep-with-next chain that does not fit moves whole to the next page")
    func keepWithNext() throws {
        // 1 and 2 fill 60 pt; the heading 3 is kept with 4: 3 + 4 need 60 pt more.
        let flow = Flow(items: [item(1), item(2), item(3, keep: true), item(4), item(5)])
        #expect(try pages(flow) == [[1, 2], [3, 4, 5]])
    }

    @Test("a chain taller than a page is not moved whole (it would never fit): it breaks, and the tail that fits stays together")
    func longChainBreaks() throws {
        // 2…5 need 120 pt: 2 stays after 1; 3…5 (90 pt) then go to the next page together.
        let flow = Flow(items: [item(1), item(2, keep: true), item(3, keep: true), item(4, keep: true), item(5)])
        #expect(try pages(flow) == [[1, 2], [3, 4, 5]])
    }

    @Test("a table header repeats at the top of each page a row starts, with «(жалғасы)» under it for a split row")
    func repeatedHeaderAndContinuation() throws {
        // The table's own header is an item of the flow, kept with the first row; each row
        // names the header to repeat, and the slice that continues a split row its label.
        var flow = Flow(items: [item(100, height: 10, keep: true), item(1, header: 0), item(2, header: 0), item(3, header: 0),
                                item(4, header: 0, continuation: 0), item(5, header: 0)])
        flow.headers = [item(100, height: 10)]
        flow.continuations = [item(200, height: 10)]
        #expect(try pages(flow) == [[100, 1, 2, 3], [100, 200, 4, 5]])
    }

    @Test("explicit page and sheet breaks: a new page, a new sheet for a copy, no empty page")
    func breaks() throws {
        var sheet = FlowItem(height: 0)
        sheet.pageBreak = true
        sheet.newSheet = true
        var page = FlowItem(height: 0)
        page.pageBreak = true
        let flow = Flow(items: [page, item(1), page, page, item(2), sheet, item(3)])
        let frames = try Paginator(setup: setup).paginate(flow)
        #expect(try pages(flow) == [[1], [2], [3]])
        #expect(frames.map(\.startsSheet) == [false, false, true])
    }

    @Test("an item taller than the page is a layout error, never drawn off the page")
    func tooTall() {
        let flow = Flow(items: [item(1), item(2, height: 101)])
        #expect(throws: RenderError.self) { try Paginator(setup: setup).paginate(flow) }
        do {
            _ = try Paginator(setup: setup).paginate(flow)
        } catch {
            #expect(error.kind == .layout)
        }
    }

    @Test("a receipt strip grows with its content: one page, margins around")
    func growsWithContent() throws {
        let strip = PageSetup(width: 200, height: 120, margins: Edges(all: 10), growsWithContent: true)
        let frames = try Paginator(setup: strip).paginate(Flow(items: (1...10).map { item($0) }))
        #expect(frames.count == 1)
        #expect(frames[0].height == 10 + 300 + 10)
    }
}
