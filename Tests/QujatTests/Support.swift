import Foundation
@_exported import QujatTesting  // temporaryFolder() for every test file
import Qujat
import Testing
import QujatCase
import QujatLayout
import QujatTemplates

/// Paths and tools the end-to-end tests share.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = root.appendingPathComponent("Templates").path
    static let fonts = root.appendingPathComponent("Fonts").path
    static let examples = root.appendingPathComponent("Examples")
    static let golden = root.appendingPathComponent("Tests/QujatTests/Golden")

    /// The `qujat` executable built next to the test bundle.
    static var executable: String {
        let candidates = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent(),
                          Bundle.main.executableURL?.deletingLastPathComponent()].compactMap { $0 }
        for folder in candidates {
            let path = folder.appendingPathComponent("qujat").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return root.appendingPathComponent(".build/debug/qujat").path
    }

    static let library: TemplateLibrary = try! TemplateLibrary(directory: templates)

    static func example(_ name: String) throws -> Data {
        try Data(contentsOf: examples.appendingPathComponent("\(name).json"))
    }

    static func exampleObject(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: example(name)) as! [String: Any]
    }
}

struct ProcessResult {
    let status: Int32
    let stdout: Data
    let stderr: String
    var text: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs a program (in `directory`, else this one) and waits for it.
@discardableResult
func run(_ program: String, _ arguments: [String], input: Data? = nil, directory: URL? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program.hasPrefix("/") ? program : "/usr/bin/\(program)")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe(), inPipe = Pipe()
    let errFolder = temporaryFolder()
    defer { try? FileManager.default.removeItem(at: errFolder) }
    let errFile = errFolder.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: errFile.path, contents: nil)
    let err = try FileHandle(forWritingTo: errFile)
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(input) }
    try inPipe.fileHandleForWriting.close()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try err.close()
    let stderr = (try? Data(contentsOf: errFile)) ?? Data()
    return ProcessResult(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
}

/// What a running program has written to `pipe` up to its first line end (all of it if it
/// ends first), read as it arrives.
func firstLine(of pipe: Pipe) -> Data {
    var line = Data()
    while !line.contains(0x0A) {
        let chunk = pipe.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        line += chunk
    }
    return line
}

/// What a reader of the PDF sees.
enum PDF {
    static func write(_ bytes: [UInt8]) -> URL {
        let url = temporaryFolder().appendingPathComponent("doc.pdf")
        try! Data(bytes).write(to: url)
        return url
    }

    /// `pdftotext` of the file (or of one page).
    static func text(_ url: URL, page: Int? = nil) throws -> String {
        var arguments: [String] = []
        if let page { arguments += ["-f", String(page), "-l", String(page)] }
        return try run("pdftotext", arguments + [url.path, "-"]).text
    }

    /// Text with all white space (and soft hyphens) removed, so wrapped values still match.
    static func squeezed(_ text: String) -> String {
        String(text.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) && $0 != "\u{AD}" }
            .map(Character.init))
    }

    /// Whether squeezed text holds a value. pdftotext joins a word broken at a hyphen at the
    /// end of a line («45-\nпәтер» → «45пәтер»), so a value with hyphens also matches without them.
    static func contains(_ squeezedText: String, _ value: String) -> Bool {
        let wanted = squeezed(value)
        if squeezedText.contains(wanted) { return true }
        return wanted.contains("-") && squeezedText.replacingOccurrences(of: "-", with: "")
            .contains(wanted.replacingOccurrences(of: "-", with: ""))
    }

    static func pages(_ url: URL) throws -> Int {
        let info = try run("pdfinfo", [url.path]).text
        let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.split(separator: " ").last ?? "") ?? 0
    }
}

/// The error rendering `json` fails with, or nil when it renders.
func renderError(_ json: Data, templates: TemplateLibrary = Repo.library) -> QujatError? {
    do {
        let renderer = try Renderer(templates: templates, fontsDirectory: Repo.fonts)
        _ = try renderer.pdf(json: json)
        return nil
    } catch {
        return error
    }
}

extension QujatError {
    var caseIssues: [CaseIssue]? { if case .invalidCase(let error) = self { error.issues } else { nil } }
    var renderError: RenderError? { if case .render(let error) = self { error } else { nil } }
}

/// A copy of `Templates/` with one text replaced in one file, read as a library.
func templatesCopy(editing file: String, replacing old: String, with new: String) throws -> TemplateLibrary {
    let folder = temporaryFolder().appendingPathComponent("Templates")
    try FileManager.default.copyItem(atPath: Repo.templates, toPath: folder.path)
    let url = folder.appendingPathComponent(file)
    let text = try String(contentsOf: url, encoding: .utf8)
    #expect(text.contains(old), "\(file) does not contain \(old)")
    try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    return try TemplateLibrary(directory: folder.path)
}
