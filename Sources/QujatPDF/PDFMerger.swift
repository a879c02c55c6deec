import QujatLayout
import Foundation

/// Joins PDF files written by `PDFWriter` into one print file, page for page, without
/// drawing anything again: each source's objects are copied with new numbers, and a new
/// page tree, outline (one entry per source) and information dictionary are written.
///
/// This is what lets a batch render documents in parallel, keep each one as its own file,
/// and still print one file per group whose pages are exactly those files' pages. It reads
/// the simple layout Cairo writes (a classic cross-reference table, one flat page tree, no
/// object streams), checks it, and refuses anything else.
///
/// Everything works on bytes: a batch merges every document it renders on one thread, so
/// this runs beside the renderers and must stay small next to them (about 40 µs for a
/// 25 KB license; with `String` searches it was 180 µs).
///
/// Each source keeps its own font subsets, so a merged file is about the sum of its sources:
/// a batch merges print sections of many documents each (see `QujatBatch.PrintSections`).
public final class PDFMerger {
    private let write: (UnsafeRawBufferPointer) -> Void
    var offset = 0
    /// Byte offset of every object, by number; 0 for a number not yet written.
    var offsets: [Int] = [0, 0, 0, 0, 0]
    private var kids: [Int] = []
    /// The last outline item, written once the next one's number is known (items are written
    /// as the file grows, so a merge of any size keeps only this one in memory).
    private var pendingItem: (number: Int, title: String, page: Int, previous: Int?)?
    private var firstItem: Int?
    private var items = 0
    private var finished = false
    /// One source's renumbered objects, written with one call.
    var buffer: [UInt8] = []
    /// The font objects written so far, by their renumbered bytes (see `shareFonts`).
    var fonts: [[UInt8]: Int] = [:]
    var fontBytes = 0

    private static let pagesNumber = 1, catalogNumber = 2, infoNumber = 3, outlinesNumber = 4

    /// Pages written so far, blank padding included.
    public var pageCount: Int { kids.count }

    /// - Parameter write: receives the merged file's bytes in order (valid during the call only).
    public init(write: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.write = write
        emit(Array("%PDF-1.5\n%".utf8) + [0xB5, 0xED, 0xAE, 0xFB] + [0x0A])
    }

    /// Appends every page of `pdf`.
    /// - Parameters:
    ///   - outline: the bookmark title for the source's first page, or nil.
    ///   - padding: blank pages to add for duplex printing (see `PageInfo.duplexPadding`).
    public func add(_ pdf: [UInt8], outline title: String?, padding: Set<Int> = []) throws(RenderError) {
        try add(pdf, outline: title.map { [(title: $0, page: 0)] } ?? [], padding: padding)
    }

    /// Appends every page of `pdf`, a source of many documents (a batch's print section).
    /// - Parameters:
    ///   - outline: a bookmark for each document in it: its title and its first page (0-based
    ///     among the pages taken), in page order.
    ///   - padding: blank pages to add for duplex printing (see `PageInfo.duplexPadding`).
    ///   - keeping: the pages to take (0-based), in order; nil: all. Only the objects these
    ///     pages use are copied.
    public func add(_ pdf: [UInt8], outline: [(title: String, page: Int)], padding: Set<Int> = [],
                    keeping: [Int]? = nil) throws(RenderError) {
        let source = try SourcePDF(pdf)
        let pages = keeping.map { $0.map { source.pages[$0] } } ?? source.pages
        let used = keeping == nil ? nil : try Self.used(by: pages, in: source)
        // -1 for objects the merged file replaces or leaves out.
        var numbers = [Int](repeating: -1, count: source.objects.count)
        numbers[source.pagesNumber] = Self.pagesNumber
        buffer.removeAll(keepingCapacity: true)
        buffer.reserveCapacity(pdf.count + 256)
        // Fonts first: a font the file already has (the same subset, byte for byte) is
        // referred to, not copied again.
        let fonts = try shareFonts(source, used: used, numbers: &numbers)
        // The rest: new numbers in the order of the old ones.
        var copied: [Int] = []
        for number in source.objects.indices where source.objects[number] != nil && !source.skipped.contains(number)
            && used?.contains(number) != false && !fonts.contains(number) {
            numbers[number] = offsets.count
            offsets.append(0)
            copied.append(number)
        }
        for number in copied {
            offsets[numbers[number]] = offset + buffer.count
            try Self.renumber(pdf, source.objects[number]!, to: numbers, into: &buffer)
        }
        emit(buffer)
        var marks = outline[...]
        var mediaBox = Array("[ 0 0 595.275591 841.889764 ]".utf8)
        for (index, page) in pages.enumerated() {
            if let box = source.mediaBox(of: page) { mediaBox = box }
            if padding.contains(index) { blankPage(mediaBox) }
            while let mark = marks.first, mark.page <= index {
                marks.removeFirst()
                addItem(mark.title)
            }
            kids.append(numbers[page])
        }
        if padding.contains(pages.count) { blankPage(mediaBox) }
        for mark in marks { addItem(mark.title) }  // past the last page: points at the next one
    }

    /// The objects `pages` need: they and everything they refer to, the page-tree root aside.
    private static func used(by pages: [Int], in source: SourcePDF) throws(RenderError) -> Set<Int> {
        var used = Set(pages), todo = pages
        while let number = todo.popLast() {
            guard let range = source.dictionary(number) else { throw SourcePDF.malformed("object \(number) is missing") }
            for next in references(source.bytes, range) where !source.skipped.contains(next) && used.insert(next).inserted {
                todo.append(next)
            }
        }
        return used
    }

    /// An outline item for the next page written.
    private func addItem(_ title: String) {
        let number = offsets.count
        offsets.append(0)
        if let pendingItem { writeItem(pendingItem, next: number) }
        pendingItem = (number, title, kids.count, pendingItem?.number)
        if firstItem == nil { firstItem = number }
        items += 1
    }

    deinit { forgetFonts() }

    /// Lets go of the font bytes kept for comparison (the file takes no more sources).
    private func forgetFonts() {
        FontMemory.shared.give(fontBytes)
        fontBytes = 0
        fonts.removeAll()
    }

    /// Writes the page tree, outline, information dictionary and cross-reference table.
    public func finish(title: String, creator: String) {
        guard !finished else { return }
        finished = true
        forgetFonts()
        var text = PDFText()
        text += "<< /Type /Pages\n   /Kids [ "
        for (index, kid) in kids.enumerated() {
            if index > 0 { text += " " }
            text.reference(kid)
        }
        text += " ]\n   /Count "
        text.number(kids.count)
        text += "\n>>"
        object(Self.pagesNumber, text)
        var catalog = PDFText("<< /Type /Catalog\n   /Pages \(Self.pagesNumber) 0 R\n")
        if let firstItem, let last = pendingItem {
            writeItem(last, next: nil)
            object(Self.outlinesNumber, PDFText("<< /Type /Outlines\n   /First \(firstItem) 0 R\n   /Last \(last.number) 0 R\n   /Count \(items)\n>>"))
            catalog += "   /Outlines \(Self.outlinesNumber) 0 R\n   /PageMode /UseOutlines\n"
        } else {
            object(Self.outlinesNumber, PDFText("<< /Type /Outlines\n   /Count 0\n>>"))
        }
        catalog += ">>"
        object(Self.catalogNumber, catalog)
        var info = PDFText("<< /Title ")
        info.string(title)
        info += "\n   /Creator "
        info.string(creator)
        info += "\n   /Producer "
        info.string(creator)
        info += "\n>>"
        object(Self.infoNumber, info)
        let xref = offset
        var table = PDFText("xref\n0 \(offsets.count)\n0000000000 65535 f \n")
        table.bytes.reserveCapacity(offsets.count * 20 + 100)
        for position in offsets.dropFirst() {
            table.number(position, width: 10)
            table += " 00000 n \n"
        }
        table += "trailer\n<< /Size \(offsets.count)\n   /Root \(Self.catalogNumber) 0 R\n   /Info \(Self.infoNumber) 0 R\n>>\nstartxref\n\(xref)\n%%EOF\n"
        emit(table.bytes)
    }

    /// An outline item: its title, its neighbours, and the first page of its source.
    private func writeItem(_ item: (number: Int, title: String, page: Int, previous: Int?), next: Int?) {
        var text = PDFText("<< /Title ")
        text.string(item.title)
        text += "\n   /Parent \(Self.outlinesNumber) 0 R\n"
        if let previous = item.previous { text += "   /Prev "; text.reference(previous); text += "\n" }
        if let next { text += "   /Next "; text.reference(next); text += "\n" }
        text += "   /Dest [ "
        text.reference(kids[min(item.page, kids.count - 1)])
        text += " /XYZ null null null ]\n>>"
        object(item.number, text)
    }

    private func blankPage(_ mediaBox: [UInt8]) {
        let number = offsets.count
        offsets.append(0)
        var page = PDFText("<< /Type /Page\n   /Parent \(Self.pagesNumber) 0 R\n   /MediaBox ")
        page.bytes += mediaBox
        page += "\n   /Resources << >>\n>>"
        object(number, page)
        kids.append(number)
    }

    private func object(_ number: Int, _ body: PDFText) {
        offsets[number] = offset
        var text = PDFText()
        text.bytes.reserveCapacity(body.bytes.count + 32)
        text.number(number)
        text += " 0 obj\n"
        text.bytes += body.bytes
        text += "\nendobj\n"
        emit(text.bytes)
    }

    func emit(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
        offset += bytes.count
    }

    /// Appends the object in `range` to `out` with its number and every indirect reference
    /// in its dictionary changed to the new numbers; stream data and `endobj` are copied as
    /// they are.
    static func renumber(_ pdf: [UInt8], _ range: Range<Int>, to numbers: [Int], into out: inout [UInt8]) throws(RenderError) {
        var cursor = range.lowerBound
        guard let old = SourcePDF.integer(pdf, &cursor), old < numbers.count, numbers[old] >= 0 else {
            throw SourcePDF.malformed("bad object header")
        }
        PDFText.appendNumber(numbers[old], to: &out)
        out.append(contentsOf: " 0 obj\n".utf8)
        try renumberBody(pdf, range, to: numbers, into: &out)
    }

    /// Appends what follows the object's "N 0 obj" line, renumbered as `renumber` does.
    static func renumberBody(_ pdf: [UInt8], _ range: Range<Int>, to numbers: [Int], into out: inout [UInt8]) throws(RenderError) {
        // "N 0 obj" header.
        guard let headerEnd = pdf.find([0x0A], in: range) else { throw SourcePDF.malformed("object without a header line") }
        var cursor = range.lowerBound
        guard SourcePDF.integer(pdf, &cursor) != nil, pdf[cursor..<headerEnd].elementsEqual(" 0 obj".utf8) else {
            throw SourcePDF.malformed("bad object header")
        }
        // The dictionary ends where the stream starts (Cairo writes ">>\nstream\n"); objects
        // without a stream are all dictionary.
        var streamStart = range.upperBound
        if let found = pdf.find(streamMarker, in: (headerEnd + 1)..<range.upperBound) { streamStart = found + 2 }
        try renumberReferences(pdf, (headerEnd + 1)..<streamStart, numbers, into: &out)
        out.append(contentsOf: pdf[streamStart..<range.upperBound])
    }

    /// Appends the dictionary text in `range` with every `N G R` renumbered.
    static func renumberReferences(_ pdf: [UInt8], _ range: Range<Int>, _ numbers: [Int], into out: inout [UInt8]) throws(RenderError) {
        try pdf.withUnsafeBufferPointer { (text) throws(RenderError) in
            var copied = range.lowerBound
            try forEachReference(text, range) { (first, end, old) throws(RenderError) in
                guard old < numbers.count, numbers[old] >= 0 else {
                    throw SourcePDF.malformed("reference to object \(old), which the file does not have")
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied..<first]))
                PDFText.appendNumber(numbers[old], to: &out)
                out.append(contentsOf: " 0 R".utf8)
                copied = end
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied..<range.upperBound]))
        }
    }

    /// The objects the dictionary text in `range` refers to.
    static func references(_ pdf: [UInt8], _ range: Range<Int>) -> [Int] {
        var found: [Int] = []
        pdf.withUnsafeBufferPointer { text in
            forEachReference(text, range) { _, _, old in found.append(old) }
        }
        return found
    }

    /// Calls `body` with each `N G R` in `range`: where it starts, where it ends and N.
    /// References are found from their `R` (memchr) and read backwards, so the bytes between
    /// them are not looked at one by one.
    private static func forEachReference<E: Error>(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                                                   _ body: (Int, Int, Int) throws(E) -> Void) throws(E) {
        let space: UInt8 = 0x20
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isDelimiter(_ byte: UInt8) -> Bool {
            byte == space || byte == 0x0A || byte == 0x0D || byte == 0x5B || byte == 0x5D || byte == 0x3C || byte == 0x3E || byte == 0x2F
        }
        let base = text.baseAddress!
        let start = range.lowerBound, end = range.upperBound
        var search = start
        while search < end, let hit = memchr(base + search, 0x52, end - search) { // "R"
            let r = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            search = r + 1
            // "N G R": R ends a token, after a space, a generation and a space ...
            guard r + 1 == end || isDelimiter(text[r + 1]), r - 1 > start, text[r - 1] == space else { continue }
            var gen = r - 1
            while gen > start && isDigit(text[gen - 1]) { gen -= 1 }
            guard gen < r - 1, gen - 1 > start, text[gen - 1] == space else { continue }
            // ... and an object number that starts a token.
            var first = gen - 1
            while first > start && isDigit(text[first - 1]) { first -= 1 }
            guard first < gen - 1, first == start || isDelimiter(text[first - 1]), gen - 1 - first < 10 else { continue }
            var old = 0
            for index in first..<(gen - 1) { old = old &* 10 &+ Int(text[index] - 0x30) }
            try body(first, r + 1, old)
        }
    }
}
