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
    public let templates: TemplateLibrary
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
        let prepared = try prepare(value)
        let document = try document(prepared, copies: copies)
        do {
            let rendered = try pages.render(document)
            return RenderedDocument(pdf: rendered.bytes, info: rendered.info, title: document.metadata.title,
                                    document: prepared.document, warnings: prepared.warnings)
        } catch {
            throw Self.failure(error, data: prepared.data)
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
}

extension TemplateLibrary {
    /// `prepare` with the library's error type: parse and validate a case.
    /// Fills the template; a filter that blames a value of the case makes it an invalid case.
    func bound(_ prepared: PreparedCase, copies: Int? = nil) throws(QujatError) -> Document {
        do {
            return try document(for: prepared, creator: QujatVersion.creator, copies: copies)
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
