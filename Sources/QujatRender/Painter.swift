import CPangoCairo
import QujatDocument

/// Draws finished frames on a Cairo context. Makes no decisions: everything was placed by
/// the composer and the paginator.
enum Painter {
    static func paint(_ frame: Frame, watermark: LaidText?, angle: Double, gray: Double, on cr: OpaquePointer) {
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
            paint(placed, on: cr)
        }
    }

    private static func paint(_ placed: Placed, on cr: OpaquePointer) {
        switch placed.mark {
        case .line(let text, let index, let gray):
            let line = text.lines[index]
            cairo_set_source_rgb(cr, gray, gray, gray)
            cairo_move_to(cr, placed.x + line.x, placed.y + line.baseline)
            pango_cairo_show_layout_line(cr, line.line)
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
            // A four-module quiet zone inside the square.
            let module = size / Double(matrix.size + 8)
            let origin = (x: placed.x + 4 * module, y: placed.y + 4 * module)
            cairo_set_source_rgb(cr, 0, 0, 0)
            for row in 0..<matrix.size {
                var column = 0
                while column < matrix.size {
                    guard matrix.isDark(row: row, column: column) else { column += 1; continue }
                    let start = column
                    while column < matrix.size && matrix.isDark(row: row, column: column) { column += 1 }
                    cairo_rectangle(cr, origin.x + Double(start) * module, origin.y + Double(row) * module,
                                    Double(column - start) * module, module)
                }
            }
            cairo_fill(cr)
        }
    }
}
