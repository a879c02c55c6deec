import CPangoCairo
import KazakhText
import QujatDocument

/// A paragraph shaped and broken into lines by Pango. Owns its `PangoLayout`; the lines are
/// drawn one by one so a paragraph can continue on the next page.
package final class LaidText {
    package struct Line {
        package let line: UnsafeMutablePointer<PangoLayoutLine>
        /// Left edge of the line within the layout box (alignment and indent applied).
        package let x: Double
        /// Distance from the top of the line box to the baseline.
        package let baseline: Double
        /// Height of the line box, leading included.
        package let height: Double
        /// Width of the inked text.
        package let width: Double
    }

    package let layout: OpaquePointer
    package private(set) var lines: [Line] = []
    /// What the paragraph was made from (nil for one made outside `make`): equal keys, equal lines.
    package private(set) var key: LayoutKey?
    /// `key`'s hash, computed once (a key holds the paragraph's text).
    package private(set) var keyHash = 0

    package var height: Double { lines.reduce(0) { $0 + $1.height } }

    /// The paragraph's text, as Pango holds it (to name it in an error).
    package var text: String {
        pango_layout_get_text(layout).map { String(cString: $0) } ?? ""
    }

    /// The shaped paragraph for these runs and settings: from this worker's cache when the
    /// same text was laid out before (labels, headings and fixed wording repeat in every
    /// document), otherwise shaped now. A `LaidText` is never changed after it is made, so
    /// sharing it between documents of one worker is safe.
    package static func make(runs: [Run], style: TextStyle, width: Double?, alignment: Alignment = .left,
                     firstLineIndent: Double = 0, page: (number: Int, count: Int)? = nil,
                     fonts: FontLibrary) throws(RenderError) -> LaidText {
        let usesPage = runs.contains { if case .text = $0.content { false } else { true } }
        let key = LayoutKey(runs: runs, style: style, width: width, alignment: alignment, firstLineIndent: firstLineIndent,
                            page: usesPage ? page.map { [$0.number, $0.count] } : nil)
        if let cached = fonts.layouts[key] { return cached }
        let text = try LaidText(runs: runs, style: style, width: width, alignment: alignment,
                                firstLineIndent: firstLineIndent, page: page, fonts: fonts)
        text.key = key
        text.keyHash = key.hashValue
        fonts.remember(text, for: key)
        return text
    }

    /// Shapes `runs` in `width` points (nil: one unbroken line).
    init(runs: [Run], style: TextStyle, width: Double?, alignment: Alignment = .left,
         firstLineIndent: Double = 0, page: (number: Int, count: Int)? = nil,
         fonts: FontLibrary) throws(RenderError) {
        layout = pango_layout_new(fonts.context)!
        let base = try fonts.description(family: style.family, size: style.size, bold: style.bold, italic: style.italic)
        pango_layout_set_font_description(layout, base)

        var text = ""
        let attributes = pango_attr_list_new()!
        defer { pango_attr_list_unref(attributes) }
        for run in runs {
            let piece: String
            switch run.content {
            case .text(let value): piece = value
            case .pageNumber: piece = page.map { String($0.number) } ?? "0"
            case .pageCount: piece = page.map { String($0.count) } ?? "0"
            }
            let start = UInt32(text.utf8.count)
            text += piece
            let end = UInt32(text.utf8.count)
            if run.bold && !style.bold { Self.add(pango_attr_weight_new(PANGO_WEIGHT_BOLD), start, end, to: attributes) }
            if run.italic && !style.italic { Self.add(pango_attr_style_new(PANGO_STYLE_ITALIC), start, end, to: attributes) }
            if run.underline { Self.add(pango_attr_underline_new(PANGO_UNDERLINE_SINGLE), start, end, to: attributes) }
        }
        // «№ 139», «14-кеңсе», «А.Н. Сейтқали», phone numbers and pieces of addresses stay on one line.
        if width != nil {
            for range in LineBreaks.unbreakable(in: text) {
                let start = UInt32(text.utf8.distance(from: text.startIndex, to: range.lowerBound))
                let end = UInt32(text.utf8.distance(from: text.startIndex, to: range.upperBound))
                Self.add(pango_attr_allow_breaks_new(0), start, end, to: attributes)
            }
        }
        pango_layout_set_text(layout, text, Int32(text.utf8.count))
        pango_layout_set_attributes(layout, attributes)
        if let width {
            pango_layout_set_width(layout, Int32(width * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        }
        switch alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        case .justify:
            pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
            pango_layout_set_justify(layout, 1)
        }
        if firstLineIndent != 0 { pango_layout_set_indent(layout, Int32(firstLineIndent * Double(PANGO_SCALE))) }

        // This first query runs Pango's itemizing, shaping and line breaking.
        let unknown = PangoLock.run { pango_layout_get_unknown_glyphs_count(layout) }
        if unknown > 0 {
            // No unref here: the object is fully initialized, so deinit releases the layout.
            let missing = Self.charactersWithoutGlyph(text, style: style, fonts: fonts)
            throw RenderError(.missingGlyph,
                "no font in the fonts folder has \(RenderError.names(of: missing)) (in the text «\(text)»)",
                characters: missing)
        }
        measure(leading: style.leading)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

    private static func add(_ attribute: UnsafeMutablePointer<PangoAttribute>?, _ start: UInt32, _ end: UInt32,
                            to list: OpaquePointer) {
        guard let attribute else { return }
        attribute.pointee.start_index = start
        attribute.pointee.end_index = end
        pango_attr_list_insert(list, attribute)
    }

    private func measure(leading: Double) {
        let scale = Double(PANGO_SCALE)
        let iterator = pango_layout_get_iter(layout)!
        defer { pango_layout_iter_free(iterator) }
        repeat {
            guard let line = pango_layout_iter_get_line_readonly(iterator) else { break }
            var ink = PangoRectangle()
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iterator, &ink, &logical)
            let natural = Double(logical.height) / scale
            let ascent = Double(pango_layout_iter_get_baseline(iterator) - logical.y) / scale
            let height = natural * leading
            lines.append(Line(line: line, x: Double(logical.x) / scale,
                              baseline: ascent + (height - natural) / 2, height: height,
                              width: Double(logical.width) / scale))
        } while pango_layout_iter_next_line(iterator) != 0
    }

    /// The characters that make Pango use an unknown glyph.
    private static func charactersWithoutGlyph(_ text: String, style: TextStyle, fonts: FontLibrary) -> [Unicode.Scalar] {
        var missing: [Unicode.Scalar] = []
        for scalar in Set(text.unicodeScalars) where scalar.value > 0x7F {
            let probe = pango_layout_new(fonts.context)!
            defer { g_object_unref(UnsafeMutableRawPointer(probe)) }
            if let description = try? fonts.description(family: style.family, size: style.size, bold: style.bold, italic: style.italic) {
                pango_layout_set_font_description(probe, description)
            }
            let s = String(scalar)
            pango_layout_set_text(probe, s, Int32(s.utf8.count))
            if pango_layout_get_unknown_glyphs_count(probe) > 0 { missing.append(scalar) }
        }
        return missing.sorted { $0.value < $1.value }
    }
}

/// Everything that decides how a paragraph is shaped and broken.
///
/// Texts are compared and hashed by their UTF-8 bytes — what Pango is given — rather than
/// by `String`'s Unicode-equivalence rules, which normalize every non-ASCII (here: every
/// Kazakh) string on each lookup.
package struct LayoutKey: Hashable {
    let runs: [Run]
    let style: TextStyle
    let width: Double?
    let alignment: Alignment
    let firstLineIndent: Double
    let page: [Int]?

    package static func == (a: LayoutKey, b: LayoutKey) -> Bool {
        a.style == b.style && a.width == b.width && a.alignment == b.alignment
            && a.firstLineIndent == b.firstLineIndent && a.page == b.page
            && a.runs.count == b.runs.count && zip(a.runs, b.runs).allSatisfy(sameRun)
    }

    private static func sameRun(_ a: Run, _ b: Run) -> Bool {
        guard a.bold == b.bold, a.italic == b.italic, a.underline == b.underline else { return false }
        switch (a.content, b.content) {
        case (.text(let x), .text(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.pageNumber, .pageNumber), (.pageCount, .pageCount): return true
        default: return false
        }
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(runs.count)
        for run in runs {
            hasher.combine(run.bold)
            hasher.combine(run.italic)
            hasher.combine(run.underline)
            switch run.content {
            case .text(var text):
                hasher.combine(0 as UInt8)
                text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
            case .pageNumber: hasher.combine(1 as UInt8)
            case .pageCount: hasher.combine(2 as UInt8)
            }
        }
        hasher.combine(style.size)
        hasher.combine(style.bold)
        hasher.combine(style.italic)
        hasher.combine(width)
        hasher.combine(firstLineIndent)
    }
}
