import Foundation
import CPangoCairo

/// FreeType faces of the font files, for one `FontLibrary` at a time.
///
/// Fontconfig names a font by its file, and Cairo keeps one font object per file for the
/// whole process, each behind a mutex. So workers with font maps of their own still drew
/// every glyph through the same Cairo fonts and queued on their mutexes: with 2 workers, each
/// blocked about 6 000 times per 10 000 licenses while its core sat idle (0.5 s per worker,
/// 5 % of the batch). When a font's pattern carries a FreeType face (`FC_FT_FACE`), Cairo
/// keys its font objects by that face instead, so faces of its own give each worker fonts of
/// its own.
///
/// A face is never freed: Cairo's caches may hold font objects made from it after a font map
/// is gone, and would meet a new face at the same address as the old one. A library that
/// ends gives its set back to `FontFaces.pool`, and the next library takes it, so the number
/// of sets is the number of font libraries alive at once.
final class FontFaces {
    private let library: FT_Library
    /// By file, index, size and modification time: a changed file gets a new face.
    private var faces: [String: FT_Face] = [:]

    private init?() {
        var library: FT_Library?
        guard FT_Init_FreeType(&library) == 0, let library else { return nil }
        self.library = library
    }

    /// Gives every font that fontconfig found for `config`'s application fonts a face from
    /// this set (the patterns are replaced by copies that carry it).
    func attach(to config: OpaquePointer) throws(RenderError) {
        guard let set = FcConfigGetFonts(config, FcSetApplication) else { return }
        for index in 0..<Int(set.pointee.nfont) {
            guard let pattern = set.pointee.fonts[index] else { continue }
            var file: UnsafeMutablePointer<FcChar8>?
            guard FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch, let file else { continue }
            var number: Int32 = 0
            _ = FcPatternGetInteger(pattern, FC_INDEX, 0, &number)
            let face = try self.face(String(cString: file), index: number)
            guard let copy = FcPatternDuplicate(pattern) else { throw RenderError(.fonts, "fontconfig ran out of memory") }
            guard FcPatternAddFTFace(copy, FC_FT_FACE, face) != 0 else {
                FcPatternDestroy(copy)
                throw RenderError(.fonts, "fontconfig ran out of memory")
            }
            set.pointee.fonts[index] = copy
            FcPatternDestroy(pattern)
        }
    }

    private func face(_ file: String, index: Int32) throws(RenderError) -> FT_Face {
        var info = stat()
        guard stat(file, &info) == 0 else { throw RenderError(.fonts, "font \(file) cannot be read") }
        let key = "\(file)#\(index)#\(info.st_size)#\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        if let face = faces[key] { return face }
        var face: FT_Face?
        guard FT_New_Face(library, file, FT_Long(index), &face) == 0, let face else {
            throw RenderError(.fonts, "FreeType cannot open font \(file)")
        }
        faces[key] = face
        return face
    }

    /// Sets not in use. A set is taken by one font library and used on that library's thread
    /// only; the lock orders the hand-over from a library that ended to the next one.
    static let pool = Pool()

    final class Pool: @unchecked Sendable {
        private let lock = NSLock()
        private var free: [FontFaces] = []

        func take() throws(RenderError) -> FontFaces {
            lock.lock()
            defer { lock.unlock() }
            if let set = free.popLast() { return set }
            guard let set = FontFaces() else { throw RenderError(.fonts, "FreeType could not be set up") }
            return set
        }

        func giveBack(_ set: FontFaces) {
            lock.lock()
            free.append(set)
            lock.unlock()
        }
    }
}
