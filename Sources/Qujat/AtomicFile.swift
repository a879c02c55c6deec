import Foundation

/// Writes a file so that it is either complete under its final name or not there at all:
/// the bytes go to a temporary file in the same folder (named `.NAME.PID.RANDOM.tmp`),
/// which is then renamed. With `durable`, the data reach the disk before the rename, so
/// not even a power cut leaves a short file under the final name.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, durable: Bool = false) throws(QujatError) {
        try stream(to: path, durable: durable) { sink throws(QujatError) in try sink.write(bytes) }
    }

    /// Writes through a buffered sink; on any error the temporary file is removed.
    public static func stream(to path: String, durable: Bool = false,
                              _ body: (FileSink) throws(QujatError) -> Void) throws(QujatError) {
        let temporary = temporaryName(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(path) }
        let sink = FileSink(descriptor: descriptor, path: path)
        do throws(QujatError) {
            try body(sink)
            try sink.flush()
            if durable && fsync(descriptor) != 0 { throw failure(path) }
            close(descriptor)
            guard rename(temporary, path) == 0 else { throw failure(path) }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
    }

    /// `.NAME.PID.RANDOM.tmp` in the folder of `path`: renamed onto `path` when complete.
    package static func temporaryName(for path: String) -> String {
        // Plain string work: a `URL` cost a cold render 0.1 ms.
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        return "\(folder).\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
    }

    /// Writes a temporary file that a later `rename` puts in place; with `durable`, flushed
    /// to disk first (a batch instead syncs many files at once, see `BatchRunner`). Written
    /// straight from `bytes`: a batch writes one per document.
    public static func writeTemporary(_ bytes: [UInt8], at temporary: String, durable: Bool = true) throws(QujatError) {
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(temporary) }
        guard writeAll(bytes, to: descriptor), !durable || fsync(descriptor) == 0 else {
            let error = failure(temporary)
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
    }

    /// Writes all of `bytes` (retrying short writes and EINTR); false on an error, with errno set.
    package static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Bool {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            written += count
        }
        return true
    }

    /// Removes temporary files left in `folder` by a process that was killed mid-write.
    public static func removeLeftovers(in folder: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".tmp") {
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }

    /// Makes renames in `folder` durable.
    public static func syncFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    package static func failure(_ path: String) -> QujatError {
        .io("cannot write \(path): \(String(cString: strerror(errno)))")
    }
}

/// A buffered writer to an open file.
public final class FileSink {
    private let descriptor: Int32
    private let path: String
    private var buffer: [UInt8] = []
    private static let capacity = 1 << 20

    package init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
        buffer.reserveCapacity(Self.capacity)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(QujatError) {
        if buffer.count + bytes.count > Self.capacity { try flush() }
        if bytes.count >= Self.capacity {
            try writeAll(Array(bytes))
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    public func write(_ bytes: [UInt8]) throws(QujatError) {
        if buffer.count + bytes.count > Self.capacity { try flush() }
        if bytes.count >= Self.capacity {
            try writeAll(bytes)
        } else {
            buffer += bytes
        }
    }

    package func flush() throws(QujatError) {
        guard !buffer.isEmpty else { return }
        try writeAll(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: [UInt8]) throws(QujatError) {
        guard AtomicFile.writeAll(bytes, to: descriptor) else { throw AtomicFile.failure(path) }
    }
}
