import Foundation
import Qujat
import QujatDocument
import QujatPDF

/// The timed scenarios, all sharing one warmed-up `Renderer`.
struct Scenarios {
    let renderer: Renderer
    /// Folder the PDFs are written to.
    let output: URL

    /// - Parameter output: the folder to write to; nil makes a temporary one.
    init(renderer: Renderer, output: String?) throws {
        self.renderer = renderer
        self.output = output.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("qujat-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: self.output, withIntermediateDirectories: true)
    }

    /// Renders a few documents both ways, untimed, so fonts, glyph caches and the template's
    /// first-use work are paid before timing starts.
    /// - Returns: the pages one document of this kind takes.
    func warmUp(_ cases: Cases, documents: Int = 5) throws -> Int {
        let sink = try FileSink(path: output.appendingPathComponent("warm-up.pdf").path)
        let writer = PDFWriter(metadata: Self.metadata, writeBytes: { sink.write($0) })
        var pages = 0
        for i in 0..<documents {
            let json = cases.json(1_000_000 + i)
            _ = try renderer.pdf(json: json)
            pages = try writer.add(renderer.pageRenderer.layout(renderer.document(json: json)), outline: nil).pages
        }
        try writer.finish()
        try sink.close()
        return pages
    }

    /// Scenario A: each case to its own PDF file (render + `writeFile`), timed in total.
    /// - Parameter writeSeconds: receives the part of the time spent writing files.
    func separate(_ name: String, _ cases: Cases, count: Int, pagesPerDoc: Int, target: Result.Target,
                  writeSeconds: inout Double) throws -> Result {
        let folder = output.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let jsons = cases.jsons(0..<count)
        let files = (0..<count).map { folder.appendingPathComponent(String(format: "%05d.pdf", $0)) }
        Memory.resetPeak()
        var total = Stopwatch()
        var writing = Stopwatch()
        try total.time {
            for i in 0..<count {
                let bytes = try renderer.pdf(json: jsons[i])
                try writing.time { try writeFile(bytes, to: files[i].path) }
            }
        }
        writeSeconds = writing.seconds
        return Result(scenario: "\(name) → separate PDFs", docs: count, pages: count * pagesPerDoc,
                      seconds: total.seconds, peakMB: Memory.peakMB, target: target)
    }

    /// Scenario B: every case as pages of one PDF (`PDFWriter` streaming to a file), timed
    /// from the writer's creation to `finish()`.
    func merged(_ name: String, _ cases: Cases, count: Int, target: Result.Target) throws -> Result {
        let jsons = cases.jsons(0..<count)
        let sink = try FileSink(path: output.appendingPathComponent("\(name)-merged.pdf").path)
        Memory.resetPeak()
        var total = Stopwatch()
        var pages = 0
        try total.time {
            let writer = PDFWriter(metadata: Self.metadata, writeBytes: { sink.write($0) })
            for json in jsons {
                pages += try writer.add(renderer.pageRenderer.layout(renderer.document(json: json)), outline: nil).pages
            }
            try writer.finish()
            try sink.close()
        }
        return Result(scenario: "\(name) → one PDF", docs: count, pages: pages,
                      seconds: total.seconds, peakMB: Memory.peakMB, target: target)
    }

    /// Scenario C: `count` licenses to separate PDFs whose bytes are discarded, sampling
    /// VmRSS every `every` documents. Case JSON is made per document (not held up front, so
    /// it does not grow the RSS) and its cost is left out of the time.
    func flat(_ cases: Cases, count: Int, every: Int = 1000, belowMB: Double) throws -> (Result, RSSSeries) {
        Memory.resetPeak()
        var series = RSSSeries(startMB: Memory.residentMB)
        var rendering = Stopwatch()
        var bytes = 0
        for i in 0..<count {
            let json = cases.json(i)
            bytes &+= try rendering.time { try renderer.pdf(json: json).count }
            if (i + 1) % every == 0 || i + 1 == count {
                series.samples.append((i + 1, Memory.residentMB))
            }
        }
        precondition(bytes > 0)
        var result = Result(scenario: "license → separate PDFs (RSS run, bytes discarded)", docs: count, pages: count,
                            seconds: rendering.seconds, peakMB: Memory.peakMB, target: .flatRSS(belowMB: belowMB))
        result.flat = series.isFlat
        return (result, series)
    }

    /// Writes a file the way the bare C peer program does (Cairo's `fopen`/`fwrite`/`fclose`):
    /// no `fsync`. (Foundation's `Data.write` on Linux `fsync`s every file, which measures the
    /// disk, not the renderer; `qujat batch` syncs in groups instead.)
    func writeFile(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw BenchError("cannot create \(path)") }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw BenchError("short write to \(path)") }
    }

    /// Deletes the temporary output folder.
    func removeOutput() {
        try? FileManager.default.removeItem(at: output)
    }

    static let metadata = Metadata(title: "Qujat benchmark", author: "qujat-bench", creator: "qujat-bench")
}
