/// How a rendered document's pages fall into sheets.
public struct PageInfo: Sendable, Hashable, Codable {
    /// Pages of the document (no blank padding).
    public var pages: Int
    /// Zero-based indexes of the pages after the first that begin a copy: in duplex printing
    /// each goes on the front of a new sheet.
    public var sheetStarts: [Int]

    public init(pages: Int, sheetStarts: [Int] = []) {
        self.pages = pages
        self.sheetStarts = sheetStarts
    }

    package init(_ frames: [Frame]) {
        pages = frames.count
        sheetStarts = frames.indices.filter { $0 > 0 && frames[$0].startsSheet }
    }

    /// Indexes of the pages a blank page goes before (`pages` itself: one at the end) so that
    /// the document and every copy start on a front side. `PDFWriter` and `PDFMerger` both
    /// pad by this.
    public func duplexPadding() -> Set<Int> {
        var padded: Set<Int> = []
        var written = 0
        for page in 0..<pages {
            if sheetStarts.contains(page) && written % 2 == 1 {
                padded.insert(page)
                written += 1
            }
            written += 1
        }
        if written % 2 == 1 { padded.insert(pages) }
        return padded
    }
}
