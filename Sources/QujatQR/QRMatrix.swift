/// The modules of a QR code (ISO/IEC 18004), byte mode, error correction level M, row by row.
///
/// Qujat encodes its QR codes itself rather than with libqrencode: the standard asks for the
/// mask with the lowest penalty of all eight, and libqrencode's evaluation of them took about
/// 0.1 ms per code, a sixth of a license page in a merged file. `QRBitPenalty` scores a mask
/// on 64-bit rows and columns instead. `QRMatrixTests` checks the symbols module by module
/// against libqrencode, and the document tests decode the printed codes with zbarimg.
public struct QRMatrix: Sendable {
    /// Modules per side (21 for version 1 … 177 for version 40).
    public let size: Int
    let dark: [Bool]
    /// The mask pattern (0–7) in use.
    public let mask: Int

    /// The code of `payload`'s UTF-8 bytes; nil when they are too many for version 40-M (2 331).
    public init?(_ payload: String) {
        self.init(bytes: Array(payload.utf8), mask: nil)
        guard size > 0 else { return nil }
    }

    /// - Parameter mask: nil chooses the mask with the lowest penalty, as the standard asks
    ///   (the first of equals).
    init(bytes: [UInt8], mask forced: Int?) {
        guard let version = QRTables.smallestVersion(forBytes: bytes.count) else {
            size = 0; dark = []; mask = 0
            return
        }
        var grid = QRGrid(version: version)
        grid.drawFunctionPatterns()
        grid.drawCodewords(QRTables.codewords(bytes, version: version))
        var chosen = 0
        if let forced {
            chosen = forced
        } else {
            let scores = grid.penalties()
            chosen = scores.indices.min { scores[$0] < scores[$1] }!
        }
        grid.apply(mask: chosen)
        grid.drawFormatBits(mask: chosen)
        size = grid.size
        dark = grid.dark.map { $0 != 0 }
        mask = chosen
    }

    /// Whether the module at `row`, `column` (0-based, from the top left) is dark.
    public func isDark(row: Int, column: Int) -> Bool { dark[row * size + column] }
}
