import Foundation
import Qujat

/// One batch per output folder: an advisory lock (`flock`) on the folder itself. The kernel
/// releases it when the holder exits, even by `kill -9`, so a rerun after a crash is never
/// locked out; and no file is added to the folder. A second batch on the same folder is
/// refused at once with the holder's pid (from `/proc/locks`).
final class FolderLock {
    private let descriptor: Int32

    /// Takes the lock at once, or throws ``QujatError/busy(_:)`` naming the holder's pid.
    init(folder: String) throws(QujatError) {
        descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io("cannot open \(folder): \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            var info = stat()
            let inode = fstat(descriptor, &info) == 0 ? UInt64(info.st_ino) : 0
            close(descriptor)
            guard reason == EWOULDBLOCK else { throw .io("cannot lock \(folder): \(String(cString: strerror(reason)))") }
            let holder = Self.holder(inode: inode).map { "pid \($0)" } ?? "another process"
            throw .busy("\(folder) is in use by another batch (\(holder)); wait for it to finish or choose another --out")
        }
    }

    deinit {
        close(descriptor)  // releases the lock
    }

    /// The pid holding a FLOCK on the inode, from `/proc/locks` ("1: FLOCK ADVISORY WRITE 4242 08:01:1234 0 EOF").
    static func holder(inode: UInt64) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "FLOCK", fields[5].split(separator: ":").last == Substring(String(inode)) else { continue }
            return Int(fields[4])
        }
        return nil
    }
}

/// Asks a running batch to stop at the next document (see `BatchOptions.stop`).
///
/// A flag behind an `NSLock`, hence `@unchecked Sendable`. `Synchronization`'s `Atomic` or
/// `Mutex` would make that checked, but they need macOS 15 and the package still declares
/// macOS 14; on Linux alone either would do.
public final class BatchStop: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false

    public init() {}

    public var isRequested: Bool { lock.withLock { requested } }

    public func request() {
        lock.withLock { requested = true }
    }
}
