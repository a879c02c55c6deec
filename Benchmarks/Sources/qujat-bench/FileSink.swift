import Foundation

/// Where a merged PDF goes: a file, written through a 64 KiB buffer so that Cairo's many
/// small output calls do not each become a system call.
final class FileSink {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let capacity = 64 * 1024
    /// Bytes received so far.
    private(set) var byteCount = 0

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw BenchError("cannot create \(path)")
        }
        self.handle = handle
        buffer.reserveCapacity(capacity)
    }

    /// Takes the next bytes of the file.
    func write(_ bytes: UnsafeRawBufferPointer) {
        byteCount += bytes.count
        buffer += bytes
        if buffer.count >= capacity { flush() }
    }

    /// Writes what is buffered and closes the file.
    func close() throws {
        flush()
        try handle.close()
    }

    private func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
