import Foundation
import QujatPDF

/// The signature post-layer: an incremental update appended to a PDF that Qujat wrote,
/// holding a PAdES signature field (an invisible widget on the first page), its signature
/// dictionary with `/ByteRange` and a `/Contents` placeholder, the page and catalog
/// updated to point at it, a cross-reference section and a trailer with `/Prev` and `/ID`.
/// The original bytes are never changed.
///
/// Two routes: `sign` with a local key, or `prepare` → sign the `toBeSigned` bytes outside
/// (NCALayer, an HSM) → `embed` the detached CMS that comes back.
public enum PDFSignature {
    /// Room for the CMS by default: a GOST or RSA-4096 signature with a chain of three
    /// certificates is under 10 KB.
    public static let defaultCapacity = 16 * 1024

    /// Signs `pdf` with a local key: PAdES baseline B-B, SHA-256.
    /// - Parameter time: the signing time written as the signature's /M (and checked against
    ///   the certificate's validity). With the same PDF, RSA key and time the output is the
    ///   same bytes.
    public static func sign(_ pdf: [UInt8], key: SigningKey, time: Date = Date()) throws(SignError) -> [UInt8] {
        try key.certificate.checkValidity(at: time)
        var prepared = try prepare(pdf, time: time)
        let cms = try CMSBuilder.signature(digest: OpenSSL.sha256(prepared.toBeSigned), key: key)
        try prepared.fill(cms)
        return prepared.bytes
    }

    /// Appends an empty signature of `capacity` bytes; the caller has `toBeSigned` signed.
    public static func prepare(_ pdf: [UInt8], time: Date = Date(), capacity: Int = defaultCapacity) throws(SignError) -> PreparedPDF {
        try OpenSSL.load()
        let source: SourcePDF
        do {
            source = try SourcePDF(pdf)
        } catch {
            throw SignError(.notQujatPDF, error.message)
        }
        guard let page = source.pages.first, let pageText = body(source, page), let rootText = body(source, source.root) else {
            throw SignError(.notQujatPDF, "not a PDF that Qujat wrote: no first page or catalog")
        }
        guard pageText.find(Array("/Annots".utf8)) == nil, rootText.find(Array("/AcroForm".utf8)) == nil else {
            throw SignError(.notQujatPDF, "the PDF has form fields or annotations already; Qujat signs only the files it writes")
        }
        let signatureNumber = source.objects.count, fieldNumber = signatureNumber + 1
        var update: [UInt8] = pdf.last == 0x0A ? [] : [0x0A]
        var offsets: [Int: Int] = [:]
        func object(_ number: Int, _ text: [UInt8]) {
            offsets[number] = pdf.count + update.count
            update += Array("\(number) 0 obj\n".utf8) + text + Array("\nendobj\n".utf8)
        }
        // The signature dictionary: its byte range and contents are filled in below.
        let head = "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M (\(pdfDate(time)))\n   /ByteRange "
        offsets[signatureNumber] = pdf.count + update.count
        update += Array("\(signatureNumber) 0 obj\n\(head)".utf8)
        let rangeAt = pdf.count + update.count
        update += Array(("[0 " + String(repeating: " ", count: 32) + "]\n   /Contents ").utf8)
        let contentsAt = pdf.count + update.count
        update += [0x3C] + [UInt8](repeating: 0x30, count: 2 * capacity) + [0x3E]
        update += Array(" >>\nendobj\n".utf8)
        object(fieldNumber, Array("<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /V \(signatureNumber) 0 R /F 132 /Rect [0 0 0 0] /P \(page) 0 R >>".utf8))
        amended(page, inserting: "/Annots [\(fieldNumber) 0 R]", into: pageText, with: object)
        amended(source.root, inserting: "/AcroForm << /Fields [\(fieldNumber) 0 R] /SigFlags 3 >>", into: rootText, with: object)
        let xrefAt = pdf.count + update.count
        update += Array("xref\n0 1\n0000000000 65535 f \n".utf8)
        for number in offsets.keys.sorted() {
            update += Array("\(number) 1\n\(String(repeating: "0", count: 10 - String(offsets[number]!).count))\(offsets[number]!) 00000 n \n".utf8)
        }
        // /ID: the first from the original bytes, the second from the update (deterministic).
        let first = hex(OpenSSL.sha256(pdf).prefix(16)), second = hex(OpenSSL.sha256(pdf, Array(pdfDate(time).utf8)).prefix(16))
        var trailer = "trailer\n<< /Size \(fieldNumber + 1)\n   /Root \(source.root) 0 R\n"
        if let info = source.info { trailer += "   /Info \(info) 0 R\n" }
        trailer += "   /ID [<\(first)> <\(second)>]\n   /Prev \(source.startxref)\n>>\nstartxref\n\(xrefAt)\n%%EOF\n"
        update += Array(trailer.utf8)
        var bytes = pdf + update
        let end = contentsAt + 2 * capacity + 2
        let range = "[0 \(contentsAt) \(end) \(bytes.count - end)"
        let padded = Array(range.utf8) + [UInt8](repeating: 0x20, count: 35 - range.utf8.count) + [0x5D]
        bytes.replaceSubrange(rangeAt..<(rangeAt + padded.count), with: padded)
        return PreparedPDF(bytes: bytes, byteRange: [0, contentsAt, end, bytes.count - end])
    }

    /// Writes an outside signer's detached CMS into a prepared PDF, after checking that it
    /// is detached, signs exactly the prepared bytes and fits.
    /// - Returns: the signed PDF, and warnings (a digest algorithm this machine cannot
    ///   compute is embedded unchecked, and said so).
    public static func embed(_ cms: [UInt8], into preparedPDF: [UInt8]) throws(SignError) -> (pdf: [UInt8], warnings: [String]) {
        try OpenSSL.load()
        var prepared = try PreparedPDF(reading: preparedPDF)
        let warnings = try CMSCheck.detachedSignature(cms, of: prepared.toBeSigned)
        try prepared.fill(cms)
        return (prepared.bytes, warnings)
    }

    /// The PDF as it was before it was signed (or prepared): the bytes up to the end of the
    /// file the signature's update was appended to. nil when `pdf` has no such update.
    public static func unsigned(_ pdf: [UInt8]) -> [UInt8]? {
        let tail = max(0, pdf.count - 2048)..<pdf.count
        guard let prev = pdf.findLast(Array("/Prev ".utf8), in: tail) else { return nil }
        var cursor = prev + 6
        guard let xref = SourcePDF.integer(pdf, &cursor), xref < prev,
              let eof = pdf.find(Array("%%EOF".utf8), in: xref..<prev) else { return nil }
        var end = eof + 5
        if end < pdf.count, pdf[end] == 0x0A { end += 1 }
        return Array(pdf[..<end])
    }

    private static func body(_ source: SourcePDF, _ number: Int) -> [UInt8]? {
        guard number < source.objects.count, let range = source.objects[number] else { return nil }
        let text = source.bytes[range]
        guard let start = text.firstRange(of: Array("obj\n".utf8))?.upperBound,
              let end = text.lastRange(of: Array("endobj".utf8))?.lowerBound else { return nil }
        return Array(text[start..<end])
    }

    /// A new version of a dictionary object with one more entry before its closing `>>`.
    private static func amended(_ number: Int, inserting entry: String, into text: [UInt8],
                               with write: (Int, [UInt8]) -> Void) {
        var text = text
        while let last = text.last, last == 0x0A || last == 0x20 { text.removeLast() }
        let close = text.lastRange(of: Array(">>".utf8))!.lowerBound
        write(number, Array(text[..<close]) + Array("   \(entry)\n".utf8) + Array(text[close...]))
    }

    /// `D:YYYYMMDDHHmmSS+00'00'` (UTC).
    static func pdfDate(_ time: Date) -> String {
        var seconds = time_t(time.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "D:\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))+00'00'"
    }

    private static let digits = Array("0123456789ABCDEF".utf8)

    /// Upper-case hexadecimal, two digits a byte.
    static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension [UInt8] {
    func find(_ pattern: [UInt8]) -> Int? { firstRange(of: pattern)?.lowerBound }
}
