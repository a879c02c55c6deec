import Foundation
import Qujat
import QujatTesting
import Testing
@testable import QujatBatch

/// What a reader of a merged print file sees: the archived documents' pages, pixel for pixel
/// and word for word, with a handful of fonts however many documents it holds.
@Suite("print files: the archived pages, fonts shared", .timeLimit(.minutes(10)))
struct PrintFileTests {
    /// Each page of a PDF rasterized by poppler (grayscale PGM bytes), in order.
    static func pixels(_ pdf: URL, dpi: Int = 50) throws -> [Data] {
        let folder = temporaryFolder()
        let result = try run("pdftoppm", ["-r", String(dpi), "-gray", pdf.path, folder.appendingPathComponent("p").path])
        #expect(result.status == 0, "\(result.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".pgm") }.sorted()
        return try names.map { try Data(contentsOf: folder.appendingPathComponent($0)) }
    }

    /// Each page's text as pdftotext extracts it.
    static func texts(_ pdf: URL, pages: Int) throws -> [String] {
        try (1...pages).map { try PDF.text(pdf, page: $0) }
    }

    /// The font objects of a PDF as pdffonts lists them: name (subset tag included), all embedded.
    static func fonts(_ pdf: URL) throws -> [String] {
        let lines = try run("pdffonts", [pdf.path]).text.split(separator: "\n").dropFirst(2)
        #expect(!lines.contains { $0.contains(" no ") }, "a font is not embedded, not a subset or has no ToUnicode")
        return lines.map { String($0.split(separator: " ")[0]) }
    }

    /// Every page of the group's print file against its documents' own files, in order.
    static func expectSamePages(_ out: URL, group: String, ids: [String]) throws {
        let merged = out.appendingPathComponent("merged/\(group).pdf")
        var expectedPixels: [Data] = [], expectedTexts: [String] = []
        for id in ids {
            let file = out.appendingPathComponent("\(id).pdf")
            expectedPixels += try pixels(file)
            expectedTexts += try texts(file, pages: try PDF.pages(file))
        }
        let printed = try pixels(merged)
        #expect(printed.count == expectedPixels.count)
        for (index, (page, expected)) in zip(printed, expectedPixels).enumerated() {
            #expect(page == expected, "page \(index + 1) of \(group).pdf differs from the archived page")
        }
        #expect(try texts(merged, pages: printed.count) == expectedTexts)
        #expect(try outlineTitles(merged).map { String($0.split(separator: " ")[0]) } == ids)
        #expect(try run("qpdf", ["--check", merged.path]).status == 0)
    }

    @Test("every page of a print file is its archived page: the same pixels (poppler, 50 dpi) and the same text; every sample document, 3 groups")
    func samePages() throws {
        let manifest = try TestManifest.mixed(count: 30, groups: 3)
        let out = temporaryFolder().appendingPathComponent("out")
        let result = try batch([try manifest.write().path, "--out", out.path, "--merge", "--jobs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        for group in 0..<3 {
            let ids = (0..<30).filter { $0 % 3 == group }.map { String(format: "doc-%04d", $0) }
            try Self.expectSamePages(out, group: "dept-\(group)", ids: ids)
            // Eight slices of four documents: at most Cairo's two subsets of each face (WinAnsi
            // and CID) per slice, and no subset twice.
            let fonts = try Self.fonts(out.appendingPathComponent("merged/dept-\(group).pdf"))
            let faces = Set(fonts.map { $0.split(separator: "+").last! })
            #expect(fonts.count <= 2 * faces.count * 8, "\(fonts)")
            #expect(Set(fonts).count == fonts.count, "a subset written twice: \(fonts)")
        }
    }

    @Test("a duplicated id was painted into its slice but is not committed: the print file leaves its pages out and keeps the others' pixels and outline")
    func duplicateLeftOut() throws {
        var manifest = TestManifest()
        try manifest.add(id: "a", group: "g", example: "license")
        try manifest.add(id: "b", group: "g", example: "refusal")
        try manifest.add(id: "a", group: "g", example: "license_annex")  // the duplicate: 3 pages
        try manifest.add(id: "c", group: "g", example: "receipt_accepted")
        let out = temporaryFolder().appendingPathComponent("out")
        let result = try batch([try manifest.write().path, "--out", out.path, "--merge"])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("errors.jsonl"), encoding: .utf8).contains("duplicates the id of line 1"))
        try Self.expectSamePages(out, group: "g", ids: ["a", "b", "c"])
        #expect(!(try PDF.text(out.appendingPathComponent("merged/g.pdf"))).contains("ЛИЦЕНЗИЯҒА ҚОСЫМША"))
    }

    @Test("1 000 licenses in one print file (8 slices): a dozen font objects or so, not 5 000; under 5 KB a page")
    func thousandLicenses() throws {
        var manifest = TestManifest()
        for index in 0..<1000 {
            try manifest.add(id: String(format: "lic-%04d", index), example: "license") { data in
                var license = data["license"] as! [String: Any]
                license["number"] = "KZ12LAA" + String(format: "%08d", 12345 + index)
                data["license"] = license
            }
        }
        let out = temporaryFolder().appendingPathComponent("out")
        let result = try batch([try manifest.write().path, "--out", out.path, "--merge", "--jobs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let merged = out.appendingPathComponent("merged/all.pdf")
        #expect(try PDF.pages(merged) == 1000)
        let size = try FileManager.default.attributesOfItem(atPath: merged.path)[.size] as! Int
        #expect(size / 1000 < 5 * 1024, "\(size / 1000) bytes a page")
        let fonts = try Self.fonts(merged)
        // The slices' subsets are the same bytes but for the bold digits of each slice's
        // license numbers: shared, they leave one of each, and one bold subset per slice.
        #expect(!fonts.isEmpty && fonts.count <= 2 * Set(fonts.map { $0.split(separator: "+").last! }).count + 8, "\(fonts)")
        #expect(Set(fonts).count == fonts.count, "a subset written twice: \(fonts)")
        #expect(try run("qpdf", ["--check", merged.path]).status == 0)
        // The last license is on the last page with its own number.
        #expect(try PDF.text(merged, page: 1000).contains("KZ12LAA00013344"))
        #expect(try Self.pixels(merged, dpi: 30).last == (try Self.pixels(out.appendingPathComponent("lic-0999.pdf"), dpi: 30).first))
    }

    @Test("slices of 4 documents drawn by 2 workers come back in order: pages, text and outline as the documents; at most two subsets of each face per slice")
    func sections() async throws {
        let pool = try InProcessBatch.pool(workers: 2)
        let out = temporaryFolder().appendingPathComponent("out")
        let summary = try InProcessBatch.runner(pool, output: out, merge: true, sliceSize: 4)
            .run(try InProcessBatch.manifest(count: 23, groups: 2))
        #expect(summary.rendered == 23)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("merged").path).sorted()
                == ["dept-0.pdf", "dept-1.pdf"], "a section's part file was left behind")
        for group in 0..<2 {
            let ids = (0..<23).filter { $0 % 2 == group }.map { String(format: "doc-%04d", $0) }
            try Self.expectSamePages(out, group: "dept-\(group)", ids: ids)
            let fonts = try Self.fonts(out.appendingPathComponent("merged/dept-\(group).pdf"))
            let sections = (23 + 3) / 4
            for face in Set(fonts.map { $0.split(separator: "+").last! }) {
                #expect(fonts.filter { $0.hasSuffix("+" + face) }.count <= 2 * sections, "\(face): \(fonts)")
            }
        }
        await pool.shutdown()
    }

    @Test("a slice of long documents is written in parts of a bounded size: every document its own part here, the print files as the documents, no part file left")
    func parts() throws {
        let pool = try InProcessBatch.pool(workers: 2)
        defer { pool.shutdown() }
        let out = temporaryFolder().appendingPathComponent("out")
        let summary = try InProcessBatch.runner(pool, output: out, merge: true, sliceSize: 10, partBytes: 1)
            .run(try InProcessBatch.manifest(count: 20, groups: 2))
        #expect(summary.rendered == 20)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("merged").path).sorted()
                == ["dept-0.pdf", "dept-1.pdf"], "a part file was left behind")
        for group in 0..<2 {
            try Self.expectSamePages(out, group: "dept-\(group)", ids: (0..<20).filter { $0 % 2 == group }.map { String(format: "doc-%04d", $0) })
        }
    }

    @Test("a signed batch signed now, resumed later: the print file is rebuilt with the stamps' first signing time, pixel for pixel")
    func signedResume() throws {
        let folder = temporaryFolder()
        let manifest = folder.appendingPathComponent("batch.jsonl")
        let lines = try ["license", "refusal", "termination", "license"].enumerated().map { index, name in
            String(decoding: try JSONSerialization.data(withJSONObject: ["id": "d\(index)", "group": "g", "case": try Repo.exampleObject(name)]), as: UTF8.self)
        }
        try lines.joined(separator: "\n").write(to: manifest, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        // No --signing-time: each document is signed at the moment it is rendered.
        let arguments = ["batch", manifest.path, "--out", out.path, "--merge", "--progress", "none", "--sign-key", TestPKI.path("rsa.p12"),
                         "--sign-password-file", TestPKI.path("password"), "--templates", Repo.templates, "--fonts", Repo.fonts]
        #expect(try run(Repo.executable, arguments).status == 0)
        let merged = out.appendingPathComponent("merged/g.pdf")
        let first = try Data(contentsOf: merged)
        try FileManager.default.removeItem(at: merged)
        // The stamps show the minute: wait for the next one, so a stamp drawn again "now"
        // would differ from the archived ones.
        let minute = Int(Date().timeIntervalSince1970) / 60
        while Int(Date().timeIntervalSince1970) / 60 == minute { usleep(200_000) }
        let again = try run(Repo.executable, arguments)
        #expect(again.status == 0, "\(again.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        #expect((summary["documents"] as? [String: Any])?["resumed"] as? Int == 4)
        #expect(try Data(contentsOf: merged) == first)
        try Self.expectSamePages(out, group: "g", ids: ["d0", "d1", "d2", "d3"])
    }
}
