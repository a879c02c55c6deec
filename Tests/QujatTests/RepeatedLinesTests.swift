import Foundation
import Qujat
import Testing
import QujatDocument
import QujatPDF

/// Many documents in one `PDFWriter`: lines that repeat are written once, as form XObjects,
/// and a reader sees exactly what it sees when every line is drawn as text.
@Suite("repeated lines in a many-document PDF")
struct RepeatedLinesTests {
    /// Thirty licenses with their own numbers, a duplicate and an annex (three pages). Lines
    /// become forms after `RepeatedLines.appearancesAsText` (8) appearances.
    private func cases() throws -> [Data] {
        var result: [Data] = []
        for i in 0..<30 {
            var object = try Repo.exampleObject("license")
            var license = object["license"] as! [String: Any]
            license["number"] = "KZ12LAA" + String(70_000 + i)
            object["license"] = license
            result.append(try JSONSerialization.data(withJSONObject: object))
        }
        return result + [try Repo.example("license_duplicate"), try Repo.example("license_annex")]
    }

    private func oneFile(_ renderer: Renderer, _ jsons: [Data], reuse: Bool) throws -> [UInt8] {
        var bytes: [UInt8] = []
        let writer = PDFWriter(metadata: Metadata(title: "t", author: "a", creator: "c"), reusesRepeatedLines: reuse) {
            bytes += $0
        }
        for json in jsons {
            try writer.add(try renderer.pageRenderer.layout(try renderer.document(json: json)), outline: nil)
        }
        try writer.finish()
        return bytes
    }

    private func formXObjects(_ url: URL) throws -> Int {
        let expanded = url.deletingLastPathComponent().appendingPathComponent("qdf.pdf")
        try run("qpdf", ["--qdf", "--object-streams=disable", url.path, expanded.path])
        let text = String(decoding: try Data(contentsOf: expanded), as: UTF8.self)
        return text.components(separatedBy: "/Subtype /Form").count - 1
    }

    @Test("the same text on every page, form XObjects, a smaller file, qpdf clean, fonts embedded")
    func sameTextSmallerFile() throws {
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        let jsons = try cases()
        let reused = PDF.write(try oneFile(renderer, jsons, reuse: true))
        let plain = PDF.write(try oneFile(renderer, jsons, reuse: false))
        let pages = try PDF.pages(plain)
        #expect(pages == 34)
        #expect(try PDF.pages(reused) == pages)
        for page in 1...pages {
            #expect(try PDF.text(reused, page: page) == PDF.text(plain, page: page), "page \(page)")
        }
        #expect(try formXObjects(plain) == 0)
        #expect(try formXObjects(reused) > 20)
        let reusedSize = try Data(contentsOf: reused).count, plainSize = try Data(contentsOf: plain).count
        #expect(reusedSize < plainSize, "\(reusedSize) vs \(plainSize) bytes")
        #expect(try run("qpdf", ["--check", reused.path]).status == 0)
        let fonts = try run("pdffonts", [reused.path]).text.split(separator: "\n").dropFirst(2)
        #expect(!fonts.isEmpty)
        for row in fonts { #expect(row.contains(" yes yes yes "), "\(row)") }
    }

    @Test("the bytes do not depend on what the renderer laid out before")
    func deterministic() throws {
        let jsons = try cases()
        let warm = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        _ = try oneFile(warm, jsons.reversed(), reuse: true)
        let first = try oneFile(warm, jsons, reuse: true)
        let cold = try oneFile(try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts), jsons, reuse: true)
        #expect(first == cold)
    }

    @Test("a few documents in one file, and a single document's PDF, draw every line as text")
    func singleDocumentHasNoForms() throws {
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        let url = PDF.write(try renderer.pdf(json: try Repo.example("license_annex")))
        #expect(try formXObjects(url) == 0)
        let few = PDF.write(try oneFile(renderer, Array(try cases().prefix(8)), reuse: true))
        #expect(try formXObjects(few) == 0)
    }
}
