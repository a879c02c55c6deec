import Foundation
import QujatSign

/// The files a templates folder and a fonts folder consist of: what a `RenderSet`'s versions
/// are computed from and what `FileWatch` looks at.
///
/// Templates: `types.yaml`, `calendar.txt` and the `*.yaml` files of each first-level folder
/// (what `TemplateLibrary` reads). Fonts: every file below the folder (fontconfig reads
/// subfolders too). Names starting with `.` (editors' swap files) are left out, and so are
/// names ending in `~` (backups).
public enum ResourceFiles {
    /// The templates folder's files, as paths relative to it, sorted.
    public static func templates(_ directory: String) -> [String] {
        let files = FileManager.default
        var found: [String] = []
        for name in ["calendar.txt", "types.yaml"] where isFile((directory as NSString).appendingPathComponent(name)) {
            found.append(name)
        }
        for folder in visible((try? files.contentsOfDirectory(atPath: directory)) ?? []) {
            let path = (directory as NSString).appendingPathComponent(folder)
            guard isFolder(path) else { continue }
            for file in visible((try? files.contentsOfDirectory(atPath: path)) ?? []) where file.hasSuffix(".yaml") {
                if isFile((path as NSString).appendingPathComponent(file)) { found.append(folder + "/" + file) }
            }
        }
        return found.sorted()
    }

    /// The fonts folder's files (subfolders included), as paths relative to it, sorted.
    public static func fonts(_ directory: String) -> [String] {
        let all = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []
        return all.filter { relative in
            !relative.split(separator: "/").contains { $0.hasPrefix(".") || $0.hasSuffix("~") }
                && isFile((directory as NSString).appendingPathComponent(relative))
        }.sorted()
    }

    /// The first 16 hex digits of SHA-256 over each file's relative name, length and bytes:
    /// the same files give the same version on any machine, whatever their times.
    public static func version(of files: [String], in directory: String) -> String {
        var bytes: [UInt8] = []
        for file in files {
            let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent(file)) ?? Data()
            bytes += Array(file.utf8) + [0] + Array(String(data.count).utf8) + [0]
            data.withUnsafeBytes { bytes.append(contentsOf: $0) }  // a copy, not Data's iterator
        }
        return String(SHA256Digest.hex(bytes).prefix(16))
    }

    /// What a file looks like from outside: changes when it is written, replaced (an
    /// editor's rename), created or removed.
    public struct Stamp: Hashable, Sendable {
        let path: String
        let size: Int64
        let seconds: Int
        let nanoseconds: Int
        let inode: UInt64
    }

    /// The stamps of `files` (relative to `directory`); a missing file has size -1.
    public static func stamps(_ files: [String], in directory: String?) -> [Stamp] {
        files.map { file in
            let path = directory.map { ($0 as NSString).appendingPathComponent(file) } ?? file
            var info = stat()
            guard stat(path, &info) == 0 else { return Stamp(path: path, size: -1, seconds: 0, nanoseconds: 0, inode: 0) }
            #if canImport(Darwin)
            let time = info.st_mtimespec
            #else
            let time = info.st_mtim
            #endif
            return Stamp(path: path, size: Int64(info.st_size), seconds: Int(time.tv_sec), nanoseconds: Int(time.tv_nsec),
                         inode: UInt64(info.st_ino))
        }
    }

    /// Copies the fonts folder's files into a folder of this process named by their version,
    /// and returns it. Workers that read fonts from a copy never meet a file half-written by
    /// someone editing the folder, and a new folder name is what fontconfig's cache and
    /// `GlyphCoverage` (both keyed by folder) need to see new fonts. Copies are removed by
    /// `removeFontCopies()` (a server does it when it stops).
    static func copyFonts(_ files: [String], from directory: String, version: String) throws(QujatError) -> String {
        let target = (fontCopies as NSString).appendingPathComponent(version)
        if isFolder(target) { return target }
        let partial = target + ".partial-\(UUID().uuidString)"
        do {
            for file in files {
                let destination = (partial as NSString).appendingPathComponent(file)
                try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent,
                                                        withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: (directory as NSString).appendingPathComponent(file), toPath: destination)
            }
            try FileManager.default.moveItem(atPath: partial, toPath: target)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            if isFolder(target) { return target }
            throw .io("cannot copy the fonts of \(directory) to \(target): \(error.localizedDescription)")
        }
        return target
    }

    /// Where this process keeps copies of reloaded fonts.
    static let fontCopies = (NSTemporaryDirectory() as NSString).appendingPathComponent("qujat-fonts-\(getpid())")

    /// Removes the copies of reloaded fonts this process made (call it when no renderer is
    /// left, e.g. after `RenderPool.shutdown()`).
    public static func removeFontCopies() {
        try? FileManager.default.removeItem(atPath: fontCopies)
    }

    private static func visible(_ names: [String]) -> [String] {
        names.filter { !$0.hasPrefix(".") && !$0.hasSuffix("~") }
    }

    static func isFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    static func isFolder(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
