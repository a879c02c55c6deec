import Foundation
import QujatDocument
import QujatLayout
import QujatPDF
import Testing

/// The PDF stage on documents built by hand (no templates, no case data): writing laid-out
/// pages, and merging finished files without drawing them again. Read back by qpdf and
/// poppler, as a reader of the file would.
@Suite("PDF: writer and merger on hand-made documents")
struct PDFOutputTests {
    static let fonts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fonts").path

    private func document(_ lines: [String], title: String) -> Document {
        let style = TextStyle(family: "DejaVu Serif", size: 11)
        return Document(page: PageSetup(width: 595.28, height: 841.89, margins: Edges(all: 56)), baseStyle: style,
                        body: lines.map { .paragraph(Paragraph(runs: [Run(text: $0)], style: style, spaceAfter: 4)) },
                        metadata: Metadata(title: title, author: "Qujat", creator: "Qujat tests"))
    }

    private func file(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qujat-pdf-\(UUID().uuidString).pdf")
        try Data(bytes).write(to: url)
        return url
    }

    /// Runs a tool and returns its standard output; a non-zero exit fails the test.
    private func tool(_ name: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [name] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(name) \(arguments) exited \(process.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }

    private func pages(_ url: URL) throws -> Int {
        let info = try tool("pdfinfo", [url.path])
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") }!
        return Int(line.split(separator: " ").last!)!
    }

    @Test("laid-out pages written to PDF: page count from the layout, every line extractable, qpdf-clean")
    func writer() throws {
        let renderer = try PageRenderer(fontsDirectory: Self.fonts)
        let lines = (1...120).map { "Жол \($0): Қазақстан Республикасы, ӘҒҚҢӨҰҮҺІ" }
        let laid = try renderer.layout(document(lines, title: "Ұзын құжат"))
        #expect(laid.pageCount > 1)
        var bytes: [UInt8] = []
        let writer = PDFWriter(metadata: Metadata(title: "t", author: "a", creator: "c"), reusesRepeatedLines: false) { bytes += $0 }
        let info = try writer.add(laid, outline: "Ұзын құжат", padToEven: true)
        try writer.finish()
        let url = try file(bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try tool("qpdf", ["--check", url.path])
        #expect(info.pages == laid.pageCount)
        #expect(try pages(url) == laid.pageCount + laid.pageCount % 2, "duplex padding to an even count")
        let text = try tool("pdftotext", ["-layout", url.path, "-"])
        #expect(text.contains("Жол 1: Қазақстан"))
        #expect(text.contains("Жол 120: Қазақстан Республикасы, ӘҒҚҢӨҰҮҺІ"))
    }

    @Test("two files merged: pages of both in order, one bookmark each, text intact, qpdf-clean, fonts embedded")
    func merger() throws {
        let renderer = try PageRenderer(fontsDirectory: Self.fonts)
        let first = try renderer.pdf(document(["Бірінші құжат"], title: "1"))
        let second = try renderer.pdf(document((1...80).map { "Екінші құжат, жол \($0)" }, title: "2"))
        var merged: [UInt8] = []
        let merger = PDFMerger { merged += $0 }
        try merger.add(first, outline: "Бірінші")
        try merger.add(second, outline: "Екінші", padding: [0])
        merger.finish(title: "Топ", creator: "Qujat tests")
        let url = try file(merged)
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try tool("qpdf", ["--check", url.path])
        let secondPages = try pages(file(second))
        #expect(try pages(url) == 1 + 1 + secondPages, "one blank page before the second file")
        let text = try tool("pdftotext", [url.path, "-"])
        let one = try #require(text.range(of: "Бірінші құжат"))
        let two = try #require(text.range(of: "Екінші құжат, жол 80"))
        #expect(one.lowerBound < two.lowerBound)
        let outline = try tool("qpdf", ["--json", "--json-key=outlines", url.path])
        #expect(outline.contains("Бірінші") && outline.contains("Екінші"))
        let fonts = try tool("pdffonts", [url.path])
        #expect(fonts.contains("DejaVuSerif"))
        #expect(!fonts.split(separator: "\n").dropFirst(2).contains { $0.contains(" no ") && $0.contains("Type") },
                "every font embedded")
    }

    @Test("a file the merger cannot read is refused with a render error, not merged")
    func mergerRefusesGarbage() {
        let merger = PDFMerger { _ in }
        #expect(throws: RenderError.self) { try merger.add(Array("%PDF-1.5\nnot really".utf8), outline: nil) }
    }
}
