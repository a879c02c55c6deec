import Foundation
import Hummingbird
import QujatZip
import Logging
import Prometheus
import Qujat
import QujatCase
import QujatSign
import ServiceLifecycle

/// The `qujat serve` HTTP server: Hummingbird 2 in front of a `RenderPool`.
///
/// ```swift
/// let pool = try RenderPool(templatesDirectory: "Templates", fontsDirectory: "Fonts")
/// let server = try QujatHTTPServer(pool: pool, fontsDirectory: "Fonts", configuration: .init())
/// try await server.run()          // until SIGTERM/SIGINT: then drains in-flight requests
/// ```
///
/// An app that runs its own `ServiceGroup` (or a test) takes `application()` instead, or
/// `router()` to mount the routes among its own; the pool is then the caller's to shut down.
public struct QujatHTTPServer: Sendable {
    let pool: RenderPool
    let configuration: ServerConfiguration
    let batches: BatchStore
    let metrics: ServerMetrics
    let logger: Logger
    let readiness = Readiness()
    let admission: Admission
    let crcCache = CRCCache()
    let audit: AuditLog
    /// The OpenAPI document, made from the templates the pool renders with (again after a
    /// reload that changed them; `servers` is per request).
    let openAPICache: OpenAPICache
    let reloader: Reloader
    /// The first size or offset a zip writes as ZIP64 (lowered by tests to reach that path).
    var zip64Limit = ZipLayout.defaultLimit

    /// - Parameter registry: where swift-metrics reports; call `QujatHTTPServer.bootstrapMetrics`
    ///   with it once per process (an embedding app that has its own metrics system skips that).
    public init(pool: RenderPool, fontsDirectory: String, configuration: ServerConfiguration,
                registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), logger: Logger? = nil) throws {
        self.pool = pool
        self.configuration = configuration
        let folder = configuration.dataDirectory
            ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("qujat-server-\(getpid())")
        batches = try BatchStore(pool: pool, fontsDirectory: fontsDirectory,
                                 folder: (folder as NSString).appendingPathComponent("batches"),
                                 limit: configuration.batchQueueLimit, retention: configuration.batchRetention)
        metrics = ServerMetrics(registry: registry)
        admission = Admission(limit: pool.workers + pool.queueLimit)
        openAPICache = OpenAPICache(pool.current)
        self.logger = logger ?? Logger(label: "qujat")
        reloader = Reloader(pool: pool, logger: self.logger)
        if configuration.signingKey != nil && configuration.apiKeys == nil {
            throw QujatError.signing(SignError(.key, "a server with a signing key needs --api-keys: without them anyone who reaches its port could have any document signed"))
        }
        do throws(APIKeysError) {
            audit = try AuditLog(path: configuration.auditLogPath)
        } catch {
            throw QujatError.io(error.description)
        }
        if configuration.apiKeys == nil {
            self.logger.warning("no --api-keys: every route is open to whoever reaches this port")
        }
    }

    public static func bootstrapMetrics(_ registry: PrometheusCollectorRegistry) {
        ServerMetrics.bootstrap(registry)
    }

    /// Serves until SIGTERM or SIGINT, then stops accepting, finishes the requests in flight,
    /// lets queued render jobs finish and returns.
    /// - Parameter onRunning: called with the bound port once the server listens.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = application(onRunning: onRunning)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        // SIGHUP reloads the templates and fonts (a broken set is refused and the old one kept).
        signal(SIGHUP, SIG_IGN)
        let hangup = DispatchSource.makeSignalSource(signal: SIGHUP)
        hangup.setEventHandler { [reloader] in
            reloader.logger.notice("SIGHUP: reloading templates and fonts")
            Thread { _ = reloader.reloadNow("SIGHUP") }.start()
        }
        hangup.resume()
        defer { hangup.cancel() }
        let trimmer = Task { [admission] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(2))
                admission.trimIfIdle()
            }
        }
        defer { trimmer.cancel() }
        try await group.run()
        batches.stop()
        await pool.shutdown()
        ResourceFiles.removeFontCopies()
        if configuration.dataDirectory == nil {
            // Our own temporary folder: nothing in it outlives the process.
            try? FileManager.default.removeItem(atPath: (batches.folder as NSString).deletingLastPathComponent)
        }
        logger.info("stopped")
    }
}

extension QujatHTTPServer {
    /// Every route behind the server's middleware (metrics, problems, request log).
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(RequestMetricsMiddleware())
        router.middlewares.add(ProblemMiddleware())
        router.middlewares.add(LogRequestsMiddleware(.info))
        addRoutes(to: router)
        return router
    }

    /// The Hummingbird application `run` serves: the router on `configuration.host` and
    /// `port`, with the services that turn `/ready` to 503 and checkpoint the running batch
    /// when the application's service group shuts down (and, with `watchTemplates`, the one
    /// that reloads changed templates). The `RenderPool` is not stopped.
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> Application<RouterResponder<BasicRequestContext>> {
        Application(
            router: router(),
            // A connection that sends or reads nothing for a minute is closed (a stuck client
            // would otherwise hold its socket, and its admission, forever).
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Qujat"),
            services: [readiness, BatchService(store: batches)]
                + (configuration.watchTemplates ? [TemplateWatchService(reloader: reloader, interval: configuration.watchInterval)] : []),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}

/// Stops the batch thread when the service group shuts down: the running batch is
/// checkpointed and resumes at the next start.
struct BatchService: Service {
    let store: BatchStore

    func run() async throws {
        try? await gracefulShutdown()
        // `stop` waits for the batch in flight to commit: on a thread of its own, not a cooperative one.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread { [store] in
                store.stop()
                done.resume()
            }.start()
        }
    }
}

/// Says "not ready" from the moment a graceful shutdown starts.
final class Readiness: Service, @unchecked Sendable {
    private let lock = NSLock()
    private var draining = false

    var isReady: Bool {
        lock.withLock { !draining }
    }

    func run() async throws {
        try? await gracefulShutdown()
        lock.withLock { draining = true }
    }
}
