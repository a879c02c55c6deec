import ArgumentParser
import Foundation
import Logging
import Prometheus
import Qujat
import QujatServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the HTTP API (POST /v1/documents, batches, health, metrics, /openapi.yaml).",
        discussion: """
        SIGTERM or SIGINT stops accepting connections, finishes the requests in flight and exits. \
        Logs go to standard error (LOG_LEVEL=debug for more).
        """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port; the chosen one is printed).")
    var port = 8080

    @Option(help: "Render workers (default: one per core).")
    var workers: Int?

    @Option(help: "Requests that may wait for a worker before the server answers 429 (default: 32 per worker).")
    var queue: Int?

    @Option(help: "Seconds a request may wait for a worker before the server answers 503.")
    var timeout: Double = 10

    @Option(help: "Largest case body in bytes (413 above).")
    var maxBody = 1 << 20

    @Option(help: "Folder for batch files (default: a temporary folder).")
    var data: String?

    @OptionGroup var resources: ResourceOptions

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
            let pool = try RenderPool(templates: try resources.library(), fontsDirectory: fonts, workers: workers, queueLimit: queue)
            var configuration = ServerConfiguration()
            configuration.host = host
            configuration.port = port
            configuration.timeout = .milliseconds(Int(timeout * 1000))
            configuration.maxBodyBytes = maxBody
            configuration.dataDirectory = data
            let server = try QujatHTTPServer(pool: pool, fontsDirectory: fonts, configuration: configuration, registry: registry)
            try await server.run { port in
                FileHandle.standardOutput.write(Data("qujat: listening on http://\(host):\(port)\n".utf8))
            }
        } catch let error as QujatError {
            printError("qujat: \(error)")
            throw ExitCode(error.isMissing ? 66 : 70)
        }
    }
}

extension QujatError {
    var isMissing: Bool {
        if case .missing = self { return true }
        return false
    }
}
