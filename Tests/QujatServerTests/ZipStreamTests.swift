import Foundation
import HTTPTypes
import Hummingbird
import QujatZip
import NIOCore
@testable import QujatServer
import Testing

/// A response body writer that appends to a file and notes the largest buffer it was given.
final class FileBodyWriter: ResponseBodyWriter, @unchecked Sendable {
    let handle: FileHandle
    private(set) var written = 0
    private(set) var largestBuffer = 0
    private(set) var finished = false

    init(_ url: URL) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        handle = try FileHandle(forWritingTo: url)
    }

    func write(_ buffer: ByteBuffer) async throws {
        written += buffer.readableBytes
        largestBuffer = max(largestBuffer, buffer.readableBytes)
        try handle.write(contentsOf: Data(buffer: buffer))
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {
        finished = true
        try handle.close()
    }
}

@Suite("streamed downloads: files and zips", .timeLimit(.minutes(10)))
struct ZipStreamTests {
    /// Random bytes (a PDF's compressed streams look like this to a zip reader).
    static func randomFile(_ folder: URL, _ name: String, size: Int) throws -> URL {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    @Test("CRC-32 eight bytes at a time matches the bytewise definition, at every alignment and tail length")
    func crc() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<10_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        func bytewise(_ bytes: ArraySlice<UInt8>) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
            }
            return crc ^ 0xFFFF_FFFF
        }
        for (start, end) in [(0, 10_000), (1, 9_999), (3, 17), (5, 12), (7, 7), (0, 8)] {
            #expect(CRC32.checksum(Array(bytes[start..<end])) == bytewise(bytes[start..<end]), "\(start)..<\(end)")
        }
        // In pieces, as the first pass over a file computes it.
        var pieces = CRC32()
        for start in stride(from: 0, to: 10_000, by: 999) {
            Array(bytes[start..<min(start + 999, 10_000)]).withUnsafeBytes { pieces.update($0) }
        }
        #expect(pieces.checksum == bytewise(bytes[...]))
    }

    /// The archive written through a response body, with what both readers make of it.
    static func writeZip(_ sources: [ZipSource], limit: UInt64) async throws -> (url: URL, writer: FileBodyWriter, length: Int?, bytes: [UInt8]) {
        let url = temporaryFolder().appendingPathComponent("out.zip")
        let writer = try FileBodyWriter(url)
        let body = ResponseBody.zip(sources, cache: CRCCache(), limit: limit)
        let length = body.contentLength
        try await body.write(writer)
        return (url, writer, length, [UInt8](try Data(contentsOf: url)))
    }

    @Test("a zip is read by Python's zipfile and by unzip, entries byte-identical, Content-Length exact; ZIP64 records when the limit is passed",
          arguments: [ZipLayout.defaultLimit, 1, 400_000])
    func zipReadersAgree(limit: UInt64) async throws {
        let folder = temporaryFolder()
        let small = try Self.randomFile(folder, "g1.pdf", size: 300_000)
        let large = try Self.randomFile(folder, "g2.pdf", size: 1_300_000)
        let summary = Array("{\"documents\": {\"total\": 2}}\n".utf8)
        let sources = [ZipSource.file("g1.pdf", path: small.path)!, ZipSource.file("g2.pdf", path: large.path)!,
                       .bytes("errors.jsonl", []), .bytes("summary.json", summary)]
        let (url, writer, length, bytes) = try await Self.writeZip(sources, limit: limit)
        #expect(writer.finished)
        #expect(length == bytes.count)
        #expect(writer.written == bytes.count)
        // Streamed: no buffer larger than a read chunk, whatever the file's size.
        #expect(writer.largestBuffer <= 256 << 10)

        let check = try ZipCheck(url)
        #expect(check.bothAccept, "python: \(check.python.output)\nunzip: \(check.unzip.output)")
        #expect(check.entries.keys.sorted() == ["errors.jsonl", "g1.pdf", "g2.pdf", "summary.json"])
        #expect(check.entries["g1.pdf"] == (try Data(contentsOf: small)))
        #expect(check.entries["g2.pdf"] == (try Data(contentsOf: large)))
        #expect(check.entries["errors.jsonl"] == Data())
        #expect(check.entries["summary.json"] == Data(summary))

        let zip64End = bytes.suffix(22 + 20 + 56).starts(with: [0x50, 0x4B, 0x06, 0x06])
        let zip64Extra = ZipLayout(sources.map { ($0.name, $0.size, $0.modified) }, limit: limit).entries.contains { $0.zip64Sizes }
        if limit == ZipLayout.defaultLimit {
            #expect(!zip64End && !zip64Extra)
        } else {
            #expect(zip64End && zip64Extra)
        }
    }

    @Test("ZIP64 in each place: sizes only, offset only, both, and the end records")
    func zip64Layout() {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let layout = ZipLayout([("a", 10, date), ("b", 500, date), ("c", 20, date)], limit: 100)
        #expect(layout.entries.map(\.zip64Sizes) == [false, true, false])
        #expect(layout.entries.map(\.zip64Offset) == [false, false, true])
        #expect(layout.zip64End)
        let trailer = layout.trailer(crcs: [0, 0, 0])
        #expect(UInt64(trailer.count) == layout.length - layout.centralDirectoryOffset)
        // The end record points at the ZIP64 record for the directory's offset.
        #expect(Array(trailer.suffix(22).dropFirst(16).prefix(4)) == [0xFF, 0xFF, 0xFF, 0xFF])
        let plain = ZipLayout([("a", 10, date)])
        #expect(!plain.zip64End && plain.length == 30 + 1 + 10 + 46 + 1 + 22)
        // 2023-11-14 22:13:20 UTC.
        let (time, day) = ZipLayout.dosTime(date)
        #expect(day == (43 << 9 | 11 << 5 | 14) && time == (22 << 11 | 13 << 5 | 10))
    }

    @Test("a file removed or changed after the archive was planned ends the body early with an error")
    func changedFile() async throws {
        let folder = temporaryFolder()
        let file = try Self.randomFile(folder, "g1.pdf", size: 1000)
        let source = try #require(ZipSource.file("g1.pdf", path: file.path))
        try Data([1, 2, 3]).write(to: file)
        let writer = try FileBodyWriter(folder.appendingPathComponent("out.zip"))
        await #expect(throws: ZipStreamError.self) { try await ResponseBody.zip([source], cache: CRCCache()).write(writer) }
        #expect(!writer.finished)
    }

    @Test("a single file is sent in chunks with its length")
    func singleFile() async throws {
        let folder = temporaryFolder()
        let url = try Self.randomFile(folder, "big.pdf", size: 3_000_001)
        let file = try #require(OpenFile.open(url.path))
        let out = folder.appendingPathComponent("copy")
        let writer = try FileBodyWriter(out)
        let body = ResponseBody.file(file)
        #expect(body.contentLength == 3_000_001)
        try await body.write(writer)
        #expect(writer.finished && writer.largestBuffer == 256 << 10)
        #expect(try Data(contentsOf: out) == (try Data(contentsOf: url)))
        #expect(OpenFile.open(folder.path) == nil)
        #expect(OpenFile.open(folder.appendingPathComponent("missing").path) == nil)
    }
}
