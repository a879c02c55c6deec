import QujatSign
import QujatCase
import Foundation
import QujatDocument
import QujatLayout
import QujatPDF
import QujatTemplates

/// Turns case JSON into PDF or PNG: validate → template → document tree → layout → output.
///
/// A `Renderer` owns one worker's Pango and Cairo state, so it is not `Sendable`: make one
/// per thread (or task executor) and reuse it — the font map it keeps makes every document
/// after the first much cheaper. The `TemplateLibrary` it reads is immutable and shared.
///
/// ```swift
/// let templates = try TemplateLibrary(directory: "Templates")
/// let renderer = try Renderer(templates: templates, fontsDirectory: "Fonts")
/// let pdf = try renderer.pdf(json: Data(contentsOf: URL(fileURLWithPath: "Examples/license.json")))
/// ```
public final class Renderer {
    /// The templates it renders with (a pool's worker gets each job's set here).
    public internal(set) var templates: TemplateLibrary
    let pages: PageRenderer
    /// What the fonts can draw: validation checks case text against it.
    let coverage: GlyphCoverage

    public init(templates: TemplateLibrary, fontsDirectory: String) throws(QujatError) {
        self.templates = templates
        do {
            pages = try PageRenderer(fontsDirectory: fontsDirectory)
            coverage = try GlyphCoverage.of(directory: fontsDirectory)
        } catch {
            throw .render(error)
        }
    }

    /// The page and time limits of the next documents (by default 2 000 pages, no deadline).
    public var limits: RenderLimits {
        get { pages.limits }
        set { pages.limits = newValue }
    }

    /// Keys of a case that its document does not read are errors (`.invalidCase`), not
    /// warnings. Off by default (FORMS.md: the renderer may accept more).
    public var strict = false

    /// Validates the case without rendering it: the schema, and the template filled with it
    /// (no layout), so `validate` fails exactly when `render` would for the case's sake.
    /// - Returns: the warnings: keys the document does not read, with "did you mean …?".
    @discardableResult
    public func validate(json: Data) throws(QujatError) -> [CaseIssue] {
        let prepared = try prepare(json)
        _ = try document(prepared)
        return prepared.warnings
    }

    /// The document tree for a case (before layout).
    public func document(json: Data) throws(QujatError) -> Document {
        try document(try prepare(json))
    }

    /// The case as a PDF file.
    public func pdf(json: Data) throws(QujatError) -> [UInt8] {
        let prepared = try prepare(json)
        let document = try document(prepared)
        do {
            return try pages.pdf(document)
        } catch {
            throw Self.failure(error, data: prepared.data)
        }
    }

    /// The case (already parsed) as a PDF file, with its title and how its pages fall into
    /// copies. `copies` overrides the template's number of copies.
    public func render(_ value: CaseValue, copies: Int? = nil) throws(QujatError) -> RenderedDocument {
        try render(value, copies: copies, signing: nil, also: { _ throws(RenderError) in })
    }

    /// The case (already parsed) as a PDF file, signed or prepared with `signing`; `also` is
    /// then given the same laid-out pages, on this thread, to paint elsewhere too (a batch
    /// paints them into its print file: the printed pages are the archived ones).
    public func render(_ value: CaseValue, copies: Int? = nil, signing: Signing?,
                       also: (LaidDocument) throws(RenderError) -> Void) throws(QujatError) -> RenderedDocument {
        let prepared = try prepare(value)
        if let signing { return try render(prepared, copies: copies, signing: signing, also: also) }
        let document = try document(prepared, copies: copies)
        do {
            let rendered = try pages.render(document, also: also)
            return RenderedDocument(pdf: rendered.bytes, info: rendered.info, title: document.metadata.title,
                                    document: prepared.document, warnings: prepared.warnings)
        } catch {
            throw Self.failure(error, data: prepared.data)
        }
    }

    /// The case as a signed PDF (with a key) or as a PDF prepared for an outside signer
    /// (without one): the template's `signature: stamp` block shows the certificate's holder,
    /// and the signature (or its empty place) is appended after Cairo (`PDFSignature`).
    public func render(json: Data, copies: Int? = nil, signing: Signing) throws(QujatError) -> RenderedDocument {
        try render(prepare(json), copies: copies, signing: signing, also: { _ throws(RenderError) in })
    }

    /// The case (already parsed) signed or prepared, as `render(json:copies:signing:)`.
    public func render(_ value: CaseValue, copies: Int? = nil, signing: Signing) throws(QujatError) -> RenderedDocument {
        try render(prepare(value), copies: copies, signing: signing, also: { _ throws(RenderError) in })
    }

    /// The document tree `render` lays out for this case: with `signing`, the stamp of that
    /// certificate and time (a batch lays a document it resumes out again for its print file).
    public func document(_ value: CaseValue, copies: Int? = nil, signing: Signing?) throws(QujatError) -> Document {
        let prepared = try prepare(value)
        guard let signing else { return try document(prepared, copies: copies) }
        return try stamped(prepared, copies: copies, signing: signing).document
    }

    /// The document with the signer's stamp, and the signing time the stamp shows.
    private func stamped(_ prepared: TemplateLibrary.PreparedCase, copies: Int?, signing: Signing) throws(QujatError)
        -> (document: Document, time: Date) {
        var time = signing.time ?? Date()
        if signing.time == nil, case .string(let local)? = prepared.data.at(["signature", "signed_at"]),
           let fixed = SignatureStamp.instant(local) {
            time = fixed
        }
        let certificate = signing.certificate
        let stamp = SignatureStamp(signer: certificate.commonName ?? "?", iin: certificate.iin,
                                   organization: certificate.organization, bin: certificate.bin,
                                   serialNumber: certificate.serialNumber, validFrom: certificate.notBefore,
                                   validUntil: certificate.notAfter, signedAt: time)
        do throws(SignError) {
            try certificate.checkValidity(at: time)
            if let text = stamp.text.unicodeScalars.first(where: { !coverage.canDraw($0) }) {
                throw SignError(.certificate, "the certificate's holder has a character no font has (U+\(String(text.value, radix: 16, uppercase: true)))")
            }
        } catch {
            throw .signing(error)
        }
        return (try templates.bound(prepared, copies: copies, stamp: stamp), time)
    }

    private func render(_ prepared: TemplateLibrary.PreparedCase, copies: Int?, signing: Signing,
                        also: (LaidDocument) throws(RenderError) -> Void) throws(QujatError) -> RenderedDocument {
        let (document, time) = try stamped(prepared, copies: copies, signing: signing)
        let rendered: RenderedPDF
        do {
            rendered = try pages.render(document, also: also)
        } catch {
            throw Self.failure(error, data: prepared.data)
        }
        do throws(SignError) {
            let pdf = if let key = signing.key {
                try PDFSignature.sign(rendered.bytes, key: key, time: time)
            } else {
                try PDFSignature.prepare(rendered.bytes, time: time).bytes
            }
            return RenderedDocument(pdf: pdf, info: rendered.info, title: document.metadata.title,
                                    document: prepared.document, warnings: prepared.warnings, signingTime: time,
                                    unsignedPDF: rendered.bytes)
        } catch {
            throw .signing(error)
        }
    }

    /// Who signs a document, and when.
    public struct Signing: Sendable {
        /// Sign here with this key; nil: prepare the PDF for an outside signer.
        public var key: SigningKey?
        /// The certificate the stamp shows (the key's, or the outside signer's).
        public var certificate: Certificate
        /// The signing time; nil: the case's `signature.signed_at` (Astana time), else now.
        public var time: Date?

        public init(key: SigningKey, time: Date? = nil) {
            self.key = key
            certificate = key.certificate
            self.time = time
        }

        public init(outsideSigner certificate: Certificate, time: Date? = nil) {
            key = nil
            self.certificate = certificate
            self.time = time
        }
    }

    /// The largest PNG resolution: a 300 dpi A4 page is 25 MB of pixels while it is drawn.
    public static let dpiRange: ClosedRange<Double> = 10...600

    /// The case as a PDF file, with its title and page shape; parsed here (on the worker).
    public func render(json: Data, copies: Int? = nil) throws(QujatError) -> RenderedDocument {
        let value: CaseValue
        do {
            value = try CaseValue.parse(json: json)
        } catch {
            throw .invalidCase(error)
        }
        return try render(value, copies: copies)
    }

    /// The case's pages as PNG images; with `pages`, only those (1-based).
    public func png(json: Data, dpi: Double = 96, pages wanted: ClosedRange<Int>? = nil) throws(QujatError) -> [[UInt8]] {
        try images(json: json, dpi: dpi, pages: wanted).images
    }

    /// PNG images of the case's pages (with `pages`, only those), its document name and warnings.
    public func images(json: Data, dpi: Double = 96, pages wanted: ClosedRange<Int>? = nil) throws(QujatError)
        -> (images: [[UInt8]], document: String, warnings: [CaseIssue]) {
        guard Self.dpiRange.contains(dpi) else {
            throw .limit("dpi must be from \(Int(Self.dpiRange.lowerBound)) to \(Int(Self.dpiRange.upperBound)), not \(dpi)")
        }
        let prepared = try prepare(json)
        let document = try document(prepared)
        do {
            return (try pages.png(document, dpi: dpi, pages: wanted), prepared.document, prepared.warnings)
        } catch {
            throw Self.failure(error, data: prepared.data)
        }
    }

    /// A character that no font has is the case's fault when the case holds it: then the
    /// error names the JSON paths of the values with it (exit 65, HTTP 422, errors.jsonl),
    /// not the rendering (exit 70). From the template itself, it stays a render error.
    static func failure(_ error: RenderError, data: CaseValue) -> QujatError {
        if error.kind == .limit { return .limit(error.message) }
        if error.kind == .cancelled { return .cancelled }
        guard error.kind == .missingGlyph, !error.characters.isEmpty else { return .render(error) }
        let characters = Set(error.characters)
        let found = data.strings { text in text.unicodeScalars.contains { characters.contains($0) } }
        guard !found.isEmpty else { return .render(error) }
        return .invalidCase(CaseError(found.map { path, text in
            let here = error.characters.filter { text.unicodeScalars.contains($0) }
            return CaseIssue(path: path, rule: "has \(RenderError.names(of: here)), which no font in the fonts folder has")
        }))
    }

    /// The page renderer, for writing several documents into one PDF (`PDFWriter`).
    public var pageRenderer: PageRenderer { pages }

    private func prepare(_ json: Data) throws(QujatError) -> TemplateLibrary.PreparedCase {
        try templates.checked(json: json, coverage: coverage, strict: strict)
    }

    private func prepare(_ value: CaseValue) throws(QujatError) -> TemplateLibrary.PreparedCase {
        try templates.checked(value, coverage: coverage, strict: strict)
    }

    private func document(_ prepared: TemplateLibrary.PreparedCase, copies: Int? = nil) throws(QujatError) -> Document {
        try templates.bound(prepared, copies: copies)
    }
}

/// A rendered PDF with what a print run needs to know about it.
public struct RenderedDocument: Sendable {
    public var pdf: [UInt8]
    /// Page count and where copies start.
    public var info: PageInfo
    /// The PDF's title (document name and number).
    public var title: String
    /// The document's template name (`license`, `receipt_accepted`, …).
    public var document: String
    /// Keys of the case the document does not read, with "did you mean …?" (not errors
    /// unless the renderer is `strict`).
    public var warnings: [CaseIssue] = []
    /// For a signed or prepared document: the signing time written into it.
    public var signingTime: Date?
    /// For a signed or prepared document: the same pages without the signature (what
    /// `PDFMerger` can join: it refuses files updated by a signature).
    public var unsignedPDF: [UInt8]?
}

extension TemplateLibrary {
    /// `prepare` with the library's error type: parse and validate a case.
    /// Fills the template; a filter that blames a value of the case makes it an invalid case.
    func bound(_ prepared: PreparedCase, copies: Int? = nil, stamp: SignatureStamp? = nil) throws(QujatError) -> Document {
        do {
            return try document(for: prepared, creator: QujatVersion.creator, copies: copies, stamp: stamp)
        } catch {
            if let issue = error.caseIssue { throw .invalidCase(CaseError([issue])) }
            throw .template(error)
        }
    }

    private static func check(_ coverage: GlyphCoverage?) -> (@Sendable (Unicode.Scalar) -> Bool)? {
        guard let coverage else { return nil }
        return { coverage.canDraw($0) }
    }

    func checked(json: Data, coverage: GlyphCoverage?, strict: Bool = false) throws(QujatError) -> PreparedCase {
        do {
            return try prepare(json: json, canDraw: Self.check(coverage), strict: strict)
        } catch {
            throw QujatError.wrap(error)
        }
    }

    func checked(_ value: CaseValue, coverage: GlyphCoverage?, strict: Bool = false) throws(QujatError) -> PreparedCase {
        do {
            return try prepare(value, canDraw: Self.check(coverage), strict: strict)
        } catch {
            throw QujatError.wrap(error)
        }
    }
}
