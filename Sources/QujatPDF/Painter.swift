import QujatLayout
import CPangoCairo
import QujatDocument
import QujatQR

/// Draws finished frames on a Cairo context. Makes no decisions: everything was placed by
/// the composer and the paginator.
enum Painter {
    /// - Parameter repeated: a PDF file's record of lines already drawn (lines drawn again
    ///   are painted from a recording, written once per file); nil draws every line as text.
    static func paint(_ frame: Frame, watermark: LaidText?, angle: Double, gray: Double, on cr: OpaquePointer,
                      repeated: RepeatedLines? = nil) {
        if let watermark, let line = watermark.lines.first {
            cairo_save(cr)
            cairo_translate(cr, frame.width / 2, frame.height / 2)
            cairo_rotate(cr, -angle * Double.pi / 180)
            cairo_set_source_rgb(cr, gray, gray, gray)
            cairo_move_to(cr, -line.width / 2, -line.height / 2 + line.baseline)
            pango_cairo_show_layout_line(cr, line.line)
            cairo_restore(cr)
        }
        for placed in frame.marks {
            paint(placed, on: cr, repeated: repeated)
        }
    }

    /// Draws a line of text in `gray` with its baseline starting at (x, baseline).
    static func show(_ line: LaidText.Line, gray: Double, x: Double, baseline: Double, on cr: OpaquePointer) {
        cairo_set_source_rgb(cr, gray, gray, gray)
        cairo_move_to(cr, x, baseline)
        pango_cairo_show_layout_line(cr, line.line)
    }

    private static func paint(_ placed: Placed, on cr: OpaquePointer, repeated: RepeatedLines?) {
        switch placed.mark {
        case .line(let text, let index, let gray):
            let line = text.lines[index]
            if let recording = repeated?.recording(of: text, line: index, gray: gray) {
                cairo_set_source_surface(cr, recording, placed.x + line.x, placed.y + line.baseline)
                cairo_paint(cr)
                return
            }
            show(line, gray: gray, x: placed.x + line.x, baseline: placed.y + line.baseline, on: cr)
        case .rectangle(let width, let height, let fill, let stroke):
            cairo_rectangle(cr, placed.x, placed.y, width, height)
            if let fill {
                cairo_set_source_rgb(cr, fill, fill, fill)
                if stroke != nil { cairo_fill_preserve(cr) } else { cairo_fill(cr) }
            }
            if let stroke {
                cairo_set_source_rgb(cr, 0, 0, 0)
                cairo_set_line_width(cr, stroke)
                cairo_stroke(cr)
            }
        case .segment(let dx, let dy, let width, let dashed):
            cairo_save(cr)
            cairo_set_source_rgb(cr, 0, 0, 0)
            cairo_set_line_width(cr, width)
            if dashed {
                let pattern: [Double] = [4, 3]
                cairo_set_dash(cr, pattern, 2, 0)
            }
            cairo_move_to(cr, placed.x, placed.y)
            cairo_rel_line_to(cr, dx, dy)
            cairo_stroke(cr)
            cairo_restore(cr)
        case .qr(let matrix, let size):
            // One 1-bit mask image with a four-module quiet zone, scaled without smoothing:
            // much smaller and faster in a PDF than a rectangle per module.
            let module = size / Double(matrix.size + 8)
            let mask = cairo_image_surface_create(CAIRO_FORMAT_A1, Int32(matrix.size), Int32(matrix.size))!
            defer { cairo_surface_destroy(mask) }
            cairo_surface_flush(mask)
            let stride = Int(cairo_image_surface_get_stride(mask))
            let data = cairo_image_surface_get_data(mask)!
            for row in 0..<matrix.size {
                for column in 0..<matrix.size where matrix.isDark(row: row, column: column) {
                    // CAIRO_FORMAT_A1 packs 32-bit words, least significant bit first on little-endian.
                    // The word is changed inside the closure: its pointer must not escape it.
                    data.advanced(by: row * stride + (column / 32) * 4).withMemoryRebound(to: UInt32.self, capacity: 1) { word in
                        word.pointee |= UInt32(1) << UInt32(column % 32)
                    }
                }
            }
            cairo_surface_mark_dirty(mask)
            cairo_save(cr)
            cairo_translate(cr, placed.x + 4 * module, placed.y + 4 * module)
            cairo_scale(cr, module, module)
            cairo_set_source_rgb(cr, 0, 0, 0)
            let pattern = cairo_pattern_create_for_surface(mask)!
            cairo_pattern_set_filter(pattern, CAIRO_FILTER_NEAREST)
            cairo_mask(cr, pattern)
            cairo_pattern_destroy(pattern)
            cairo_restore(cr)
        }
    }
}
