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

    /// The font objects pdffonts lists (name with its subset tag).
    private func fontNames(_ url: URL) throws -> [String] {
        try tool("pdffonts", [url.path]).split(separator: "\n").dropFirst(2).map { String($0.split(separator: " ")[0]) }
    }

    @Test("the same subsets in two sources are written once: the second source's pages use the first's fonts; another glyph, another font")
    func mergerSharesFonts() throws {
        let renderer = try PageRenderer(fontsDirectory: Self.fonts)
        let one = try renderer.pdf(document(["Қазақстан Республикасы", "Лицензия"], title: "1"))
        let same = try renderer.pdf(document(["Қазақстан Республикасы", "Лицензия"], title: "2"))
        let other = try renderer.pdf(document(["Қазақстан Республикасы", "Лицензия Ж"], title: "3"))
        var merged: [UInt8] = []
        let merger = PDFMerger { merged += $0 }
        try merger.add(one, outline: "1")
        try merger.add(same, outline: "2")
        try merger.add(other, outline: "3")
        merger.finish(title: "t", creator: "Qujat tests")
        let url = try file(merged), first = try file(one)
        defer { try? FileManager.default.removeItem(at: url); try? FileManager.default.removeItem(at: first) }
        _ = try tool("qpdf", ["--check", url.path])
        let single = try fontNames(first), all = try fontNames(url)
        #expect(Set(all).isSuperset(of: single))
        #expect(all.count > single.count, "the third source's subset has another glyph: \(all)")
        #expect(all.count < 2 * single.count, "the second source added no font: \(all)")
        let text = try tool("pdftotext", [url.path, "-"])
        #expect(text.components(separatedBy: "Қазақстан Республикасы").count - 1 == 3)
        #expect(text.contains("Лицензия Ж"))
    }

    @Test("keeping some pages of a source: only those pages, their bookmarks at their new places, and no object the others alone used")
    func mergerKeepsPages() throws {
        let renderer = try PageRenderer(fontsDirectory: Self.fonts)
        var bytes: [UInt8] = []
        let writer = PDFWriter(metadata: Metadata(title: "s", author: "", creator: "c"), reusesRepeatedLines: false) { bytes += $0 }
        for (index, word) in ["Алма", "Ғалым", "Өрік"].enumerated() {
            try writer.add(renderer.layout(document([word + " \(index)", String(repeating: word + " ", count: 3)], title: word)), outline: nil)
        }
        try writer.finish()
        var merged: [UInt8] = []
        let merger = PDFMerger { merged += $0 }
        try merger.add(bytes, outline: [("Алма", 0), ("Өрік", 1)], keeping: [0, 2])
        merger.finish(title: "t", creator: "Qujat tests")
        let url = try file(merged)
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try tool("qpdf", ["--check", url.path])
        #expect(try pages(url) == 2)
        let text = try tool("pdftotext", [url.path, "-"])
        #expect(text.contains("Алма 0") && text.contains("Өрік 2") && !text.contains("Ғалым"))
        // Against all three pages merged: the page and its content stream are not copied.
        var everything: [UInt8] = []
        let all = PDFMerger { everything += $0 }
        try all.add(bytes, outline: [])
        all.finish(title: "t", creator: "Qujat tests")
        func objects(_ pdf: [UInt8]) -> Int { String(decoding: pdf, as: UTF8.self).components(separatedBy: " 0 obj\n").count - 1 }
        #expect(objects(merged) <= objects(everything) - 2)
        let outline = try tool("qpdf", ["--json", "--json-key=outlines", url.path])
        #expect(outline.contains("Алма") && outline.contains("Өрік"))
    }

    @Test("a file the merger cannot read is refused with a render error, not merged")
    func mergerRefusesGarbage() {
        let merger = PDFMerger { _ in }
        #expect(throws: RenderError.self) { try merger.add(Array("%PDF-1.5\nnot really".utf8), outline: nil) }
    }
}
