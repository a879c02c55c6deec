import QujatDocument

/// Distributes flow items over pages: "take just enough from the flow to fill one page",
/// honouring keep-with-next chains and repeating table headers on each new page.
struct Paginator {
    let setup: PageSetup

    /// - Throws: a render error naming the content when an item is taller than the page and
    ///   cannot be split (nothing is ever drawn over the footer or off the page).
    func paginate(_ flow: Flow) throws(RenderError) -> [Frame] {
        let limit = setup.growsWithContent ? Double.infinity : setup.contentHeight
        var frames = [Frame(width: setup.width, height: setup.height)]
        var y = 0.0
        var atTop = true
        let items = flow.items

        func place(_ item: FlowItem, space: Double) {
            let top = setup.margins.top + y + space
            frames[frames.count - 1].marks += item.marks.map { $0.offset(x: setup.margins.left, y: top) }
            y += space + item.height
            atTop = false
        }
        func newPage() {
            frames.append(Frame(width: setup.width, height: setup.height))
            y = 0
            atTop = true
        }

        var index = 0
        while index < items.count {
            let item = items[index]
            if item.pageBreak {
                if !atTop { newPage() }
                if item.newSheet { frames[frames.count - 1].startsSheet = true }
                index += 1
                continue
            }
            let space = atTop ? 0 : item.spaceBefore
            if !atTop {
                // The whole keep-with-next chain moves to the next page if it does not fit here.
                var chain = space + item.height
                var last = index
                while items[last].keepWithNext, last + 1 < items.count, !items[last + 1].pageBreak {
                    last += 1
                    chain += items[last].spaceBefore + items[last].height
                }
                let header = item.repeatHeader.map { flow.headers[$0].height } ?? 0
                if y + chain > limit && chain - space + header <= limit {
                    newPage()
                } else if y + space + item.height > limit {
                    newPage()
                }
            }
            let startsPage = atTop
            if startsPage, let header = item.repeatHeader {
                place(flow.headers[header], space: 0)
            }
            if startsPage, let label = item.continuation {
                place(flow.continuations[label], space: 0)
            }
            let top = atTop ? 0 : item.spaceBefore
            if y + top + item.height > limit + 0.01 {
                throw RenderError(.layout, "content taller than a page cannot be split and would run off it: «\(Self.firstText(item))»")
            }
            place(item, space: top)
            index += 1
        }
        if setup.growsWithContent {
            frames[0].height = setup.margins.top + y + setup.margins.bottom
        }
        return frames
    }

    /// The first words of an item's text, to name it in an error.
    static func firstText(_ item: FlowItem) -> String {
        for placed in item.marks {
            if case .line(let text, _, _) = placed.mark {
                return String(text.text.prefix(60))
            }
        }
        return "a block without text"
    }
}
