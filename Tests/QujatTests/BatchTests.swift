import Foundation
import Testing

/// A manifest built from the sample cases.
struct TestManifest {
    var lines: [String] = []

    mutating func add(id: String?, group: String? = nil, copies: Int? = nil, example: String,
                      edit: (inout [String: Any]) -> Void = { _ in }) throws {
        var data = try Repo.exampleObject(example)
        edit(&data)
        var line: [String: Any] = ["case": data]
        if let id { line["id"] = id }
        if let group { line["group"] = group }
        if let copies { line["copies"] = copies }
        lines.append(String(decoding: try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys]), as: UTF8.self))
    }

    func write() throws -> URL {
        let url = temporaryFolder().appendingPathComponent("manifest.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The sample cases in turn, `count` documents over `groups` groups.
    static func mixed(count: Int, groups: Int) throws -> TestManifest {
        let names = ["license", "receipt_accepted", "phc_talon", "license_annex", "refusal", "survey",
                     "receipt_refused", "termination", "license_duplicate", "license_reissued"]
        var manifest = TestManifest()
        for index in 0..<count {
            try manifest.add(id: String(format: "doc-%04d", index), group: "dept-\(index % groups)",
                             example: names[index % names.count])
        }
        return manifest
    }
}

func batch(_ arguments: [String]) throws -> ProcessResult {
    try run(Repo.executable, ["batch"] + arguments + ["--templates", Repo.templates, "--fonts", Repo.fonts, "--progress", "none"])
}

/// Every file under `folder` (relative path → bytes), temporary and bookkeeping files aside.
func outputFiles(_ folder: URL, includingSummary: Bool = false) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder.path)
    while let name = enumerator?.nextObject() as? String {
        let url = folder.appendingPathComponent(name)
        var isFolder: ObjCBool = false
        FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
        if isFolder.boolValue || name.hasSuffix(".qujat-batch.jsonl") || (!includingSummary && name == "summary.json") { continue }
        files[name] = try Data(contentsOf: url)
    }
    return files
}

func jsonLines(_ url: URL) throws -> [[String: Any]] {
    try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
        try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
    }
}

func outlineTitles(_ url: URL) throws -> [String] {
    let json = try run("qpdf", ["--json", "--json-key=outlines", url.path]).stdout
    let object = try JSONSerialization.jsonObject(with: json) as! [String: Any]
    return (object["outlines"] as! [[String: Any]]).map { $0["title"] as! String }
}

@Suite("qujat batch", .timeLimit(.minutes(10)))
struct BatchTests {
    @Test("bad cases fail alone: exit 65, errors.jsonl names id, path and rule, the rest are rendered")
    func failureIsolation() throws {
        var manifest = TestManifest()
        try manifest.add(id: "ok-1", example: "license")
        try manifest.add(id: "bad-bin", example: "license") { data in
            var licensee = data["licensee"] as! [String: Any]
            licensee["bin"] = "180140012340"
            data["licensee"] = licensee
        }
        try manifest.add(id: "ok-2", example: "receipt_accepted")
        try manifest.add(id: nil, example: "license")
        manifest.lines.append("{this is not json")
        try manifest.add(id: "ok-1", example: "refusal")
        try manifest.add(id: "bad-copies", copies: 0, example: "license")
        try manifest.add(id: "../escape", example: "license")
        try manifest.add(id: "ok-3", example: "phc_talon")
        let out = temporaryFolder().appendingPathComponent("out")
        let result = try batch([try manifest.write().path, "--out", out.path])
        #expect(result.status == 65, "\(result.stderr)")

        let rendered = try outputFiles(out).keys.filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(rendered == ["ok-1.pdf", "ok-2.pdf", "ok-3.pdf"])
        let errors = try jsonLines(out.appendingPathComponent("errors.jsonl"))
        let byID = Dictionary(errors.map { ($0["id"] as! String, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(errors.count == 6)
        #expect(byID["bad-bin"]?["path"] as? String == "case.licensee.bin")
        #expect((byID["bad-bin"]?["rule"] as? String)?.contains("check digit") == true)
        #expect(byID["bad-bin"]?["line"] as? Int == 2)
        #expect(byID["line-4"]?["path"] as? String == "id")
        #expect(byID["line-5"]?["path"] as? String == "$")
        #expect((errors.first { $0["line"] as? Int == 6 }?["rule"] as? String)?.contains("duplicates the id of line 1") == true)
        #expect(byID["bad-copies"]?["path"] as? String == "copies")
        #expect(byID["line-8"]?["path"] as? String == "id")
        for error in errors { #expect(error["message"] is String) }

        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let documents = summary["documents"] as! [String: Any]
        #expect(documents["total"] as? Int == 9)
        #expect(documents["failed"] as? Int == 6)
        #expect(documents["ok"] as? Int == 3)
        #expect(summary["seconds"] is Double)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test("a missing manifest exits 66 and writes nothing")
    func missingManifest() throws {
        let out = temporaryFolder().appendingPathComponent("out")
        let result = try batch(["/nonexistent/manifest.jsonl", "--out", out.path])
        #expect(result.status == 66)
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test("merged print files: one per group, manifest order, an outline entry per document, page counts add up")
    func mergedGroups() throws {
        let manifest = try TestManifest.mixed(count: 23, groups: 3)
        let out = temporaryFolder().appendingPathComponent("out")
        let result = try batch([try manifest.write().path, "--out", out.path, "--merge", "--jobs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        for group in 0..<3 {
            let ids = (0..<23).filter { $0 % 3 == group }.map { String(format: "doc-%04d", $0) }
            let merged = out.appendingPathComponent("merged/dept-\(group).pdf")
            let pages = try ids.reduce(0) { $0 + (try PDF.pages(out.appendingPathComponent("\($1).pdf"))) }
            #expect(try PDF.pages(merged) == pages)
            #expect(try run("qpdf", ["--check", merged.path]).status == 0)
            let titles = try outlineTitles(merged)
            #expect(titles.map { String($0.prefix(8)) } == ids)
            // The merged file shows the same text as its documents, in order.
            let joined = try ids.map { PDF.squeezed(try PDF.text(out.appendingPathComponent("\($0).pdf"))) }.joined()
            #expect(PDF.squeezed(try PDF.text(merged)) == joined)
            #expect(try run("pdfinfo", [merged.path]).text.contains("dept-\(group)"))
        }
        let fonts = try run("pdffonts", [out.appendingPathComponent("merged/dept-0.pdf").path]).text
        #expect(!fonts.split(separator: "\n").dropFirst(2).contains { $0.contains(" no ") })
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let groups = summary["groups"] as! [[String: Any]]
        #expect(groups.map { $0["name"] as! String } == ["dept-0", "dept-1", "dept-2"])
        #expect(groups.map { $0["documents"] as! Int } == [8, 8, 7])
    }

    @Test("without groups everything goes to merged/all.pdf")
    func allGroup() throws {
        var manifest = TestManifest()
        try manifest.add(id: "a", example: "license")
        try manifest.add(id: "b", example: "refusal")
        let out = temporaryFolder().appendingPathComponent("out")
        #expect(try batch([try manifest.write().path, "--out", out.path, "--merge"]).status == 0)
        #expect(try outlineTitles(out.appendingPathComponent("merged/all.pdf")).count == 2)
    }

    @Test("duplex: every document and every copy starts on a new sheet")
    func duplexPadding() throws {
        var manifest = TestManifest()
        try manifest.add(id: "license", group: "g", example: "license")                 // 1 page → 2
        try manifest.add(id: "receipt", group: "g", example: "receipt_accepted")        // 2 copies of 1 page → 4
        try manifest.add(id: "receipt-3", group: "g", copies: 3, example: "receipt_accepted") // 3 copies → 6
        try manifest.add(id: "annex", group: "g", example: "license_annex")
        let out = temporaryFolder().appendingPathComponent("out")
        let result = try batch([try manifest.write().path, "--out", out.path, "--merge", "--duplex"])
        #expect(result.status == 0, "\(result.stderr)")
        let annexPages = try PDF.pages(out.appendingPathComponent("annex.pdf"))
        #expect(try PDF.pages(out.appendingPathComponent("receipt.pdf")) == 2)
        #expect(try PDF.pages(out.appendingPathComponent("receipt-3.pdf")) == 3)
        let merged = out.appendingPathComponent("merged/g.pdf")
        #expect(try PDF.pages(merged) == 2 + 4 + 6 + annexPages + annexPages % 2)
        // Blank back pages: page 2 (after the license) and page 4 (after the receipt's first copy).
        #expect(PDF.squeezed(try PDF.text(merged, page: 2)).isEmpty)
        #expect(PDF.squeezed(try PDF.text(merged, page: 4)).isEmpty)
        #expect(PDF.squeezed(try PDF.text(merged, page: 5)).contains("2-дана"))
        #expect(PDF.squeezed(try PDF.text(merged, page: 11)).contains("қосымшадана"))
        #expect(try run("qpdf", ["--check", merged.path]).status == 0)
    }

    @Test("one worker and two workers write the same bytes")
    func jobsDoNotChangeOutput() throws {
        let manifest = try TestManifest.mixed(count: 40, groups: 2).write()
        let one = temporaryFolder().appendingPathComponent("out")
        let two = temporaryFolder().appendingPathComponent("out")
        #expect(try batch([manifest.path, "--out", one.path, "--merge", "--jobs", "1"]).status == 0)
        #expect(try batch([manifest.path, "--out", two.path, "--merge", "--jobs", "2"]).status == 0)
        let first = try outputFiles(one), second = try outputFiles(two)
        #expect(first.count == 40 + 2 + 1)
        #expect(first.keys.sorted() == second.keys.sorted())
        for (name, bytes) in first { #expect(second[name] == bytes, "\(name) differs") }
    }

    /// A worker copies the compressed bytes of a stream it compressed lately (CQujatFastDeflate's
    /// recent streams): the third license's font subsets are the first one's. What it writes
    /// must still be what a fresh process writes for the case alone.
    @Test("every sample, three times over in one batch, is the bytes `qujat render` writes for it alone")
    func batchDocumentsEqualSingleRenders() throws {
        let names = ["license", "receipt_accepted", "phc_talon", "license_annex", "refusal", "survey",
                     "receipt_refused", "termination", "license_duplicate", "license_reissued", "license_annex_duplicate"]
        var manifest = TestManifest()
        for round in 0..<3 {
            for name in names { try manifest.add(id: "\(name)-\(round)", example: name) }
        }
        let out = temporaryFolder().appendingPathComponent("out")
        #expect(try batch([try manifest.write().path, "--out", out.path, "--jobs", "2"]).status == 0)
        for name in names {
            let alone = temporaryFolder().appendingPathComponent("\(name).pdf")
            let render = try run(Repo.executable, ["render", Repo.examples.appendingPathComponent("\(name).json").path,
                                                   "-o", alone.path, "--templates", Repo.templates, "--fonts", Repo.fonts])
            #expect(render.status == 0, "\(name): \(render.stderr)")
            let expected = try Data(contentsOf: alone)
            for round in 0..<3 {
                let batched = try Data(contentsOf: out.appendingPathComponent("\(name)-\(round).pdf"))
                #expect(batched == expected, "\(name)-\(round).pdf differs from `qujat render`'s")
            }
        }
    }

    @Test("a rerun with one case changed replaces that document's file, and only it")
    func changedCaseIsRenderedAgain() throws {
        var manifest = try TestManifest.mixed(count: 12, groups: 2)
        let out = temporaryFolder().appendingPathComponent("out")
        #expect(try batch([try manifest.write().path, "--out", out.path, "--merge"]).status == 0)
        let before = try outputFiles(out)
        manifest.lines[0] = manifest.lines[0].replacingOccurrences(of: "KZ12LAA00012345", with: "KZ12LAA00099999")
        #expect(manifest.lines[0].contains("KZ12LAA00099999"))
        #expect(try batch([try manifest.write().path, "--out", out.path, "--merge"]).status == 0)
        let after = try outputFiles(out)
        let changed = Set(after.keys.filter { after[$0] != before[$0] })
        #expect(changed == ["doc-0000.pdf", "merged/dept-0.pdf"])
        #expect(try PDF.text(out.appendingPathComponent("doc-0000.pdf")).contains("KZ12LAA00099999"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let documents = summary["documents"] as! [String: Any]
        #expect(documents["rendered"] as? Int == 1)
        #expect(documents["resumed"] as? Int == 11)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".tmp") }.isEmpty)
    }

    @Test("killed with SIGKILL mid-run, the same command finishes the batch: each document once, identical bytes")
    func killAndResume() throws {
        let manifest = try TestManifest.mixed(count: 240, groups: 3).write()
        let reference = temporaryFolder().appendingPathComponent("out")
        #expect(try batch([manifest.path, "--out", reference.path, "--merge", "--jobs", "2"]).status == 0)

        let out = temporaryFolder().appendingPathComponent("out")
        let arguments = ["batch", manifest.path, "--out", out.path, "--merge", "--jobs", "2", "--progress", "none",
                         "--templates", Repo.templates, "--fonts", Repo.fonts]
        for threshold in [15, 120] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Repo.executable)
            process.arguments = arguments
            try process.run()
            // Kill it once some documents are on disk (or when it is about to finish anyway).
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning && Date() < deadline {
                let done = (try? FileManager.default.contentsOfDirectory(atPath: out.path))?.filter { $0.hasSuffix(".pdf") }.count ?? 0
                if done >= threshold { break }
                usleep(2_000)
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let partial = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".pdf") }.count
        #expect(partial < 240, "the batch finished before it could be killed")

        let result = try batch([manifest.path, "--out", out.path, "--merge", "--jobs", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let expected = try outputFiles(reference), finished = try outputFiles(out)
        #expect(finished.keys.sorted() == expected.keys.sorted())
        for (name, bytes) in expected { #expect(finished[name] == bytes, "\(name) differs") }
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let documents = summary["documents"] as! [String: Any]
        #expect((documents["resumed"] as! Int) > 0)
        #expect((documents["resumed"] as! Int) + (documents["rendered"] as! Int) == 240)
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: out.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test("a folder of case files is a manifest: ids are file names")
    func folderInput() throws {
        let folder = temporaryFolder()
        for name in ["license", "refusal"] {
            try Repo.example(name).write(to: folder.appendingPathComponent("\(name).json"))
        }
        try Data("{}".utf8).write(to: folder.appendingPathComponent("empty.json"))
        let out = temporaryFolder().appendingPathComponent("out")
        let result = try batch([folder.path, "--out", out.path])
        #expect(result.status == 65)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("license.pdf").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("refusal.pdf").path))
        let errors = try jsonLines(out.appendingPathComponent("errors.jsonl"))
        #expect(errors.map { $0["id"] as! String } == ["empty"])
        #expect(errors.first?["path"] as? String == "document")
    }

    @Test("--progress json prints progress lines and a final line with the counts")
    func jsonProgress() throws {
        let manifest = try TestManifest.mixed(count: 5, groups: 1).write()
        let out = temporaryFolder().appendingPathComponent("out")
        let result = try run(Repo.executable, ["batch", manifest.path, "--out", out.path, "--progress", "json",
                                               "--templates", Repo.templates, "--fonts", Repo.fonts])
        #expect(result.status == 0)
        let lines = result.text.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(lines.last?["event"] as? String == "done")
        #expect(lines.last?["rendered"] as? Int == 5)
        #expect(lines.contains { $0["event"] as? String == "progress" && $0["done"] as? Int == 5 && $0["total"] as? Int == 5 })
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test("--progress json lines reach a program reading the pipe while the batch still runs")
    func jsonProgressIsNotBuffered() throws {
        var manifest = TestManifest()
        for index in 0..<200 { try manifest.add(id: "lic-\(index)", example: "license") }
        let out = temporaryFolder().appendingPathComponent("out")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repo.executable)
        process.arguments = ["batch", try manifest.write().path, "--out", out.path, "--progress", "json", "--jobs", "1",
                             "--templates", Repo.templates, "--fonts", Repo.fonts]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        // The first line is written after the first document; 199 more take far longer than this read.
        let first = firstLine(of: pipe)
        let stillRunning = process.isRunning
        _ = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(stillRunning, "the first progress line arrived only when the batch ended")
        let line = try JSONSerialization.jsonObject(with: first.prefix { $0 != 0x0A }) as? [String: Any]
        #expect(line?["event"] as? String == "progress")
        #expect(line?["total"] as? Int == 200)
    }
}

@Suite("printing to a real CUPS queue", .timeLimit(.minutes(10)))
struct PrintingTests {
    @Test("--print sends each group's merged file to CUPS (cups-pdf); the printed files arrive with the right page counts")
    func printToCUPS() throws {
        // Installs (first time) and starts cupsd with a cups-pdf queue; prints "queue=… out=…".
        let setup = try run("/bin/bash", [Repo.root.appendingPathComponent(".ci/cups-start").path])
        #expect(setup.status == 0, "\(setup.stderr)")
        let fields = Dictionary(uniqueKeysWithValues: setup.text.split(whereSeparator: \.isWhitespace).compactMap { word -> (String, String)? in
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        })
        let queue = try #require(fields["queue"]), spool = try #require(fields["out"])

        let tag = String(UUID().uuidString.prefix(8)).lowercased()
        var manifest = TestManifest()
        try manifest.add(id: "a", group: "print-\(tag)-1", example: "license")
        try manifest.add(id: "b", group: "print-\(tag)-2", example: "receipt_accepted")
        try manifest.add(id: "c", group: "print-\(tag)-1", example: "license_annex")
        let out = temporaryFolder().appendingPathComponent("out")
        let result = try batch([try manifest.write().path, "--out", out.path, "--print", queue])
        #expect(result.status == 0, "\(result.stderr)")

        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        let groups = summary["groups"] as! [[String: Any]]
        #expect(summary["printer"] as? String == queue)
        for group in groups {
            let name = group["name"] as! String
            let job = try #require(group["print_job"] as? String)
            #expect(job.hasPrefix("\(queue)-"))
            // Wait for CUPS to finish the job, then compare what cups-pdf wrote with what we sent.
            let jobNumber = String(job.dropFirst(queue.count + 1))
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let pending = try run("/usr/bin/lpstat", ["-W", "not-completed", "-o", queue]).text
                if !pending.split(separator: "\n").contains(where: { $0.hasPrefix("\(queue)-\(jobNumber) ") }) { break }
                usleep(100_000)
            }
            let printed = URL(fileURLWithPath: spool).appendingPathComponent("\(name).pdf")
            #expect(FileManager.default.fileExists(atPath: printed.path), "cups-pdf did not write \(printed.path)")
            #expect(try PDF.pages(printed) == group["pages"] as! Int)
            #expect(try PDF.pages(printed) == (try PDF.pages(out.appendingPathComponent("merged/\(name).pdf"))))
            try? FileManager.default.removeItem(at: printed)
        }
        // Rerunning the finished batch does not print again.
        let again = try batch([try manifest.write().path, "--out", out.path, "--print", queue])
        #expect(again.status == 0)
        let second = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        #expect((second["groups"] as! [[String: Any]]).map { $0["print_job"] as? String } == groups.map { $0["print_job"] as? String })
    }
}
