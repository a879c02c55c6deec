import CQRencode

/// The modules of a QR code (error correction level M), row by row.
struct QRMatrix {
    let size: Int
    let dark: [Bool]

    init(_ payload: String) throws(RenderError) {
        guard let code = QRcode_encodeString8bit(payload, 0, QR_ECLEVEL_M) else {
            throw RenderError(.qrCode, "cannot make a QR code of «\(payload)» (too long?)")
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        size = width
        dark = (0..<(width * width)).map { code.pointee.data[$0] & 1 == 1 }
    }

    func isDark(row: Int, column: Int) -> Bool { dark[row * size + column] }
}
