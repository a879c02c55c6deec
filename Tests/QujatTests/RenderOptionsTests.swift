import Foundation
import Testing

/// `qujat render`'s conventions: the format from the output's extension, `--pages`, the
/// default output name, usage errors (64) for options that cannot go together.
@Suite struct RenderOptionsTests {
    /// A folder holding `case.json` (the annex: three pages).
    static func folder() throws -> URL {
        let folder = temporaryFolder()
        try Repo.example("license_annex").write(to: folder.appendingPathComponent("case.json"))
        return folder
    }

    static func render(_ folder: URL, _ arguments: [String], input: Data? = nil) throws -> ProcessResult {
        try run(Repo.executable, ["render"] + arguments + ["--templates", Repo.templates, "--fonts", Repo.fonts], input: input)
    }

    static func files(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    static func isPNG(_ url: URL) throws -> Bool {
        try Data(contentsOf: url).starts(with: [0x89, 0x50, 0x4E, 0x47])
    }

    @Test("serve and preview without qujat-server beside qujat: exit 69 naming the missing program")
    func serverProgramMissing() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let alone = folder.appendingPathComponent("qujat").path
        try FileManager.default.copyItem(atPath: Repo.executable, toPath: alone)
        for command in ["serve", "preview"] {
            let result = try run(alone, [command, "--port", "0"])
            #expect(result.status == 69)
            #expect(result.stderr.contains("\(folder.path)/qujat-server"), "\(result.stderr)")
        }
    }

    @Test("-o NAME.png makes PNG pages; --format pdf overrides the extension")
    func formatFromExtension() throws {
        let folder = try Self.folder()
        let input = folder.appendingPathComponent("case.json").path
        let png = try Self.render(folder, [input, "-o", folder.appendingPathComponent("a.png").path, "--dpi", "20"])
        #expect(png.status == 0, "\(png.stderr)")
        #expect(try Self.files(folder) == ["a-1.png", "a-2.png", "a-3.png", "case.json"])
        #expect(try Self.isPNG(folder.appendingPathComponent("a-2.png")))
        let forced = try Self.render(folder, [input, "-o", folder.appendingPathComponent("b.png").path, "--format", "pdf"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("b.png")).starts(with: Array("%PDF-".utf8)))
    }

    @Test("--pages N-M writes those pages as NAME-N.png; --page N the output itself")
    func pages() throws {
        let folder = try Self.folder()
        let input = folder.appendingPathComponent("case.json").path
        let range = try Self.render(folder, [input, "-o", folder.appendingPathComponent("p.png").path, "--pages", "2-3", "--dpi", "20"])
        #expect(range.status == 0, "\(range.stderr)")
        #expect(try Self.files(folder) == ["case.json", "p-2.png", "p-3.png"])
        let one = try Self.render(folder, [input, "-o", folder.appendingPathComponent("one.png").path, "--page", "3", "--dpi", "20"])
        #expect(one.status == 0, "\(one.stderr)")
        #expect(try Self.isPNG(folder.appendingPathComponent("one.png")))
        // Page 3 of the annex alone equals page 3 of the range.
        #expect(try Data(contentsOf: folder.appendingPathComponent("one.png")) == Data(contentsOf: folder.appendingPathComponent("p-3.png")))
        let past = try Self.render(folder, [input, "-o", folder.appendingPathComponent("q.png").path, "--pages", "3-9", "--dpi", "20"])
        #expect(past.status == 65)
        #expect(past.stderr.contains("the document has 3"), "\(past.stderr)")
    }

    @Test("without -o: CASE.pdf (or CASE-N.png) beside the case, named on stderr; standard input needs -o")
    func defaultOutput() throws {
        let folder = try Self.folder()
        let input = folder.appendingPathComponent("case.json").path
        let pdf = try Self.render(folder, [input])
        #expect(pdf.status == 0, "\(pdf.stderr)")
        #expect(pdf.stderr.contains("wrote \(folder.appendingPathComponent("case.pdf").path)"))
        #expect(try Data(contentsOf: folder.appendingPathComponent("case.pdf")).starts(with: Array("%PDF-".utf8)))
        let png = try Self.render(folder, [input, "--format", "png", "--pages", "1", "--dpi", "20"])
        #expect(png.status == 0, "\(png.stderr)")
        #expect(try Self.files(folder) == ["case-1.png", "case.json", "case.pdf"])
        let stdin = try Self.render(folder, ["-"], input: try Repo.example("license"))
        #expect(stdin.status == 64)
        #expect(stdin.stderr.contains("needs -o"), "\(stdin.stderr)")
    }

    @Test("usage errors are 64: --page with a PDF, --page with --pages, a backwards range, --dpi out of range")
    func usageErrors() throws {
        let folder = try Self.folder()
        let input = folder.appendingPathComponent("case.json").path
        let cases: [[String]] = [
            [input, "-o", folder.appendingPathComponent("x.pdf").path, "--page", "2"],
            [input, "-o", folder.appendingPathComponent("x.png").path, "--page", "2", "--pages", "1-2"],
            [input, "-o", folder.appendingPathComponent("x.png").path, "--pages", "3-2"],
            [input, "-o", folder.appendingPathComponent("x.png").path, "--pages", "0"],
            [input, "-o", folder.appendingPathComponent("x.png").path, "--dpi", "601"],
            [input, "-o", folder.appendingPathComponent("x.png").path, "--dpi", "9"],
        ]
        for arguments in cases {
            let result = try Self.render(folder, arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
        }
        #expect(try Self.files(folder) == ["case.json"], "no output for a usage error")
    }

    /// A simple render (`SimpleRender`: case, -o, --strict, --templates, --fonts) skips
    /// ArgumentParser; `--dpi 96` (its default) sends the same words through ArgumentParser.
    @Test("a simple render gives ArgumentParser's file, messages and exit codes; other words go to ArgumentParser")
    func simpleRenderAsArgumentParser() throws {
        let folder = try Self.folder()
        let input = folder.appendingPathComponent("case.json").path
        let bad = folder.appendingPathComponent("bad.json")
        try Data(#"{"document": "license", "license": {"number": 5}}"#.utf8).write(to: bad)
        let pairs: [[String]] = [
            [input, "-o", folder.appendingPathComponent("a.pdf").path],
            [input, "--output=\(folder.appendingPathComponent("b.pdf").path)", "--strict"],
            [folder.appendingPathComponent("nosuch.json").path, "-o", folder.appendingPathComponent("c.pdf").path],
            [bad.path, "-o", folder.appendingPathComponent("d.pdf").path],
            [bad.path, "-o", folder.appendingPathComponent("e.pdf").path, "--strict"],
        ]
        for arguments in pairs {
            let simple = try Self.render(folder, arguments)
            let output = arguments[arguments.firstIndex(of: "-o").map { $0 + 1 } ?? 1].replacingOccurrences(of: "--output=", with: "")
            let first = try? Data(contentsOf: URL(fileURLWithPath: output))
            let parsed = try Self.render(folder, arguments + ["--dpi", "96"])
            let second = try? Data(contentsOf: URL(fileURLWithPath: output))
            #expect(simple.status == parsed.status, "\(arguments): \(simple.stderr) / \(parsed.stderr)")
            #expect(simple.stderr == parsed.stderr, "\(arguments)")
            #expect(first == second, "\(arguments): the same bytes either way")
            #expect((first != nil) == (simple.status == 0), "\(arguments): \(simple.stderr)")
        }
        // Not simple: ArgumentParser's usage errors and help.
        for arguments in [[input, "-o"], [input, input], ["-"], [input, "-o", "-x.pdf"], [input, "--bogus"]] {
            let result = try Self.render(folder, arguments)
            #expect(result.status == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("Usage: qujat render"), "\(arguments): \(result.stderr)")
        }
        let help = try Self.render(folder, [input, "--help"])
        #expect(help.status == 0 && help.text.contains("USAGE: qujat render"), "\(help.stderr)")
    }

    @Test("without --templates and --fonts: the folders beside the executable, through a symbolic link, from another directory")
    func foldersBesideTheExecutable() throws {
        let folder = try Self.folder()
        let link = folder.appendingPathComponent("qujat-link")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: Repo.executable)
        let result = try run(link.path, ["render", "case.json", "-o", "found.pdf"], directory: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Data(contentsOf: folder.appendingPathComponent("found.pdf")).starts(with: Array("%PDF-".utf8)))
    }
}
