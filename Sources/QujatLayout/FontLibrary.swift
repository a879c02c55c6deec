import Foundation
import CPangoCairo

/// The fonts of one worker: a fontconfig configuration that sees only `Fonts/`, a Pango font
/// map at 72 dpi and one Pango context.
///
/// Pango and Cairo objects must never cross threads, so a `FontLibrary` is not `Sendable`:
/// each worker makes its own and reuses it for every document it renders.
package final class FontLibrary {
    let fontMap: UnsafeMutablePointer<PangoFontMap>
    /// This library's FreeType faces (see `FontFaces`).
    private let faces: FontFaces
    let context: OpaquePointer
    /// Family names found in the fonts folder.
    let families: Set<String>
    private var descriptions: [DescriptionKey: OpaquePointer] = [:]
    /// Paragraphs shaped before, for `LaidText.make`. Bounded: emptied when it grows past
    /// `layoutLimit`, so memory stays flat over any number of documents.
    private(set) var layouts: [LayoutKey: LaidText] = [:]
    static let layoutLimit = 3000

    func remember(_ text: LaidText, for key: LayoutKey) {
        if layouts.count >= Self.layoutLimit { layouts.removeAll(keepingCapacity: true) }
        layouts[key] = text
    }

    private struct DescriptionKey: Hashable {
        let family: String, size: Double, bold: Bool, italic: Bool
    }

    init(directory: String) throws(RenderError) {
        PangoLock.lock.lock()
        defer { PangoLock.lock.unlock() }
        guard let config = FcConfigCreate() else { throw RenderError(.fonts, "fontconfig could not be set up") }
        defer { FcConfigDestroy(config) }
        // A private cache folder: fontconfig otherwise complains that it has nowhere to write.
        let cache = (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp") + "/qujat-fontconfig-cache"
        _ = FcConfigParseAndLoadFromMemory(config, "<fontconfig><cachedir>\(cache)</cachedir></fontconfig>", 1)
        guard FcConfigAppFontAddDir(config, directory) != 0 else {
            throw RenderError(.fonts, "fonts folder \(directory) cannot be read")
        }
        let faces = try FontFaces.pool.take()
        do throws(RenderError) {
            try faces.attach(to: config)
        } catch {
            FontFaces.pool.giveBack(faces)
            throw error
        }
        self.faces = faces
        let map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT)!
        pango_fc_font_map_set_config(OpaquePointer(map), config)
        let cairoMap = OpaquePointer(map)
        pango_cairo_font_map_set_resolution(cairoMap, 72)
        fontMap = map

        var list: UnsafeMutablePointer<UnsafeMutablePointer<PangoFontFamily>?>?
        var count: Int32 = 0
        pango_font_map_list_families(map, &list, &count)
        var names = Set<String>()
        for i in 0..<Int(count) {
            if let family = list?[i], let name = pango_font_family_get_name(family) {
                names.insert(String(cString: name))
            }
        }
        g_free(list)
        guard !names.isEmpty else {
            g_object_unref(map)
            FontFaces.pool.giveBack(faces)
            throw RenderError(.fonts, "no fonts found in \(directory)")
        }
        families = names

        context = pango_font_map_create_context(map)!
        // Device-independent metrics: the same layout on PDF and PNG.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(context, 0)
        pango_context_set_language(context, pango_language_from_string("kk"))
    }

    deinit {
        for description in descriptions.values { pango_font_description_free(description) }
        g_object_unref(UnsafeMutableRawPointer(context))
        g_object_unref(fontMap)
        FontFaces.pool.giveBack(faces)
    }

    /// The font description for a style, cached. Fails when the family is not in `Fonts/`.
    func description(family: String, size: Double, bold: Bool, italic: Bool) throws(RenderError) -> OpaquePointer {
        let key = DescriptionKey(family: family, size: size, bold: bold, italic: italic)
        if let found = descriptions[key] { return found }
        guard families.contains(family) else {
            throw RenderError(.missingFamily,
                "font family '\(family)' is not in the fonts folder (it has: \(families.sorted().joined(separator: ", ")))")
        }
        let description = pango_font_description_new()!
        pango_font_description_set_family(description, family)
        pango_font_description_set_absolute_size(description, size * Double(PANGO_SCALE))
        pango_font_description_set_weight(description, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_style(description, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        descriptions[key] = description
        return description
    }
}
