import Foundation

/// A PDF with an empty signature: the bytes, and the byte range the signature covers
/// (everything but the `/Contents <…>` placeholder).
public struct PreparedPDF: Sendable {
    public private(set) var bytes: [UInt8]
    /// `[0, a, b, c]`: bytes 0..<a and b..<b+c are signed; a..<b is `<` hex `>`.
    public let byteRange: [Int]

    init(bytes: [UInt8], byteRange: [Int]) {
        self.bytes = bytes
        self.byteRange = byteRange
    }

    /// Finds the empty signature of a prepared file (the last one in it).
    public init(reading bytes: [UInt8]) throws(SignError) {
        guard let found = SignatureField.all(in: bytes).last else {
            throw SignError(.notQujatPDF, "the PDF has no prepared signature (run `qujat sign prepare` first)")
        }
        guard found.contents.allSatisfy({ $0 == 0x30 }) else {
            throw SignError(.notQujatPDF, "the PDF's signature is filled in already")
        }
        guard found.coversWholeFile else {
            throw SignError(.notQujatPDF, "the PDF was changed after it was prepared (its byte range no longer ends at the end of the file)")
        }
        self.bytes = bytes
        byteRange = found.byteRange
    }

    /// Exactly the bytes the signature covers, in order: what an outside signer signs.
    public var toBeSigned: [UInt8] {
        Array(bytes[0..<byteRange[1]]) + Array(bytes[byteRange[2]..<(byteRange[2] + byteRange[3])])
    }

    /// Bytes of CMS the placeholder holds.
    public var capacity: Int { (byteRange[2] - byteRange[1] - 2) / 2 }

    mutating func fill(_ cms: [UInt8]) throws(SignError) {
        guard cms.count <= capacity else {
            throw SignError(.cms, "the signature is \(cms.count) bytes; the prepared PDF has room for \(capacity) (prepare it with a larger --capacity)")
        }
        let hex = Array(PDFSignature.hex(cms).utf8)
        bytes.replaceSubrange((byteRange[1] + 1)..<(byteRange[1] + 1 + hex.count), with: hex)
    }
}

/// A signature dictionary found in a file: its byte range and contents.
struct SignatureField {
    var byteRange: [Int]
    /// The hex digits between `<` and `>`.
    var contents: ArraySlice<UInt8>
    /// The `/M` signing time as written, if any.
    var time: String?
    var fileSize: Int

    var coversWholeFile: Bool {
        byteRange[0] == 0 && byteRange[2] + byteRange[3] == fileSize
    }

    /// The signed bytes.
    func signed(_ bytes: [UInt8]) -> [UInt8] {
        Array(bytes[0..<byteRange[1]]) + Array(bytes[byteRange[2]..<(byteRange[2] + byteRange[3])])
    }

    /// The CMS: the hex decoded, trailing zero padding dropped by DER's own length.
    var cms: [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(contents.count / 2)
        var index = contents.startIndex
        while index + 1 < contents.endIndex {
            guard let high = Self.nibble(contents[index]), let low = Self.nibble(contents[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        // DER length of the outer SEQUENCE.
        guard result.count >= 2, result[0] == 0x30 else { return nil }
        var length = Int(result[1]), header = 2
        if result[1] & 0x80 != 0 {
            let digits = Int(result[1] & 0x7F)
            guard digits <= 4, result.count >= 2 + digits else { return nil }
            length = result[2..<(2 + digits)].reduce(0) { $0 << 8 | Int($1) }
            header += digits
        }
        guard header + length <= result.count else { return nil }
        return Array(result[0..<(header + length)])
    }

    private static func nibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }

    /// Every `/ByteRange [a b c d] … /Contents <…>` in the file, in file order.
    static func all(in bytes: [UInt8]) -> [SignatureField] {
        var result: [SignatureField] = []
        let marker = Array("/ByteRange [".utf8)
        var from = 0
        while let hit = bytes[from...].firstRange(of: marker) {
            from = hit.upperBound
            var cursor = hit.upperBound
            var numbers: [Int] = []
            for _ in 0..<4 {
                while cursor < bytes.count, bytes[cursor] == 0x20 { cursor += 1 }
                var value = 0, digits = 0
                while cursor < bytes.count, (0x30...0x39).contains(bytes[cursor]), digits < 12 {
                    value = value * 10 + Int(bytes[cursor] - 0x30)
                    cursor += 1
                    digits += 1
                }
                guard digits > 0 else { break }
                numbers.append(value)
            }
            guard numbers.count == 4, numbers[1] < numbers[2], numbers[2] + numbers[3] <= bytes.count,
                  bytes[numbers[1]] == 0x3C, bytes[numbers[2] - 1] == 0x3E else { continue }
            // The /M of the same dictionary: between the object's start and the byte range.
            let objectStart = bytes[max(0, hit.lowerBound - 400)..<hit.lowerBound].lastRange(of: Array(" obj\n".utf8))?.lowerBound ?? hit.lowerBound
            var time: String?
            if let m = bytes[objectStart..<hit.lowerBound].firstRange(of: Array("/M (".utf8)),
               let close = bytes[m.upperBound..<hit.lowerBound].firstIndex(of: 0x29) {
                time = String(decoding: bytes[m.upperBound..<close], as: UTF8.self)
            }
            result.append(SignatureField(byteRange: numbers, contents: bytes[(numbers[1] + 1)..<(numbers[2] - 1)],
                                         time: time, fileSize: bytes.count))
        }
        return result
    }
}
