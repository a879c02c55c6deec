import Foundation
import Hummingbird
import NIOCore
import NIOPosix

/// A regular file open for reading. The descriptor is closed when the last reference goes,
/// so a response body that is never written (the client went away first) still closes it.
/// Reads run on NIO's blocking-I/O thread pool: never on an event loop or on one of the
/// (here two) cooperative threads that every request shares.
package final class OpenFile: Sendable {
    package let descriptor: Int32
    package let size: UInt64
    package let modified: Date
    /// Device, inode, size and modification time: the same file with the same contents.
    package let identity: String

    /// The file at `path`, or nil when it is missing or not a regular file.
    package static func open(_ path: String) -> OpenFile? {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return nil
        }
        return OpenFile(descriptor: descriptor, info: info)
    }

    private init(descriptor: Int32, info: stat) {
        self.descriptor = descriptor
        size = UInt64(info.st_size)
        let modifiedTime = info.st_mtim
        modified = Date(timeIntervalSince1970: Double(modifiedTime.tv_sec) + Double(modifiedTime.tv_nsec) / 1e9)
        identity = "\(info.st_dev):\(info.st_ino):\(info.st_size):\(modifiedTime.tv_sec).\(modifiedTime.tv_nsec)"
    }

    deinit { close(descriptor) }

    package enum ReadError: Error, CustomStringConvertible {
        case failed(Int32)
        /// The file is shorter than when it was opened.
        case truncated

        package var description: String {
            switch self {
            case .failed(let code): "read failed: \(String(cString: strerror(code)))"
            case .truncated: "the file became shorter while it was being sent"
            }
        }
    }

    /// `count` bytes from `offset`.
    package func read(at offset: UInt64, count: Int) async throws -> ByteBuffer {
        try await NIOThreadPool.singleton.runIfActive { [self] in
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            _ = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { raw in
                try self.fill(UnsafeMutableRawBufferPointer(rebasing: raw[..<count]), from: offset)
                return count
            }
            return buffer
        }
    }

    /// The whole file's CRC-32, read in 1 MiB steps (each a short job on the thread pool).
    package func crc32() async throws -> UInt32 {
        var crc = CRC32()
        var offset: UInt64 = 0
        while offset < size {
            let count = Int(min(1 << 20, size - offset))
            let start = offset
            crc = try await NIOThreadPool.singleton.runIfActive { [self, crc] in
                var crc = crc
                let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
                defer { scratch.deallocate() }
                try self.fill(scratch, from: start)
                crc.update(UnsafeRawBufferPointer(scratch))
                return crc
            }
            offset += UInt64(count)
        }
        return crc.checksum
    }

    /// Writes the whole file to `writer` in `chunk`-sized buffers. The writer waits while the
    /// client's connection is not writable, so at most a chunk or two are held, whatever the size.
    package func send(to writer: inout any ResponseBodyWriter, chunk: Int = 256 << 10) async throws {
        var offset: UInt64 = 0
        while offset < size {
            let count = Int(min(UInt64(chunk), size - offset))
            try await writer.write(try await read(at: offset, count: count))
            offset += UInt64(count)
        }
    }

    private func fill(_ target: UnsafeMutableRawBufferPointer, from offset: UInt64) throws {
        var done = 0
        while done < target.count {
            let read = pread(descriptor, target.baseAddress! + done, target.count - done, off_t(offset) + off_t(done))
            if read < 0 {
                if errno == EINTR { continue }
                throw ReadError.failed(errno)
            }
            if read == 0 { throw ReadError.truncated }
            done += read
        }
    }
}

/// CRC-32s of files already sent, by `OpenFile.identity`: a merged print file does not change
/// once its batch is done, so only its first download in a zip reads it twice.
package final class CRCCache: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: UInt32] = [:]
    private let capacity: Int

    package init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    package func crc(of file: OpenFile) async throws -> UInt32 {
        if let known = lock.withLock({ values[file.identity] }) { return known }
        let crc = try await file.crc32()
        lock.withLock {
            if values.count >= capacity { values.removeAll(keepingCapacity: true) }
            values[file.identity] = crc
        }
        return crc
    }
}

/// One entry of a streamed zip: a file on disk (read when its turn comes) or a few bytes.
package struct ZipSource: Sendable {
    package enum Content: Sendable {
        case file(String)
        case bytes([UInt8])
    }

    package let name: String
    package let content: Content
    package let size: UInt64
    package let modified: Date

    /// The file at `path`, or nil when it is missing.
    package static func file(_ name: String, path: String) -> ZipSource? {
        guard let file = OpenFile.open(path) else { return nil }
        return ZipSource(name: name, content: .file(path), size: file.size, modified: file.modified)
    }

    package static func bytes(_ name: String, _ bytes: [UInt8], modified: Date = Date()) -> ZipSource {
        ZipSource(name: name, content: .bytes(bytes), size: UInt64(bytes.count), modified: modified)
    }
}

package enum ZipStreamError: Error, CustomStringConvertible {
    case changed(String)

    package var description: String {
        switch self {
        case .changed(let name): "\(name) was removed or changed while the archive was being sent"
        }
    }
}

extension ResponseBody {
    /// A file sent from disk in chunks, with its length.
    package static func file(_ file: OpenFile) -> ResponseBody {
        ResponseBody(contentLength: Int(file.size)) { writer in
            try await file.send(to: &writer)
            try await writer.finish(nil)
        }
    }

    /// A zip of `sources` (stored entries), streamed with its exact length. Files are opened
    /// one at a time, when their turn comes, so a download holds one descriptor and a chunk or
    /// two of memory whatever the number and size of the files. A file that is gone or has
    /// another size by then (its batch was deleted during the download) ends the response
    /// early: the client sees fewer bytes than Content-Length, never a wrong archive.
    package static func zip(_ sources: [ZipSource], cache: CRCCache, limit: UInt64 = ZipLayout.defaultLimit) -> ResponseBody {
        let layout = ZipLayout(sources.map { ($0.name, $0.size, $0.modified) }, limit: limit)
        return ResponseBody(contentLength: Int(layout.length)) { writer in
            var crcs: [UInt32] = []
            for (index, source) in sources.enumerated() {
                switch source.content {
                case .bytes(let bytes):
                    crcs.append(CRC32.checksum(bytes))
                    try await writer.write(ByteBuffer(bytes: layout.localHeader(index, crc: crcs[index]) + bytes))
                case .file(let path):
                    guard let file = OpenFile.open(path), file.size == source.size else { throw ZipStreamError.changed(source.name) }
                    crcs.append(try await cache.crc(of: file))
                    try await writer.write(ByteBuffer(bytes: layout.localHeader(index, crc: crcs[index])))
                    try await file.send(to: &writer)
                }
            }
            try await writer.write(ByteBuffer(bytes: layout.trailer(crcs: crcs)))
            try await writer.finish(nil)
        }
    }
}
