import ArgumentParser
import QujatCommandLine
import Foundation
import Logging
import Prometheus
import Qujat
import QujatServer
import QujatLayout
import QujatSign

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the HTTP API (POST /v1/documents, batches, health, metrics, /openapi.yaml).",
        discussion: """
        SIGTERM or SIGINT stops accepting connections, finishes the requests in flight, \
        checkpoints the running batch (it resumes when the server starts again on the same \
        --data) and exits. SIGHUP reloads the templates and fonts (so does a change to their \
        files with --watch-templates): requests from then on use them, requests in flight finish \
        with the set they started with, and a broken set is refused — the old one keeps \
        serving, the error is logged and shown by GET /ready. Logs go to standard error \
        (LOG_LEVEL=debug for more).
        """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port; the chosen one is printed).")
    var port = 8080

    @Option(help: "The address clients use, such as https://qujat.example.kz, for the OpenAPI document's servers (default: the Host each request was sent to).")
    var publicURL: String?

    @Option(help: "Render workers (default: one per core).")
    var workers: Int?

    @Option(help: "Requests that may wait for a worker before the server answers 429 (default: 32 per worker).")
    var queue: Int?

    @Option(help: "Seconds a request may wait for a worker before the server answers 503.")
    var timeout: Double = 10

    @Option(help: "Seconds one render may take before it is stopped (422).")
    var renderTimeout: Double = 30

    @Option(help: "The most pages a document may have (422 above it).")
    var maxPages = RenderLimits.defaultMaximumPages

    @Option(help: "How long finished batches and their files are kept: 90m, 24h, 7d.")
    var retain = TimeSpan(argument: "24h")!

    @Option(help: "Largest case body in bytes (413 above).")
    var maxBody = 1 << 20

    @Option(help: "Folder for batch files (default: a temporary folder).")
    var data: String?

    @OptionGroup var resources: ResourceOptions

    @Flag(help: "Reload the templates and fonts when a file of theirs changes (as SIGHUP does).")
    var watchTemplates = false

    @Option(help: "Sign documents asked for with ?sign=true with this PKCS#12 key (needs --api-keys).")
    var signKey: String?

    @Option(help: "A file holding the signing key's password (its first line).")
    var signPasswordFile: String?

    @Option(help: "API keys: one line per key, NAME SHA256-HEX-OF-TOKEN SCOPES (render,sign,batch); requests send Authorization: Bearer TOKEN.")
    var apiKeys: String?

    @Option(help: "A PEM file of trusted roots for POST /v1/verify (repeatable).")
    var trust: [String] = []

    @Option(help: "Append one line per signature to this file (key name, document, SHA-256, time).")
    var auditLog: String?

    func validate() throws {
        for (name, value) in [("--timeout", timeout), ("--render-timeout", renderTimeout)] where !(value > 0 && value <= 86_400) {
            throw ValidationError("\(name) must be more than 0 and at most 86400 seconds")
        }
        if maxPages < 1 { throw ValidationError("--max-pages must be at least 1") }
        if let publicURL, !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) || publicURL.contains(where: \.isWhitespace) {
            throw ValidationError("--public-url must be an http:// or https:// address, such as https://qujat.example.kz")
        }
        if maxBody < 1 { throw ValidationError("--max-body must be at least 1") }
        if let workers, !(1...1024).contains(workers) { throw ValidationError("--workers must be from 1 to 1024") }
        if let queue, !(1...100_000).contains(queue) { throw ValidationError("--queue must be from 1 to 100000") }
        if (signKey == nil) != (signPasswordFile == nil) {
            throw ValidationError("--sign-key and --sign-password-file go together (the password is never taken on the command line)")
        }
        if signKey != nil && apiKeys == nil {
            throw ValidationError("--sign-key needs --api-keys: a server that signs must know who asks (or anyone reaching the port could have any document signed)")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        QujatHTTPServer.bootstrapMetrics(registry)
        do {
            let fonts = try Resources.fontsDirectory(resources.fonts)
            let pool = try RenderPool(templates: try resources.library(), fontsDirectory: fonts, workers: workers, queueLimit: queue,
                                      maximumPages: maxPages, renderTimeout: .milliseconds(Int64(renderTimeout * 1000)))
            var configuration = ServerConfiguration()
            configuration.host = host
            configuration.publicURL = publicURL
            configuration.port = port
            configuration.timeout = .milliseconds(Int64(timeout * 1000))
            configuration.batchRetention = retain.duration
            configuration.maxBodyBytes = maxBody
            configuration.dataDirectory = data
            configuration.watchTemplates = watchTemplates
            if let signKey, let signPasswordFile {
                configuration.signingKey = try loadSigningKey(signKey, passwordFile: signPasswordFile)
            }
            if let apiKeys {
                let text = String(decoding: try readFile(apiKeys), as: UTF8.self)
                do throws(APIKeysError) {
                    configuration.apiKeys = try APIKeys(file: text, path: apiKeys)
                } catch {
                    printError("qujat: \(error)")
                    throw ExitCode(78)
                }
            }
            for path in trust {
                let text = try readFile(path)
                do throws(SignError) { configuration.trustRoots += try Certificate.pem(text) } catch { throw QujatError.signing(error) }
            }
            configuration.auditLogPath = auditLog
            let server = try QujatHTTPServer(pool: pool, fontsDirectory: fonts, configuration: configuration, registry: registry)
            try await server.run { port in
                FileHandle.standardOutput.write(Data("qujat: listening on http://\(host):\(port)\n".utf8))
            }
        } catch let error as QujatError {
            printError("qujat: \(error)")
            throw ExitCode(error.exitCode)
        }
    }
}


/// A length of time written as a number and a unit: `90s`, `30m`, `24h`, `7d`.
struct TimeSpan: ExpressibleByArgument {
    let duration: Duration

    init?(argument: String) {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        guard let unit = argument.last, let factor = units[unit], let count = Int64(argument.dropLast()),
              count >= 0, count <= Int64.max / factor / 1000 else { return nil }
        duration = .seconds(count * factor)
    }
}
