import QujatDocument

/// Lays documents out into pages with the fonts of one folder: the one entry point from a
/// document tree to laid-out pages. Painting them is QujatPDF's business.
///
/// A `Typesetter` owns Pango state, which must stay on one thread: it is not `Sendable`.
/// Make one per worker and reuse it (reusing the font map is about twice as fast as making
/// a new one per document).
public final class Typesetter {
    package let fonts: FontLibrary
    /// The page and time limits of the next documents; set before each render.
    public var limits = RenderLimits()

    /// - Parameter fontsDirectory: the only folder fonts are taken from; system fonts are never used.
    public init(fontsDirectory: String) throws(RenderError) {
        fonts = try FontLibrary(directory: fontsDirectory)
    }

    /// Font family names found in the fonts folder.
    public var fontFamilies: Set<String> { fonts.families }

    /// Lays `document` out into pages: composes its blocks, breaks them into pages and adds
    /// each page's header, footer and fixed boxes. Checks `limits` as it goes.
    public func layout(_ document: Document) throws(RenderError) -> LaidDocument {
        let setup = document.page
        var composer = Composer(fonts: fonts, limits: limits)
        composer.pageHeight = setup.growsWithContent ? .infinity : setup.contentHeight
        try composer.collect(document.body, x: 0, width: setup.contentWidth)
        var frames = try Paginator(setup: setup).paginate(composer.flow)
        try limits.checkPages(frames.count)
        try addFurniture(document, to: &frames)
        var pages = LaidDocument(frames: frames)
        if let mark = document.watermark {
            pages.watermark = try LaidText.make(runs: [Run(text: mark.text)], style: mark.style, width: nil, fonts: fonts)
            pages.watermarkAngle = mark.angle
            pages.watermarkGray = mark.style.gray
        }
        return pages
    }

    /// Page header and footer (with «N / M»), and fixed boxes. Each copy of a document printed
    /// in several copies (a receipt: one for each side) is a complete document: its pages are
    /// numbered within the copy, and first/last-page boxes go on the copy's first/last page.
    private func addFurniture(_ document: Document, to frames: inout [Frame]) throws(RenderError) {
        let setup = document.page
        let starts = [0] + frames.indices.filter { $0 > 0 && frames[$0].startsSheet }
        for index in frames.indices {
            let start = starts.last { $0 <= index }!
            let end = starts.first { $0 > index } ?? frames.count
            let number = index - start + 1, count = end - start
            let furniture = Composer(fonts: fonts, page: (number, count))
            var marks: [Placed] = []
            if !document.header.isEmpty {
                let header = try furniture.stack(document.header, x: setup.margins.left, width: setup.contentWidth)
                let top = max(4, setup.margins.top - header.height - 6)
                marks += header.marks.map { $0.offset(x: 0, y: top) }
            }
            if !document.footer.isEmpty {
                let footer = try furniture.stack(document.footer, x: setup.margins.left, width: setup.contentWidth)
                let top = frames[index].height - setup.margins.bottom + 6
                marks += footer.marks.map { $0.offset(x: 0, y: top) }
            }
            for box in document.fixed {
                switch box.pages {
                case .first where number != 1, .last where number != count: continue
                default: break
                }
                let content = try furniture.stack(box.blocks, x: box.x, width: box.width)
                marks += content.marks.map { $0.offset(x: 0, y: box.y) }
                if box.border {
                    marks.append(Placed(x: box.x - 3, y: box.y - 3,
                                        mark: .rectangle(width: box.width + 6, height: content.height + 6, fill: nil, stroke: 0.8)))
                }
            }
            frames[index].marks += marks
        }
    }
}

/// A document laid out into pages, ready to paint: each page's marks at page coordinates.
public struct LaidDocument {
    package var frames: [Frame]
    package var watermark: LaidText?
    package var watermarkAngle = 0.0
    package var watermarkGray = 0.0

    package init(frames: [Frame]) { self.frames = frames }

    /// Number of pages.
    public var pageCount: Int { frames.count }
    /// How the pages fall into copies (sheets in duplex printing).
    public var info: PageInfo { PageInfo(frames) }
}
