import Foundation
import Testing

/// `qujat preview` in a real browser and `qujat render --watch`, as processes.
@Suite("qujat preview and render --watch", .serialized)
struct PreviewTests {
    @Test("preview in headless Chromium (Playwright): pages shown, an edit changes the image, a broken save shows the problem until fixed")
    func browser() throws {
        let script = Repo.root.appendingPathComponent("Tests/preview/browser.py").path
        let result = try run("/usr/bin/env", ["python3", script, Repo.executable, Repo.root.path, temporaryFolder().path])
        #expect(result.status == 0, "\(result.text)\(result.stderr)")
        #expect(result.text.contains(" 0 failed"), "\(result.text)")
        // The measured time from each save to what the browser shows.
        print(result.text.split(separator: "\n").filter { $0.contains("latency") || $0.contains("passed") }.joined(separator: "\n"))
    }

    @Test("render --watch: renders again after an edit; a broken save is printed with its place and the file keeps the last good render")
    func renderWatch() throws {
        let folder = temporaryFolder()
        let templates = folder.appendingPathComponent("Templates")
        try FileManager.default.copyItem(atPath: Repo.templates, toPath: templates.path)
        let caseFile = folder.appendingPathComponent("license.json")
        try Repo.example("license").write(to: caseFile)
        let output = folder.appendingPathComponent("license.pdf")
        let log = folder.appendingPathComponent("watch.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repo.executable)
        process.arguments = ["render", caseFile.path, "-o", output.path, "--watch", "--templates", templates.path, "--fonts", Repo.fonts]
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        func logText() -> String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }
        func waitFor(_ what: String, _ condition: () -> Bool) throws {
            let end = Date().addingTimeInterval(20)
            while !condition() {
                guard Date() < end else { throw WatchError.timedOut(what, logText()) }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        func writes() -> Int { logText().components(separatedBy: "qujat: wrote ").count - 1 }
        func text() throws -> String { PDF.squeezed(try PDF.text(output)) }
        try waitFor("the first render") { logText().contains("watching") }
        #expect(writes() == 1)
        #expect(try text().contains("ЛИЦЕНЗИЯ"))

        let template = templates.appendingPathComponent("license/kk.yaml")
        let original = try String(contentsOf: template, encoding: .utf8)
        try original.replacingOccurrences(of: "- heading: ЛИЦЕНЗИЯ", with: "- heading: ЖАҢАЛИЦЕНЗИЯ").write(to: template, atomically: false, encoding: .utf8)
        try waitFor("the render after an edit") { writes() == 2 }
        #expect(try text().contains("ЖАҢАЛИЦЕНЗИЯ"))

        let good = try Data(contentsOf: output)
        try original.replacingOccurrences(of: "{{ license.number }}", with: "{{ license.numbr }}").write(to: template, atomically: true, encoding: .utf8)
        try waitFor("the problem") { logText().contains("keeps the last good render") }
        let problem = logText()
        #expect(problem.contains("license/kk.yaml:") && problem.contains("'license.numbr' is not in the document's schema"))
        #expect(problem.contains("|") && problem.contains("^"), "the line and a caret: \(problem)")
        #expect(try Data(contentsOf: output) == good)

        try original.write(to: template, atomically: true, encoding: .utf8)
        try waitFor("the render after the fix") { writes() == 3 }
        #expect(!(try text().contains("ЖАҢАЛИЦЕНЗИЯ")))
        // The case itself is watched too.
        var object = try Repo.exampleObject("license")
        var license = object["license"] as! [String: Any]
        license["number"] = "KZ99LAA00099999"
        object["license"] = license
        try JSONSerialization.data(withJSONObject: object).write(to: caseFile)
        try waitFor("the render after a case edit") { writes() == 4 }
        #expect(try text().contains("KZ99LAA00099999"))

        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    enum WatchError: Error { case timedOut(String, String) }
}
