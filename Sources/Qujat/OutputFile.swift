import Foundation

/// Where the CLI writes a document, the way a user expects of `-o PATH`:
///
/// - `-` is standard output; a FIFO, a character device (`/dev/null`, a tty) or a socket is
///   written in place, never replaced;
/// - a regular file (or a new name) is replaced atomically (`AtomicFile`): complete or absent;
/// - a symbolic link is followed: its final target is replaced atomically (or written in
///   place, if the target is one of the special files above); the link itself stays;
/// - a folder is refused.
///
/// Every failure is ``QujatError/io(_:)`` with the OS's words (exit 74), never a crash.
public enum OutputFile {
    /// Writes several files so that either all of them are in place or none is: each goes to
    /// a temporary file first, and the renames happen only when every one is written.
    public static func write(_ files: [(path: String, bytes: [UInt8])]) throws(QujatError) {
        var staged: [(temporary: String, final: String)] = []
        do throws(QujatError) {
            for file in files {
                switch try destination(file.path) {
                case .inPlace(let path):
                    guard files.count == 1 else { throw .io("cannot write several pages into the special file \(path)") }
                    try writeInPlace(file.bytes, to: path)
                    return
                case .replace(let path):
                    let temporary = AtomicFile.temporaryName(for: path)
                    do throws(QujatError) {
                        try AtomicFile.writeTemporary(file.bytes, at: temporary, durable: false)
                    } catch {
                        throw AtomicFile.failure(file.path)
                    }
                    staged.append((temporary, path))
                }
            }
            for (index, file) in staged.enumerated() where rename(file.temporary, file.final) != 0 {
                let error = AtomicFile.failure(file.final)
                // Those already renamed stay (they are complete); the rest are removed.
                for later in staged[index...] { unlink(later.temporary) }
                throw error
            }
        } catch {
            for file in staged { unlink(file.temporary) }
            throw error
        }
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(QujatError) {
        try write([(path, bytes)])
    }

    enum Destination: Equatable {
        case inPlace(String)
        case replace(String)
    }

    /// How `path` is to be written.
    static func destination(_ path: String) throws(QujatError) -> Destination {
        if path == "-" { return .inPlace("/dev/stdout") }
        var target = path
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
            // Follow the whole chain; a dangling link's target is created.
            guard let resolved = realpath(path, nil) else {
                if errno == ENOENT, let link = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
                    target = link.hasPrefix("/") ? link : ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent(link)
                    return .replace(target)
                }
                throw .io("cannot follow the link \(path): \(String(cString: strerror(errno)))")
            }
            target = String(cString: resolved)
            free(resolved)
        }
        guard stat(target, &info) == 0 else {
            guard errno == ENOENT else { throw .io("cannot write \(path): \(String(cString: strerror(errno)))") }
            return .replace(target)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .replace(target)
        case S_IFDIR: throw .io("cannot write \(path): it is a folder")
        default: return .inPlace(target)  // FIFO, character or block device, socket
        }
    }

    /// Writes into an existing special file without replacing it.
    static func writeInPlace(_ bytes: [UInt8], to path: String) throws(QujatError) {
        let descriptor = path == "/dev/stdout" ? dup(STDOUT_FILENO) : open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else { throw AtomicFile.failure(path == "/dev/stdout" ? "standard output" : path) }
        defer { close(descriptor) }
        guard AtomicFile.writeAll(bytes, to: descriptor) else {
            throw AtomicFile.failure(path == "/dev/stdout" ? "standard output" : path)
        }
    }
}
