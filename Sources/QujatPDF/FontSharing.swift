import Foundation
import QujatLayout

/// Font subsets shared between the sources of a merged file.
///
/// Each source of a batch's print file is a section of many documents drawn on one Cairo
/// surface, with Cairo's subsets of each face (a WinAnsi one and a CID one). Sections of alike
/// documents usually use the same glyphs in the same order, so Cairo writes them the same
/// subset, byte for byte: the merged file then keeps the first copy and points the later
/// sections' pages at it. For 1 000 licenses in 8 sections: 12 font objects instead of 40
/// (the bold WinAnsi subset differs by the digits of the license numbers in each section).
///
/// Objects are compared by their whole bytes, renumbered (a subset with another glyph is
/// another font), never by a hash. The bytes remembered for that are bounded for the whole
/// process (`FontMemory`, 32 MiB however many print files are open, as a batch of many groups
/// has); past the bound, fonts are copied as they are.
extension PDFMerger {
    /// Gives the source's font objects (the pages in `used`, or all) their numbers: those the
    /// merged file has already, the existing number; the others are appended to `buffer`.
    /// Returns the source's font objects.
    func shareFonts(_ source: SourcePDF, used: Set<Int>?, numbers: inout [Int]) throws(RenderError) -> Set<Int> {
        // The fonts and everything they refer to (descriptors, descendants, font files, ToUnicode maps).
        var closure = Set<Int>(), roots: [Int] = []
        for number in source.objects.indices where !source.skipped.contains(number) && used?.contains(number) != false {
            guard let range = source.dictionary(number), source.bytes.find(Array("/Type /Font\n".utf8), in: range) != nil else { continue }
            roots.append(number)
        }
        var todo = roots
        while let number = todo.popLast() {
            guard closure.insert(number).inserted else { continue }
            guard let range = source.dictionary(number) else { throw SourcePDF.malformed("object \(number) is missing") }
            todo += Self.references(source.bytes, range).filter { !closure.contains($0) }
        }
        var done = Set<Int>()
        for root in roots { try share(root, source, closure, &done, &numbers) }
        return closure
    }

    /// Numbers `number` after what it refers to (a font's objects refer to nothing outside
    /// the closure, and to nothing that refers back).
    private func share(_ number: Int, _ source: SourcePDF, _ closure: Set<Int>, _ done: inout Set<Int>,
                       _ numbers: inout [Int]) throws(RenderError) {
        guard done.insert(number).inserted else { return }
        guard let range = source.objects[number], let dictionary = source.dictionary(number) else {
            throw SourcePDF.malformed("object \(number) is missing")
        }
        for next in Self.references(source.bytes, dictionary) {
            guard closure.contains(next) else { throw SourcePDF.malformed("a font refers to object \(next) outside its fonts") }
            if !done.contains(next) { try share(next, source, closure, &done, &numbers) }
        }
        var body: [UInt8] = []
        try Self.renumberBody(source.bytes, range, to: numbers, into: &body)
        if let existing = fonts[body] {
            numbers[number] = existing
            return
        }
        let new = offsets.count
        offsets.append(offset + buffer.count)
        numbers[number] = new
        PDFText.appendNumber(new, to: &buffer)
        buffer.append(contentsOf: " 0 obj\n".utf8)
        buffer += body
        if FontMemory.shared.take(body.count) {
            fonts[body] = new
            fontBytes += body.count
        }
    }
}

/// The bytes all mergers of the process may keep to compare fonts with.
final class FontMemory: @unchecked Sendable {
    static let shared = FontMemory()
    private let lock = NSLock()
    private var used = 0
    private let limit = 32 << 20

    /// Whether `count` more bytes may be kept (then they are counted).
    func take(_ count: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard used + count <= limit else { return false }
        used += count
        return true
    }

    func give(_ count: Int) {
        lock.lock()
        used -= count
        lock.unlock()
    }
}
