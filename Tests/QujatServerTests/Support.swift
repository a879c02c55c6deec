import Foundation
@_exported import QujatTesting  // temporaryFolder() for every test file
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Qujat
@testable import QujatServer
import Testing

/// The repository's sample cases, templates and fonts, found from this file's path.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = root.appendingPathComponent("Templates").path
    static let fonts = root.appendingPathComponent("Fonts").path
    static let examples = root.appendingPathComponent("Examples")

    static func example(_ name: String) throws -> Data {
        try Data(contentsOf: examples.appendingPathComponent("\(name).json"))
    }

    static func exampleObject(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: example(name)) as! [String: Any]
    }

    /// One pool for the whole test process: loading templates and fonts is the slow part.
    static let pool: RenderPool = try! RenderPool(templatesDirectory: templates, fontsDirectory: fonts, workers: 2)
}

/// A server over `Repo.pool` with its own batch folder, to be run in process with `app.test(.router)`.
func makeServer(_ change: (inout ServerConfiguration) -> Void = { _ in }) throws -> QujatHTTPServer {
    var configuration = ServerConfiguration()
    configuration.dataDirectory = temporaryFolder().path
    change(&configuration)
    var logger = Logger(label: "qujat-test")
    logger.logLevel = .warning
    return try QujatHTTPServer(pool: Repo.pool, fontsDirectory: Repo.fonts, configuration: configuration, logger: logger)
}

struct ProcessResult {
    let status: Int32
    let output: String
}

/// Runs a program to its end; standard output and error together.
@discardableResult
func run(_ program: String, _ arguments: [String]) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [program] + arguments
    let folder = temporaryFolder()
    let log = folder.appendingPathComponent("output")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    process.waitUntilExit()
    try handle.close()
    let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(at: folder)
    return ProcessResult(status: process.terminationStatus, output: output)
}

extension TestResponse {
    var data: Data { Data(buffer: body) }
    var bytes: [UInt8] { Array(buffer: body) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:] }
    var text: String { String(buffer: body) }
}

/// A batch manifest (JSON Lines) of sample cases.
func manifest(_ lines: [(id: String, group: String, example: String)]) throws -> ByteBuffer {
    let text = try lines.map { line in
        let object: [String: Any] = ["id": line.id, "group": line.group, "case": try Repo.exampleObject(line.example)]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }.joined(separator: "\n")
    return ByteBuffer(string: text)
}

/// What both `python3 -m zipfile -t` and `unzip -t` say of the archive at `url`, and each
/// entry's bytes as Python's `zipfile` reads them (name → contents).
struct ZipCheck {
    let python: ProcessResult
    let unzip: ProcessResult
    let entries: [String: Data]

    init(_ url: URL) throws {
        python = try run("python3", ["-m", "zipfile", "-t", url.path])
        unzip = try run("unzip", ["-t", url.path])
        let folder = temporaryFolder()
        let script = "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nfor i in z.infolist():\n"
            + "    open(sys.argv[2] + '/' + i.filename, 'wb').write(z.read(i))\n    print(i.filename)\n"
        let listing = try run("python3", ["-c", script, url.path, folder.path])
        var entries: [String: Data] = [:]
        for name in listing.output.split(separator: "\n") where listing.status == 0 {
            entries[String(name)] = try Data(contentsOf: folder.appendingPathComponent(String(name)))
        }
        self.entries = entries
    }

    var bothAccept: Bool { python.status == 0 && unzip.status == 0 }
}
