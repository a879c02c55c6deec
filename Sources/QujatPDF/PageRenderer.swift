import CPangoCairo
import QujatDocument
import QujatLayout

/// Lays out documents and draws them as PDF or PNG, with the fonts of one folder.
///
/// A `PageRenderer` owns Pango and Cairo state, which must stay on one thread: it is not
/// `Sendable`. Make one per worker and reuse it for every document that worker renders
/// (reusing the font map is about twice as fast as making a new one per document).
public final class PageRenderer {
    /// Lays the documents out; this renderer paints what it lays out.
    public let typesetter: Typesetter

    /// The page and time limits of the next documents; set before each render.
    public var limits: RenderLimits {
        get { typesetter.limits }
        set { typesetter.limits = newValue }
    }

    /// - Parameter fontsDirectory: the only folder fonts are taken from; system fonts are never used.
    public init(fontsDirectory: String) throws(RenderError) {
        typesetter = try Typesetter(fontsDirectory: fontsDirectory)
    }

    /// Font family names found in the fonts folder.
    public var fontFamilies: Set<String> { typesetter.fontFamilies }

    /// The document laid out into pages (see `Typesetter.layout`).
    public func layout(_ document: Document) throws(RenderError) -> LaidDocument {
        try typesetter.layout(document)
    }

    /// The document as one PDF file.
    public func pdf(_ document: Document) throws(RenderError) -> [UInt8] {
        try render(document).bytes
    }

    /// The document as one PDF file, with how its pages fall into copies.
    public func render(_ document: Document) throws(RenderError) -> RenderedPDF {
        try render(document, also: { _ throws(RenderError) in })
    }

    /// The document as one PDF file; `also` is then given the same laid-out pages, on this
    /// thread, to paint elsewhere too (a batch's print file).
    public func render(_ document: Document, also: (LaidDocument) throws(RenderError) -> Void) throws(RenderError) -> RenderedPDF {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32 * 1024)
        let writer = PDFWriter(metadata: document.metadata, reusesRepeatedLines: false, writeBytes: { bytes.append(contentsOf: $0) })
        let pages = try layout(document)
        let info = try writer.add(pages, outline: nil, limits: limits)
        try writer.finish()
        try also(pages)
        return RenderedPDF(bytes: bytes, info: info)
    }

    /// Each page of the document as a PNG image at `dpi` dots per inch; with `pages`, only
    /// those (1-based; the layout is still made whole, for «N / M»). A page past the end is
    /// a `.limit` error naming the count.
    public func png(_ document: Document, dpi: Double, pages wanted: ClosedRange<Int>? = nil) throws(RenderError) -> [[UInt8]] {
        let pages = try layout(document)
        let scale = dpi / 72
        var frames = pages.frames[...]
        if let wanted {
            guard wanted.lowerBound >= 1, wanted.upperBound <= frames.count else {
                throw RenderError(.limit, "page \(wanted.upperBound) was asked for; the document has \(frames.count)")
            }
            frames = frames[(wanted.lowerBound - 1)...(wanted.upperBound - 1)]
        }
        return try frames.map { frame throws(RenderError) in
            try limits.checkTime()
            let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
                                                     Int32((frame.width * scale).rounded()),
                                                     Int32((frame.height * scale).rounded()))!
            defer { cairo_surface_destroy(surface) }
            let cr = cairo_create(surface)!
            defer { cairo_destroy(cr) }
            cairo_set_source_rgb(cr, 1, 1, 1)
            cairo_paint(cr)
            cairo_scale(cr, scale, scale)
            // The same rasterization whatever else this process has drawn before.
            let options = cairo_font_options_create()
            cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
            cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
            cairo_set_font_options(cr, options)
            cairo_font_options_destroy(options)
            Painter.paint(frame, watermark: pages.watermark, angle: pages.watermarkAngle, gray: pages.watermarkGray, on: cr)
            cairo_surface_flush(surface)
            var bytes: [UInt8] = []
            let status = withUnsafeMutablePointer(to: &bytes) { pointer in
                cairo_surface_write_to_png_stream(surface, { closure, data, length in
                    let sink = closure!.assumingMemoryBound(to: [UInt8].self)
                    sink.pointee.append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
                    return CAIRO_STATUS_SUCCESS
                }, pointer)
            }
            guard status == CAIRO_STATUS_SUCCESS else {
                throw RenderError(.cairo, "PNG output failed: \(String(cString: cairo_status_to_string(status)))")
            }
            return bytes
        }
    }
}

/// A finished PDF file and the shape of its pages.
public struct RenderedPDF: Sendable {
    public var bytes: [UInt8]
    public var info: PageInfo
}
