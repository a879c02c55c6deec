import QujatLayout
import Foundation

/// The parts of a Cairo PDF file the merger needs, found by byte search.
package struct SourcePDF {
    /// Byte range of each object, "N 0 obj" through "endobj\n", by number; nil for free entries.
    package var objects: [Range<Int>?] = []
    package var pagesNumber = 0
    package var pages: [Int] = []
    /// Catalog, information dictionary and page-tree root: the merged file writes its own.
    package var skipped: Set<Int> = []
    /// The catalog's and the information dictionary's numbers, and where the cross-reference
    /// table starts (a signature's incremental update points back at it).
    package var root = 0
    package var info: Int?
    package var startxref = 0
    package let bytes: [UInt8]

    static func malformed(_ why: String) -> RenderError {
        RenderError(.cairo, "not a PDF as Qujat writes it: \(why)")
    }

    package init(_ bytes: [UInt8]) throws(RenderError) {
        self.bytes = bytes
        let tail = max(0, bytes.count - 1024)..<bytes.count
        guard let startxrefAt = bytes.findLast(Array("startxref\n".utf8), in: tail) else { throw Self.malformed("no startxref") }
        var cursor = startxrefAt + 10
        guard let xref = Self.integer(bytes, &cursor), xref < bytes.count,
              bytes[xref...].starts(with: "xref\n".utf8) else { throw Self.malformed("no cross-reference table") }
        cursor = xref + 5
        guard let first = Self.integer(bytes, &cursor), first == 0, let count = Self.integer(bytes, &cursor) else {
            throw Self.malformed("cross-reference table is not one section from 0")
        }
        while cursor < bytes.count && (bytes[cursor] == 0x0A || bytes[cursor] == 0x20) { cursor += 1 }
        guard cursor + count * 20 <= bytes.count else { throw Self.malformed("cross-reference table is cut short") }
        var starts: [(number: Int, offset: Int)] = []
        for number in 0..<count {
            let entry = cursor + number * 20
            guard bytes[entry + 17] == 0x6E else { continue } // "n": in use
            var position = entry
            guard let offset = Self.integer(bytes, &position), position == entry + 10, offset < xref else {
                throw Self.malformed("bad cross-reference entry")
            }
            starts.append((number, offset))
        }
        starts.sort { $0.offset < $1.offset }
        objects = Array(repeating: nil, count: count)
        let endobj = Array("endobj\n".utf8)
        for (index, start) in starts.enumerated() {
            let limit = index + 1 < starts.count ? starts[index + 1].offset : xref
            guard let end = bytes.findLast(endobj, in: start.offset..<limit) else { throw Self.malformed("object \(start.number) has no endobj") }
            objects[start.number] = start.offset..<(end + endobj.count)
        }
        // The trailer names the catalog and the information dictionary.
        let trailer = (cursor + count * 20)..<bytes.count
        guard let root = reference(after: "/Root", in: trailer) else { throw Self.malformed("no /Root") }
        if bytes.find(Array("/Prev ".utf8), in: trailer) != nil { throw Self.malformed("the file has been updated (signed?) since it was written") }
        self.root = root
        startxref = xref
        skipped.insert(root)
        if let info = reference(after: "/Info", in: trailer) {
            skipped.insert(info)
            self.info = info
        }
        guard let catalog = dictionary(root), let pagesRoot = reference(after: "/Pages", in: catalog) else {
            throw Self.malformed("catalog without /Pages")
        }
        if let outlines = reference(after: "/Outlines", in: catalog) {
            // Outline items point at pages of this file only; the merged file has its own outline.
            throw Self.malformed("source files must not have an outline (object \(outlines))")
        }
        pagesNumber = pagesRoot
        skipped.insert(pagesRoot)
        guard let tree = dictionary(pagesRoot), let kids = bytes.find(Array("/Kids [".utf8), in: tree) else {
            throw Self.malformed("no page list")
        }
        cursor = kids + 7
        while true {
            while cursor < tree.upperBound && (bytes[cursor] == 0x20 || bytes[cursor] == 0x0A) { cursor += 1 }
            guard cursor < tree.upperBound else { throw Self.malformed("bad /Kids") }
            if bytes[cursor] == 0x5D { break } // "]"
            guard let number = Self.integer(bytes, &cursor), Self.integer(bytes, &cursor) != nil else { throw Self.malformed("bad /Kids") }
            while cursor < tree.upperBound && bytes[cursor] == 0x20 { cursor += 1 }
            guard cursor < tree.upperBound, bytes[cursor] == 0x52 else { throw Self.malformed("bad /Kids") } // "R"
            cursor += 1
            guard let kid = dictionary(number), bytes.find(Array("/Type /Page".utf8), in: kid).map({ bytes[$0 + 11] != 0x73 }) == true else {
                throw Self.malformed("nested page trees are not supported")
            }
            pages.append(number)
        }
    }

    /// The byte range of an object up to its stream, if it has one.
    package func dictionary(_ number: Int) -> Range<Int>? {
        guard number < objects.count, let range = objects[number] else { return nil }
        let end = bytes.find(streamMarker, in: range).map { $0 + 2 } ?? range.upperBound
        return range.lowerBound..<end
    }

    /// The page's `[ … ]` media box, as written.
    func mediaBox(of page: Int) -> [UInt8]? {
        guard let text = dictionary(page), let start = bytes.find(Array("/MediaBox [".utf8), in: text) else { return nil }
        guard let end = bytes.find([0x5D], in: (start + 10)..<text.upperBound) else { return nil }
        return Array(bytes[(start + 10)...end])
    }

    /// The object number of `key N G R` in `range`.
    package func reference(after key: String, in range: Range<Int>) -> Int? {
        guard let found = bytes.find(Array((key + " ").utf8), in: range) else { return nil }
        var cursor = found + key.utf8.count + 1
        return Self.integer(bytes, &cursor)
    }

    /// A decimal number at `cursor` after spaces and line ends; `cursor` moves past it.
    package static func integer(_ bytes: [UInt8], _ cursor: inout Int) -> Int? {
        while cursor < bytes.count && (bytes[cursor] == 0x20 || bytes[cursor] == 0x0A || bytes[cursor] == 0x0D) { cursor += 1 }
        var value = 0, digits = 0
        while cursor < bytes.count, bytes[cursor] >= 0x30, bytes[cursor] <= 0x39, digits < 18 {
            value = value * 10 + Int(bytes[cursor] - 0x30)
            cursor += 1
            digits += 1
        }
        return digits > 0 ? value : nil
    }
}

/// Where Cairo's stream objects switch from dictionary to data.
let streamMarker = Array(">>\nstream\n".utf8)

extension Array where Element == UInt8 {
    /// The first index in `range` where `pattern` starts (memchr + memcmp: this runs over
    /// every object of every merged file).
    package func find(_ pattern: [UInt8], in range: Range<Int>) -> Int? {
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

    /// The last index in `range` where `pattern` starts.
    package func findLast(_ pattern: [UInt8], in range: Range<Int>) -> Int? {
        guard !pattern.isEmpty, range.count >= pattern.count else { return nil }
        return withUnsafeBufferPointer { buffer -> Int? in
            let base = buffer.baseAddress!
            var index = range.upperBound - pattern.count
            while index >= range.lowerBound {
                if buffer[index] == pattern[0] && pattern.withUnsafeBufferPointer({ memcmp(base + index, $0.baseAddress!, pattern.count) }) == 0 {
                    return index
                }
                index -= 1
            }
            return nil
        }
    }
}
