import QujatLayout
/// PDF syntax built as bytes: numbers, references and text strings appended without going
/// through `String` (the merger writes a page-tree entry, an outline item and a
/// cross-reference line for every page of a batch).
struct PDFText {
    var bytes: [UInt8] = []

    init() {}

    init(_ text: String) { bytes = Array(text.utf8) }

    static func += (text: inout PDFText, literal: String) {
        text.bytes.append(contentsOf: literal.utf8)
    }

    mutating func number(_ value: Int, width: Int = 0) {
        Self.appendNumber(value, to: &bytes, width: width)
    }

    /// `N 0 R`.
    mutating func reference(_ number: Int) {
        Self.appendNumber(number, to: &bytes)
        bytes.append(contentsOf: " 0 R".utf8)
    }

    /// A text string: UTF-16BE with a byte-order mark, in hex.
    mutating func string(_ text: String) {
        let hex = Array("0123456789ABCDEF".utf8)
        bytes.append(contentsOf: "<FEFF".utf8)
        for unit in text.utf16 {
            for shift: UInt16 in [12, 8, 4, 0] { bytes.append(hex[Int((unit >> shift) & 0xF)]) }
        }
        bytes.append(0x3E)
    }

    /// Appends a non-negative decimal number, with leading zeros up to `width`.
    static func appendNumber(_ value: Int, to bytes: inout [UInt8], width: Int = 0) {
        var rest = max(0, value)
        var digits = 1
        while rest >= 10 { rest /= 10; digits += 1 }
        bytes.append(contentsOf: repeatElement(0x30, count: max(digits, width)))
        rest = max(0, value)
        var index = bytes.count - 1
        repeat {
            bytes[index] = 0x30 + UInt8(rest % 10)
            rest /= 10
            index -= 1
        } while rest > 0
    }
}
