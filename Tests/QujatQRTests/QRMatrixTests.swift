import CQRencode
@testable import QujatQR
import Testing

/// Qujat's QR encoder against libqrencode, module by module. Both follow ISO/IEC 18004, so
/// for the same bytes, level M and the same mask the symbols must be identical; the mask each
/// picks may differ (libqrencode scores masks its own way), so the test applies libqrencode's
/// mask, read from its format bits, to ours.
@Suite("QR code encoder")
struct QRMatrixTests {
    /// libqrencode's symbol for `bytes` (8-bit mode, level M, smallest version).
    private func reference(_ bytes: [UInt8]) -> (size: Int, dark: [Bool]) {
        let code = bytes.withUnsafeBufferPointer { QRcode_encodeData(Int32(bytes.count), $0.baseAddress, 0, QR_ECLEVEL_M) }!
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        return (width, (0..<(width * width)).map { code.pointee.data[$0] & 1 == 1 })
    }

    /// The mask of a symbol, from the first copy of its format bits (next to the top-left finder).
    private func maskOf(size: Int, dark: [Bool]) -> Int {
        var bits = 0
        for (x, y, bit) in QRGrid.formatPositions(size: size).prefix(15) where dark[y * size + x] {
            bits |= 1 << bit
        }
        return ((bits ^ 0x5412) >> 10) & 7
    }

    private static let payloads: [[UInt8]] = {
        var result: [[UInt8]] = [Array("https://license.gov.kz/verify/KZ12LAA00012345".utf8),
                                 Array("Қазақстан ₸".utf8), [0], [0xFF, 0x00, 0xEC, 0x11]]
        // Lengths from 1 to 420 bytes, a step of 7 bytes (versions 1 to 16).
        for length in stride(from: 1, through: 420, by: 7) {
            result.append((0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ length) })
        }
        return result
    }()

    private func grid(_ bytes: [UInt8], version: Int) -> QRGrid {
        var grid = QRGrid(version: version)
        grid.drawFunctionPatterns()
        grid.drawCodewords(QRTables.codewords(bytes, version: version))
        return grid
    }

    @Test("the same symbol as libqrencode for the same mask, versions 1 to 16")
    func sameAsLibqrencode() {
        var versions: Set<Int> = []
        for bytes in Self.payloads {
            let expected = reference(bytes)
            let mask = maskOf(size: expected.size, dark: expected.dark)
            let ours = QRMatrix(bytes: bytes, mask: mask)
            #expect(ours.size == expected.size, "size for \(bytes.count) bytes")
            #expect(ours.dark == expected.dark, "modules for \(bytes.count) bytes, mask \(mask)")
            versions.insert((ours.size - 17) / 4)
        }
        #expect(versions == Set(1...16))
    }

    @Test("the word-wise penalty equals the module-by-module one for every mask, versions 1 to 11")
    func bitPenaltyMatches() throws {
        var checked = 0
        for bytes in Self.payloads {
            let version = QRTables.smallestVersion(forBytes: bytes.count)!
            let symbol = grid(bytes, version: version)
            guard let bits = QRBitPenalty(symbol) else {
                #expect(version > 11)
                continue
            }
            for mask in 0..<8 {
                #expect(bits.score(mask: mask) == symbol.penalty(mask: mask), "\(bytes.count) bytes, mask \(mask)")
            }
            checked += 1
        }
        #expect(checked > 30)
    }

    @Test("the chosen mask has the lowest penalty (the first of equals)")
    func lowestPenalty() {
        for bytes in Self.payloads {
            let chosen = QRMatrix(bytes: bytes, mask: nil)
            let scores = (0..<8).map { grid(bytes, version: (chosen.size - 17) / 4).penalty(mask: $0) }
            #expect(chosen.mask == scores.firstIndex(of: scores.min()!))
        }
    }

    @Test("too long a payload has no code; the longest one version 40-M holds has")
    func tooLong() {
        #expect(QRMatrix(String(repeating: "ә", count: 2000)) == nil)
        #expect(QRMatrix(String(repeating: "7", count: 2331))?.size == 177)
        #expect(QRMatrix(String(repeating: "7", count: 2332)) == nil)
    }

    @Test("Reed–Solomon: the standard's worked example (1-M, \"01234567\")")
    func reedSolomon() {
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let ecc = ReedSolomon.remainder(data, divisor: ReedSolomon.divisor(degree: 10))
        #expect(ecc == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }
}
