import CQujatShims
import CPangoCairo
import QujatDocument
import QujatLayout

/// Writes one PDF file, page by page, to a sink: a single document, or many documents one
/// after another (a merged print file) with an outline entry each.
///
/// Bytes are handed to the sink as Cairo produces them, so a merged file of thousands of
/// documents never sits in memory whole. Output is deterministic: no dates are written.
public final class PDFWriter {
    private final class Sink {
        let write: (UnsafeRawBufferPointer) -> Void
        init(_ write: @escaping (UnsafeRawBufferPointer) -> Void) { self.write = write }
    }

    private let sink: Sink
    private let surface: OpaquePointer
    private let cr: OpaquePointer
    private var finished = false
    private let repeated: RepeatedLines?
    /// Pages written so far.
    public private(set) var pageCount = 0

    /// - Parameters:
    ///   - metadata: the file's title, author and creator.
    ///   - write: receives the file's bytes in order.
    public convenience init(metadata: Metadata, reusesRepeatedLines: Bool = true, write: @escaping ([UInt8]) -> Void) {
        self.init(metadata: metadata, reusesRepeatedLines: reusesRepeatedLines, writeBytes: { write(Array($0)) })
    }

    /// - Parameters:
    ///   - metadata: the file's title, author and creator.
    ///   - reusesRepeatedLines: write a line of text that the file already has (a label or
    ///     the fixed wording of a form, repeated in every document of a merged file) once,
    ///     as a form XObject, and refer to it from then on (see `RepeatedLines`). Worth it
    ///     for many documents in one file; a single document draws every line as text.
    ///   - writeBytes: receives the file's bytes in order; the buffer is valid only during
    ///     the call (no array is made for each of Cairo's many small writes).
    public init(metadata: Metadata, reusesRepeatedLines: Bool = true, writeBytes: @escaping (UnsafeRawBufferPointer) -> Void) {
        repeated = reusesRepeatedLines ? RepeatedLines() : nil
        sink = Sink(writeBytes)
        let closure = Unmanaged.passUnretained(sink).toOpaque()
        surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            let sink = Unmanaged<Sink>.fromOpaque(closure!).takeUnretainedValue()
            sink.write(UnsafeRawBufferPointer(start: data, count: Int(length)))
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

    /// Appends a laid-out document's pages.
    /// - Parameters:
    ///   - pages: the document laid out (`Typesetter.layout`, `PageRenderer.layout`).
    ///   - outline: a bookmark title pointing at the document's first page, or nil.
    ///   - padToEven: duplex printing: add blank back pages so that the document, and each
    ///     copy in it, starts on the front of a new sheet.
    ///   - limits: the render deadline, checked before each page.
    /// - Returns: the document's pages (blank padding not counted) and where its copies start.
    @discardableResult
    public func add(_ pages: LaidDocument, outline: String?, padToEven: Bool = false,
                    limits: RenderLimits = RenderLimits()) throws(RenderError) -> PageInfo {
        let previous = Self.useCompressionLevel()
        defer { qujat_set_deflate_level(previous) }
        if let outline {
            _ = cairo_pdf_surface_add_outline(surface, 0, outline, "page=\(pageCount + 1)", cairo_pdf_outline_flags_t(0))
        }
        let info = PageInfo(pages.frames)
        // The same padding rule PDFMerger applies to finished files.
        let padding = padToEven ? info.duplexPadding() : []
        for (index, frame) in pages.frames.enumerated() {
            try limits.checkTime()
            if padding.contains(index) { blankPage(width: frame.width, height: frame.height) }
            cairo_pdf_surface_set_size(surface, frame.width, frame.height)
            repeated?.startPage()
            Painter.paint(frame, watermark: pages.watermark, angle: pages.watermarkAngle, gray: pages.watermarkGray, on: cr,
                          repeated: repeated)
            cairo_show_page(cr)
            pageCount += 1
        }
        if padding.contains(pages.frames.count), let last = pages.frames.last {
            blankPage(width: last.width, height: last.height)
        }
        try check()
        return info
    }

    /// Compression level for the streams Cairo writes (page contents, fonts), used where the
    /// program links `CQujatFastDeflate` (the CLI): libdeflate at level 1 compresses a license
    /// smaller than zlib at 1 and in less time (docs/ARCHITECTURE.md, PDF output).
    /// `QUJAT_PDF_COMPRESSION=0…12` chooses another level.
    static let compressionLevel: Int32 = {
        if let text = getenv("QUJAT_PDF_COMPRESSION").map({ String(cString: $0) }), let level = Int32(text), (0...12).contains(level) {
            return level
        }
        return 1
    }()

    /// Sets this thread's deflate level for Cairo; returns the previous setting.
    private static func useCompressionLevel() -> Int32 {
        let previous = qujat_deflate_level()
        qujat_set_deflate_level(compressionLevel)
        return previous
    }

    private func blankPage(width: Double, height: Double) {
        cairo_pdf_surface_set_size(surface, width, height)
        cairo_show_page(cr)
        pageCount += 1
    }

    /// Writes the file's trailer. Nothing may be added after this.
    public func finish() throws(RenderError) {
        guard !finished else { return }
        finished = true
        let previous = Self.useCompressionLevel()
        defer { qujat_set_deflate_level(previous) }
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
