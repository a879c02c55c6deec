import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `qujat serve` process on a free loopback port.
final class ServerProcess {
    let process = Process()
    let port: Int
    private let output = Pipe()
    /// The server's standard error (its log).
    let log = temporaryFolder().appendingPathComponent("server.log")

    init(_ arguments: [String] = [], data: String = temporaryFolder().path, templates: String = Repo.templates) throws {
        process.executableURL = URL(fileURLWithPath: Repo.executable)
        process.arguments = ["serve", "--port", "0", "--templates", templates, "--fonts", Repo.fonts,
                             "--data", data] + arguments
        process.standardOutput = output
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        // "qujat: listening on http://127.0.0.1:PORT"
        let line = firstLine(of: output)
        let text = String(decoding: line, as: UTF8.self)
        guard let port = text.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            process.terminate()
            throw ServerError.noPort(text)
        }
        self.port = port
    }

    enum ServerError: Error { case noPort(String) }

    var base: String { "http://127.0.0.1:\(port)" }
    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// SIGTERM, then wait for the exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

struct HTTPResult: Sendable {
    let status: Int
    let headers: [String: String]
    let body: Data

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}

/// One HTTP request, no caching, no cookies.
func http(_ method: String, _ url: String, body: Data? = nil, contentType: String? = nil,
          headers: [String: String] = [:]) async throws -> HTTPResult {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    request.httpBody = body
    request.timeoutInterval = 60
    if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
    for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
    let (data, response) = try await HTTPClient.session.data(for: request)
    let http = response as! HTTPURLResponse
    var fields: [String: String] = [:]
    for (key, value) in http.allHeaderFields { fields["\(key)"] = "\(value)" }
    return HTTPResult(status: http.statusCode, headers: fields, body: data)
}

enum HTTPClient {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 128
        configuration.timeoutIntervalForRequest = 60
        return URLSession(configuration: configuration)
    }()
}

/// `count` POSTs of the same JSON body at once.
func postAll(_ count: Int, _ url: String, body: Data) async throws -> [HTTPResult] {
    try await withThrowingTaskGroup(of: HTTPResult.self) { group in
        for _ in 0..<count {
            group.addTask { try await http("POST", url, body: body, contentType: "application/json") }
        }
        var results: [HTTPResult] = []
        for try await result in group { results.append(result) }
        return results
    }
}

func isPDF(_ data: Data) -> Bool {
    data.starts(with: Array("%PDF-".utf8)) && String(decoding: data.suffix(8), as: UTF8.self).contains("%%EOF")
}
