import CPangoCairo
import QujatDocument

/// Writes one PDF file, page by page, to a sink: a single document, or many documents one
/// after another (a merged print file) with an outline entry each.
///
/// Bytes are handed to the sink as Cairo produces them, so a merged file of thousands of
/// documents never sits in memory whole. Output is deterministic: no dates are written.
public final class PDFWriter {
    private final class Sink {
        let write: ([UInt8]) -> Void
        init(_ write: @escaping ([UInt8]) -> Void) { self.write = write }
    }

    private let sink: Sink
    private let surface: OpaquePointer
    private let cr: OpaquePointer
    private var finished = false
    /// Pages written so far.
    public private(set) var pageCount = 0

    /// - Parameters:
    ///   - metadata: the file's title, author and creator.
    ///   - write: receives the file's bytes in order.
    public init(metadata: Metadata, write: @escaping ([UInt8]) -> Void) {
        sink = Sink(write)
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            let sink = Unmanaged<Sink>.fromOpaque(closure!).takeUnretainedValue()
            sink.write(Array(UnsafeBufferPointer(start: data, count: Int(length))))
            return CAIRO_STATUS_SUCCESS
        }, closure, 595.28, 841.89)!
        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, metadata.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, metadata.author)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, metadata.creator)
        if !metadata.subject.isEmpty {
            cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, metadata.subject)
        }
        // Without these cairo stamps the clock into the file.
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "")
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, "")
        cr = cairo_create(surface)
    }

    deinit {
        cairo_destroy(cr)
        if !finished { cairo_surface_finish(surface) }
        cairo_surface_destroy(surface)
    }

    /// Lays out `document` with `renderer` and appends its pages.
    /// - Parameters:
    ///   - outline: a bookmark title pointing at the document's first page, or nil.
    ///   - padToEven: add a blank page when the document has an odd page count (duplex).
    /// - Returns: the number of pages the document took (blank padding not counted).
    @discardableResult
    public func add(_ document: Document, renderer: PageRenderer, outline: String?, padToEven: Bool = false) throws(RenderError) -> Int {
        let pages = try renderer.layout(document)
        if let outline {
            _ = cairo_pdf_surface_add_outline(surface, 0, outline, "page=\(pageCount + 1)", cairo_pdf_outline_flags_t(0))
        }
        for frame in pages.frames {
            cairo_pdf_surface_set_size(surface, frame.width, frame.height)
            Painter.paint(frame, watermark: pages.watermark, angle: pages.watermarkAngle, gray: pages.watermarkGray, on: cr)
            cairo_show_page(cr)
            pageCount += 1
        }
        if padToEven && pages.frames.count % 2 == 1, let last = pages.frames.last {
            cairo_pdf_surface_set_size(surface, last.width, last.height)
            cairo_show_page(cr)
            pageCount += 1
        }
        try check()
        return pages.frames.count
    }

    /// Writes the file's trailer. Nothing may be added after this.
    public func finish() throws(RenderError) {
        guard !finished else { return }
        finished = true
        cairo_surface_finish(surface)
        try check()
    }

    private func check() throws(RenderError) {
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError(.cairo, "PDF output failed: \(String(cString: cairo_status_to_string(status)))")
        }
    }
}
