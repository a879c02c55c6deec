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
/// Each source keeps its own font subsets, so a merged file is about the sum of its sources.
public final class PDFMerger {
    private let write: (UnsafeRawBufferPointer) -> Void
    private var offset = 0
    /// Byte offset of every object, by number; 0 for a number not yet written.
    private var offsets: [Int] = [0, 0, 0, 0, 0]
    private var kids: [Int] = []
    private var outline: [(title: String, page: Int)] = []
    private var finished = false

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
        let source = try SourcePDF(pdf)
        var numbers: [Int: Int] = [:]
        for number in source.objects.keys.sorted() where !source.skipped.contains(number) {
            numbers[number] = offsets.count
            offsets.append(0)
        }
        numbers[source.pagesNumber] = Self.pagesNumber
        for number in source.objects.keys.sorted() where !source.skipped.contains(number) {
            let range = source.objects[number]!
            offsets[numbers[number]!] = offset
            // The renumbered header and dictionary, then the stream data as it is (no copy).
            let (head, rest) = try Self.renumber(pdf, range, to: numbers)
            emit(head)
            pdf.withUnsafeBytes { emit(UnsafeRawBufferPointer(rebasing: $0[rest])) }
        }
        if let title { outline.append((title, kids.count)) }
        var mediaBox = "[ 0 0 595.275591 841.889764 ]"
        for (index, page) in source.pages.enumerated() {
            if let box = source.mediaBox(of: page) { mediaBox = box }
            if padding.contains(index) { blankPage(mediaBox) }
            kids.append(numbers[page]!)
        }
        if padding.contains(source.pages.count) { blankPage(mediaBox) }
    }

    /// Writes the page tree, outline, information dictionary and cross-reference table.
    public func finish(title: String, creator: String) {
        guard !finished else { return }
        finished = true
        let kidList = kids.map { "\($0) 0 R" }.joined(separator: " ")
        object(Self.pagesNumber, "<< /Type /Pages\n   /Kids [ \(kidList) ]\n   /Count \(kids.count)\n>>")
        var catalog = "<< /Type /Catalog\n   /Pages \(Self.pagesNumber) 0 R\n"
        if !outline.isEmpty {
            let first = offsets.count
            let items = outline.count
            offsets += Array(repeating: 0, count: items)
            for (index, entry) in outline.enumerated() {
                var item = "<< /Title \(Self.text(entry.title))\n   /Parent \(Self.outlinesNumber) 0 R\n"
                if index > 0 { item += "   /Prev \(first + index - 1) 0 R\n" }
                if index + 1 < items { item += "   /Next \(first + index + 1) 0 R\n" }
                item += "   /Dest [ \(kids[min(entry.page, kids.count - 1)]) 0 R /XYZ null null null ]\n>>"
                object(first + index, item)
            }
            object(Self.outlinesNumber, "<< /Type /Outlines\n   /First \(first) 0 R\n   /Last \(first + items - 1) 0 R\n   /Count \(items)\n>>")
            catalog += "   /Outlines \(Self.outlinesNumber) 0 R\n   /PageMode /UseOutlines\n"
        } else {
            object(Self.outlinesNumber, "<< /Type /Outlines\n   /Count 0\n>>")
        }
        object(Self.catalogNumber, catalog + ">>")
        object(Self.infoNumber, "<< /Title \(Self.text(title))\n   /Creator \(Self.text(creator))\n   /Producer \(Self.text(creator))\n>>")
        let xref = offset
        var table = "xref\n0 \(offsets.count)\n0000000000 65535 f \n"
        table.reserveCapacity(offsets.count * 20 + 100)
        for position in offsets.dropFirst() {
            let digits = String(position)
            table += String(repeating: "0", count: max(0, 10 - digits.count)) + digits + " 00000 n \n"
        }
        table += "trailer\n<< /Size \(offsets.count)\n   /Root \(Self.catalogNumber) 0 R\n   /Info \(Self.infoNumber) 0 R\n>>\nstartxref\n\(xref)\n%%EOF\n"
        emit(Array(table.utf8))
    }

    private func blankPage(_ mediaBox: String) {
        let number = offsets.count
        offsets.append(0)
        object(number, "<< /Type /Page\n   /Parent \(Self.pagesNumber) 0 R\n   /MediaBox \(mediaBox)\n   /Resources << >>\n>>")
        kids.append(number)
    }

    private func object(_ number: Int, _ body: String) {
        offsets[number] = offset
        emit(Array("\(number) 0 obj\n\(body)\nendobj\n".utf8))
    }

    private func emit(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { emit($0) }
    }

    private func emit(_ bytes: UnsafeRawBufferPointer) {
        write(bytes)
        offset += bytes.count
    }

    /// A text string: UTF-16BE with a byte-order mark, in hex.
    static func text(_ string: String) -> String {
        let hex: [Character] = Array("0123456789ABCDEF")
        var out = "<FEFF"
        for unit in string.utf16 {
            for shift in [12, 8, 4, 0] { out.append(hex[Int((unit >> UInt16(shift)) & 0xF)]) }
        }
        return out + ">"
    }

    /// The object's new header and dictionary (its number and every indirect reference in it
    /// changed to the new numbers), and the range of the rest — stream data and `endobj`,
    /// copied as they are.
    static func renumber(_ pdf: [UInt8], _ range: Range<Int>, to numbers: [Int: Int]) throws(RenderError) -> ([UInt8], Range<Int>) {
        let bytes = pdf[range]
        // "N 0 obj" header.
        guard let headerEnd = bytes.firstIndex(of: 0x0A) else { throw SourcePDF.malformed("object without a header line") }
        let header = String(decoding: bytes[..<headerEnd], as: UTF8.self).split(separator: " ")
        guard header.count == 3, let old = Int(header[0]), let new = numbers[old] else {
            throw SourcePDF.malformed("bad object header")
        }
        // The dictionary ends where the stream starts (Cairo writes ">>\nstream\n"); objects
        // without a stream are all dictionary.
        var streamStart = range.upperBound
        if let found = pdf.find(streamMarker, in: (headerEnd + 1)..<range.upperBound) { streamStart = found + 2 }
        var out = Array("\(new) 0 obj\n".utf8)
        out += try renumberReferences(Array(pdf[(headerEnd + 1)..<streamStart]), numbers)
        return (out, streamStart..<range.upperBound)
    }

    /// Rewrites every `N G R` in a dictionary's text.
    static func renumberReferences(_ text: [UInt8], _ numbers: [Int: Int]) throws(RenderError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count + 16)
        var index = 0
        let space: UInt8 = 0x20, r: UInt8 = 0x52
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        func isDelimiter(_ byte: UInt8) -> Bool {
            byte == space || byte == 0x0A || byte == 0x0D || byte == 0x5B || byte == 0x5D || byte == 0x3C || byte == 0x3E || byte == 0x2F
        }
        while index < text.count {
            // A reference starts with a digit after a delimiter: "12 0 R".
            if isDigit(text[index]) && (index == 0 || isDelimiter(text[index - 1])) {
                var end = index
                while end < text.count && isDigit(text[end]) { end += 1 }
                var gen = end + 1
                if end < text.count && text[end] == space && gen < text.count && isDigit(text[gen]) {
                    while gen < text.count && isDigit(text[gen]) { gen += 1 }
                    if gen + 1 < text.count && text[gen] == space && text[gen + 1] == r
                        && (gen + 2 == text.count || isDelimiter(text[gen + 2])) {
                        let old = Int(String(decoding: text[index..<end], as: UTF8.self))!
                        guard let new = numbers[old] else {
                            throw SourcePDF.malformed("reference to object \(old), which the file does not have")
                        }
                        out += Array("\(new) 0 R".utf8)
                        index = gen + 2
                        continue
                    }
                }
                out += text[index..<end]
                index = end
                continue
            }
            out.append(text[index])
            index += 1
        }
        return out
    }
}

/// The parts of a Cairo PDF file the merger needs.
struct SourcePDF {
    /// Byte range of each object, "N 0 obj" through "endobj\n".
    var objects: [Int: Range<Int>] = [:]
    var pagesNumber = 0
    var pages: [Int] = []
    /// Catalog, information dictionary and page-tree root: the merged file writes its own.
    var skipped: Set<Int> = []
    let bytes: [UInt8]

    static func malformed(_ why: String) -> RenderError {
        RenderError(.cairo, "cannot merge PDF: \(why)")
    }

    init(_ bytes: [UInt8]) throws(RenderError) {
        self.bytes = bytes
        guard let startRange = bytes.lastRange(of: Array("startxref\n".utf8)) else { throw Self.malformed("no startxref") }
        var cursor = startRange.upperBound
        guard let xref = Self.integer(bytes, &cursor), xref < bytes.count,
              bytes[xref...].starts(with: Array("xref\n".utf8)) else { throw Self.malformed("no cross-reference table") }
        cursor = xref + 5
        guard let first = Self.integer(bytes, &cursor), first == 0, let count = Self.integer(bytes, &cursor) else {
            throw Self.malformed("cross-reference table is not one section from 0")
        }
        while cursor < bytes.count && (bytes[cursor] == 0x0A || bytes[cursor] == 0x20) { cursor += 1 }
        var starts: [(number: Int, offset: Int)] = []
        for number in 0..<count {
            let entry = cursor + number * 20
            guard entry + 20 <= bytes.count else { throw Self.malformed("cross-reference table is cut short") }
            let text = String(decoding: bytes[entry..<(entry + 18)], as: UTF8.self)
            guard text.hasSuffix("n") else { continue }
            guard let offset = Int(text.prefix(10)) else { throw Self.malformed("bad cross-reference entry") }
            starts.append((number, offset))
        }
        starts.sort { $0.offset < $1.offset }
        let endobj = Array("endobj\n".utf8)
        for (index, start) in starts.enumerated() {
            let limit = index + 1 < starts.count ? starts[index + 1].offset : xref
            guard let end = bytes[start.offset..<limit].lastRange(of: endobj) else { throw Self.malformed("object \(start.number) has no endobj") }
            objects[start.number] = start.offset..<end.upperBound
        }
        // The trailer names the catalog and the information dictionary.
        let trailer = String(decoding: bytes[(cursor + count * 20)...], as: UTF8.self)
        guard let root = Self.reference(after: "/Root", in: trailer) else { throw Self.malformed("no /Root") }
        skipped.insert(root)
        if let info = Self.reference(after: "/Info", in: trailer) { skipped.insert(info) }
        guard let catalog = dictionary(root), let pagesRoot = Self.reference(after: "/Pages", in: catalog) else {
            throw Self.malformed("catalog without /Pages")
        }
        if catalog.contains("/Outlines"), let outlines = Self.reference(after: "/Outlines", in: catalog) {
            // Outline items point at pages of this file only; the merged file has its own outline.
            throw Self.malformed("source files must not have an outline (object \(outlines))")
        }
        pagesNumber = pagesRoot
        skipped.insert(pagesRoot)
        guard let tree = dictionary(pagesRoot), let kids = tree.range(of: "/Kids [") else { throw Self.malformed("no page list") }
        let list = tree[kids.upperBound...].prefix { $0 != "]" }
        let words = list.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard words.count % 3 == 0 else { throw Self.malformed("bad /Kids") }
        for index in stride(from: 0, to: words.count, by: 3) {
            guard let number = Int(words[index]), words[index + 2] == "R" else { throw Self.malformed("bad /Kids") }
            guard let kid = dictionary(number), kid.contains("/Type /Page") && !kid.contains("/Type /Pages") else {
                throw Self.malformed("nested page trees are not supported")
            }
            pages.append(number)
        }
    }

    /// An object's text up to its stream, if it has one.
    func dictionary(_ number: Int) -> String? {
        guard let range = objects[number] else { return nil }
        let end = bytes.find(streamMarker, in: range).map { $0 + 2 } ?? range.upperBound
        return String(decoding: bytes[range.lowerBound..<end], as: UTF8.self)
    }

    func mediaBox(of page: Int) -> String? {
        guard let text = dictionary(page), let start = text.range(of: "/MediaBox [") else { return nil }
        guard let end = text[start.upperBound...].firstIndex(of: "]") else { return nil }
        return "[" + text[start.upperBound...end]
    }

    static func reference(after key: String, in text: String) -> Int? {
        guard let range = text.range(of: key + " ") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    static func integer(_ bytes: [UInt8], _ cursor: inout Int) -> Int? {
        while cursor < bytes.count && (bytes[cursor] == 0x20 || bytes[cursor] == 0x0A || bytes[cursor] == 0x0D) { cursor += 1 }
        var value = 0, digits = 0
        while cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39 {
            value = value * 10 + Int(bytes[cursor] - 0x30)
            cursor += 1
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}

extension Collection where Element == UInt8, Index == Int {
    /// The last place `pattern` occurs.
    func lastRange(of pattern: [UInt8]) -> Range<Int>? {
        guard !pattern.isEmpty, count >= pattern.count else { return nil }
        var start = endIndex - pattern.count
        while start >= startIndex {
            if self[start..<(start + pattern.count)].elementsEqual(pattern) { return start..<(start + pattern.count) }
            start -= 1
        }
        return nil
    }
}

/// Where Cairo's stream objects switch from dictionary to data.
let streamMarker = Array(">>\nstream\n".utf8)

extension Array where Element == UInt8 {
    /// The first index in `range` where `pattern` starts (memchr + memcmp: this runs over
    /// every object of every merged file).
    func find(_ pattern: [UInt8], in range: Range<Int>) -> Int? {
        guard let first = pattern.first, range.count >= pattern.count else { return nil }
        return withUnsafeBufferPointer { buffer -> Int? in
            let base = buffer.baseAddress!
            var start = range.lowerBound
            let last = range.upperBound - pattern.count
            while start <= last {
                guard let hit = memchr(base + start, Int32(first), last - start + 1) else { return nil }
                let index = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                if pattern.withUnsafeBufferPointer({ memcmp(base + index, $0.baseAddress!, pattern.count) }) == 0 { return index }
                start = index + 1
            }
            return nil
        }
    }
}
