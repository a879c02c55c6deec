import Foundation
import KazakhText
import Qujat
import Testing

/// The CLI against input a hostile or careless caller sends: numbers past every bound, control
/// characters, a BOM, huge documents, special output files, two batches on one folder.
@Suite("hostile input: the CLI")
struct HostileInputTests {
    static func receipt(_ change: (inout [String: Any]) -> Void) throws -> Data {
        try InvalidCaseTests.mutated("receipt_accepted", change)
    }

    static func render(_ json: Data, _ arguments: [String] = []) throws -> (result: ProcessResult, folder: URL) {
        let folder = temporaryFolder()
        let input = folder.appendingPathComponent("case.json")
        try json.write(to: input)
        let result = try run(Repo.executable, ["render", input.path, "--templates", Repo.templates, "--fonts", Repo.fonts] + arguments)
        return (result, folder)
    }

    struct Number: Sendable, CustomStringConvertible {
        let key: String
        let json: String
        let rule: String
        var description: String { "\(key) = \(json)" }
    }

    /// Each of these aborted the process before ("Double value cannot be converted to Int") or
    /// was an internal error; now each is exit 65 naming the path and the rule.
    static let numbers: [Number] = [
        Number(key: "mrp", json: "9.3e18", rule: "must be a whole number"),
        Number(key: "mrp", json: "1e19", rule: "must be a whole number"),
        Number(key: "mrp", json: "1e300", rule: "must be a whole number"),
        Number(key: "mrp", json: "1.5", rule: "must be a whole number"),
        Number(key: "mrp", json: "-3", rule: "must be from 1 to 10000"),
        Number(key: "mrp", json: "0", rule: "must be from 1 to 10000"),
        Number(key: "tenge", json: "-1", rule: "must be from 0 to 999999999999"),
        Number(key: "tenge", json: "1000000000000", rule: "must be from 0 to 999999999999"),
        Number(key: "tenge", json: "9223372036854775807", rule: "must be from 0 to 999999999999"),
    ]

    @Test(arguments: numbers)
    func everyNumberPastItsBoundIsACaseError(_ number: Number) throws {
        let json = try Self.receipt { object in
            var receipt = object["receipt"] as! [String: Any]
            var fee = receipt["fee"] as! [String: Any]
            fee[number.key] = try! JSONSerialization.jsonObject(with: Data(number.json.utf8), options: .fragmentsAllowed)
            receipt["fee"] = fee
            object["receipt"] = receipt
        }
        let (result, folder) = try Self.render(json, ["-o", "out.pdf"])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("receipt.fee.\(number.key): \(number.rule)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.pdf").path))
    }

    @Test("the largest numbers in range are written out in words", arguments: [("tenge", 999_999_999_999), ("mrp", 10_000)])
    func numbersAtTheirUpperBoundRender(_ key: String, _ value: Int) throws {
        let json = try Self.receipt { object in
            var receipt = object["receipt"] as! [String: Any]
            var fee = receipt["fee"] as! [String: Any]
            fee[key] = value
            receipt["fee"] = fee
            object["receipt"] = receipt
        }
        let folder = temporaryFolder()
        let (result, _) = try Self.render(json, ["-o", folder.appendingPathComponent("r.pdf").path])
        #expect(result.status == 0, "\(result.stderr)")
        let text = PDF.squeezed(try PDF.text(folder.appendingPathComponent("r.pdf")))
        #expect(text.contains(PDF.squeezed(KazakhNumber.withWords(value)!)))
    }

    @Test("control characters and NUL are case errors with the path, not internal errors or cut values",
          arguments: ["\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "\n", "\t"])
    func controlCharacters(_ character: String) throws {
        let json = try Self.receipt { object in
            var receipt = object["receipt"] as! [String: Any]
            receipt["service"] = "Медициналық\(character)қызмет"
            object["receipt"] = receipt
        }
        let (result, _) = try Self.render(json, ["-o", "out.pdf"])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("receipt.service: has the control character U+"), "\(result.stderr)")
    }

    @Test("a case with a UTF-8 byte order mark renders")
    func byteOrderMark() throws {
        let folder = temporaryFolder()
        let (result, _) = try Self.render(Data([0xEF, 0xBB, 0xBF]) + Repo.example("license"), ["-o", folder.appendingPathComponent("l.pdf").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(isPDF(try Data(contentsOf: folder.appendingPathComponent("l.pdf"))))
    }

    @Test("a verification address too long for a printed QR code is a case error")
    func longVerificationURL() throws {
        let json = try InvalidCaseTests.mutated("license") { object in
            object["verification"] = ["url": "https://elicense.kz/check?n=" + String(repeating: "7", count: 3000), "code": "X"]
        }
        let (result, _) = try Self.render(json, ["-o", "out.pdf"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("verification.url: is 3028 bytes; a printed QR code holds at most 256"), "\(result.stderr)")
    }

    @Test("a document past the page limit is exit 65 naming the limit; --dpi out of range is a usage error")
    func limits() throws {
        let (pages, _) = try Self.render(try Repo.example("license_annex"), ["-o", "out.pdf", "--max-pages", "2"])
        #expect(pages.status == 65)
        #expect(pages.stderr.contains("the document has 3 pages; the limit is 2"), "\(pages.stderr)")
        let (dpi, _) = try Self.render(try Repo.example("license"), ["-o", "x.png", "--format", "png", "--dpi", "0"])
        #expect(dpi.status == 64, "\(dpi.stderr)")
        let (stdout, _) = try Self.render(try Repo.example("license_annex"), ["-o", "-", "--format", "png"])
        #expect(stdout.status == 65)
        #expect(stdout.stderr.contains("add --page N"), "\(stdout.stderr)")
        let (one, _) = try Self.render(try Repo.example("license_annex"), ["-o", "-", "--format", "png", "--page", "3", "--dpi", "20"])
        #expect(one.status == 0)
        #expect(one.stdout.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test("-o onto a FIFO or a character device writes in place; a link's target is replaced and the link kept")
    func specialOutputs() throws {
        let folder = temporaryFolder()
        // /dev/null stays a character device (as root, a rename would have replaced the node).
        let (null, _) = try Self.render(try Repo.example("license"), ["-o", "/dev/null"])
        #expect(null.status == 0)
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR)
        // A FIFO gets the bytes and stays a FIFO.
        let fifo = folder.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: "/bin/sh")
        reader.arguments = ["-c", "cat \"$0\" > \"$0.out\"", fifo]
        try reader.run()
        let (toFIFO, _) = try Self.render(try Repo.example("license"), ["-o", fifo])
        reader.waitUntilExit()
        #expect(toFIFO.status == 0)
        #expect(lstat(fifo, &info) == 0 && info.st_mode & S_IFMT == S_IFIFO)
        #expect(isPDF(try Data(contentsOf: URL(fileURLWithPath: fifo + ".out"))))
        // A symbolic link: the target gets the PDF, the link stays a link.
        let target = folder.appendingPathComponent("target.pdf")
        try Data("old".utf8).write(to: target)
        let link = folder.appendingPathComponent("link.pdf").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.pdf")
        let (toLink, _) = try Self.render(try Repo.example("license"), ["-o", link])
        #expect(toLink.status == 0)
        #expect(lstat(link, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
        #expect(isPDF(try Data(contentsOf: target)))
        // A folder is refused with exit 74.
        let (toFolder, _) = try Self.render(try Repo.example("license"), ["-o", folder.path])
        #expect(toFolder.status == 74, "\(toFolder.stderr)")
    }

    @Test("a write error on standard output is exit 74, not a crash")
    func closedStandardOutput() throws {
        let folder = temporaryFolder()
        try Repo.example("license").write(to: folder.appendingPathComponent("case.json"))
        let shell = "\"$0\" render \"$1\" -o - --templates \"$2\" --fonts \"$3\" >&-; echo \"exit=$?\" >&2"
        let result = try run("/bin/sh", ["-c", shell, Repo.executable, folder.appendingPathComponent("case.json").path, Repo.templates, Repo.fonts])
        #expect(result.stderr.contains("exit=74"), "\(result.stderr)")
        #expect(result.stderr.contains("cannot write standard output"), "\(result.stderr)")
    }

    @Test("multi-page PNG: when one page cannot be written, no page file and no temporary file is left")
    func pngPagesAllOrNothing() throws {
        let folder = temporaryFolder()
        // A folder where the third page's temporary file would go cannot be written to.
        let blocked = folder.appendingPathComponent("sub")
        try FileManager.default.createDirectory(at: blocked, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: blocked.appendingPathComponent("p-3.png"), withIntermediateDirectories: true)
        let (result, _) = try Self.render(try Repo.example("license_annex"), ["-o", blocked.appendingPathComponent("p.png").path,
                                                                               "--format", "png", "--dpi", "20"])
        #expect(result.status == 74, "\(result.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: blocked.path).sorted()
        #expect(left == ["p-3.png"], "\(left)")
    }

    @Test("two batches on one output folder: the second exits 75 at once naming the first's pid; the first finishes")
    func oneBatchPerFolder() throws {
        let manifest = try TestManifest.mixed(count: 300, groups: 2).write()
        let out = temporaryFolder()
        let first = Process()
        first.executableURL = URL(fileURLWithPath: Repo.executable)
        first.arguments = ["batch", manifest.path, "--out", out.path, "--templates", Repo.templates, "--fonts", Repo.fonts,
                           "--progress", "json", "--jobs", "1"]
        let progress = Pipe()
        first.standardOutput = progress
        try first.run()
        _ = firstLine(of: progress)  // it holds the folder from before its first document
        let second = try batch([manifest.path, "--out", out.path])
        #expect(second.status == 75, "\(second.stderr)")
        #expect(second.stderr.contains("in use by another batch (pid \(first.processIdentifier))"), "\(second.stderr)")
        DispatchQueue.global().async { _ = try? progress.fileHandleForReading.readToEnd() }
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(names.filter { $0.hasSuffix(".tmp") }.isEmpty)
        #expect(names.filter { $0.hasSuffix(".pdf") }.count == 300)
    }
}
