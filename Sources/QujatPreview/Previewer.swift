import Foundation
import Hummingbird
import Logging
import Qujat
import ServiceLifecycle

/// `qujat preview`: a local web page that shows every page of one case as PNG images and
/// renders them again whenever the case, a template, `types.yaml`, `calendar.txt` or a font
/// changes (`FileWatch`). A change that breaks something shows the problem instead of the
/// pages (file:line:column, the message and the line there with a caret) until it is fixed.
///
/// The routes: `/` the page (plain HTML, see `PreviewPage`), `/pages/N-HASH.png` each page,
/// `/events` server-sent events carrying the generation number after every change, and
/// `/status.json` the same facts for scripts. Bound to 127.0.0.1 only.
public final class Previewer: Sendable {
    public struct Options: Sendable {
        public var casePath: String
        /// 0: any free port (the one chosen is passed to `onRunning`).
        public var port = 8088
        public var dpi: Double = 96
        /// How often the files are looked at.
        public var interval: Duration = .milliseconds(200)

        public init(casePath: String) { self.casePath = casePath }
    }

    let pool: RenderPool
    let options: Options
    let state = PreviewState()
    let logger: Logger
    var caseName: String { (options.casePath as NSString).lastPathComponent }

    /// - Parameter pool: renders the case; `refresh` reloads its templates and fonts.
    public init(pool: RenderPool, options: Options, logger: Logger = Logger(label: "qujat-preview")) {
        self.pool = pool
        self.options = options
        self.logger = logger
    }

    /// Reloads the templates and fonts (a broken set is refused: its problem is shown), reads
    /// the case and renders all its pages.
    public func refresh() async {
        let start = ContinuousClock.now
        func milliseconds() -> Int {
            let elapsed = ContinuousClock.now - start
            return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        }
        do throws(QujatError) {
            let set = try await offThread { [pool] () throws(QujatError) in try pool.reload() }
            guard let data = FileManager.default.contents(atPath: options.casePath) else {
                throw .missing("cannot read \(options.casePath)")
            }
            let dpi = options.dpi
            let rendered = try await pool.run { renderer throws(QujatError) in try renderer.images(json: data, dpi: dpi) }
            let time = milliseconds()
            state.show(rendered.images, document: rendered.document, warnings: rendered.warnings.map(\.description),
                       templatesVersion: set.templatesVersion, milliseconds: time)
            logger.info("rendered \(rendered.document): \(rendered.images.count) page(s) in \(time) ms")
        } catch {
            let problem = ProblemReport(error, caseName: caseName)
            state.fail(problem, milliseconds: milliseconds())
            logger.error("\(problem.text)")
        }
    }

    /// The web application: the routes on 127.0.0.1 and the service that watches the files
    /// (it renders once at the start, then after every change).
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> Application<RouterResponder<BasicRequestContext>> {
        Application(
            router: router(),
            configuration: .init(address: .hostname("127.0.0.1", port: options.port), serverName: "Qujat preview"),
            services: [WatchService(previewer: self)],
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// Serves until SIGINT or SIGTERM, then stops the pool.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let group = ServiceGroup(configuration: .init(services: [application(onRunning: onRunning)],
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        await pool.shutdown()
        ResourceFiles.removeFontCopies()
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(LoopbackHostMiddleware())
        router.get("/") { [self] _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                     body: .init(byteBuffer: ByteBuffer(string: PreviewPage.html(state.current, caseName: caseName))))
        }
        router.get("/pages/{name}") { [self] _, context in
            let name = try context.parameters.require("name")
            guard let page = state.page(named: name) else {
                return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: "no page \(name) now: reload the preview\n")))
            }
            // The name holds the image's hash: the same name is always the same image.
            return Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "max-age=86400, immutable"],
                            body: .init(byteBuffer: ByteBuffer(bytes: page.png)))
        }
        router.get("/status.json") { [self] _, _ in
            Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                     body: .init(byteBuffer: ByteBuffer(bytes: StatusBody(state.current).json)))
        }
        router.get("/events") { [self] _, _ in
            Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                     body: ResponseBody { [state] writer in
                         try await Self.events(state, writer: &writer)
                     })
        }
        return router
    }

    /// `data: GENERATION` at once and after every change; a comment every 15 s keeps the
    /// connection open. Ends when the client goes (a write fails) or the preview stops.
    static func events(_ state: PreviewState, writer: inout any ResponseBodyWriter) async throws {
        var sent = -1
        var quiet = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let generation = state.generation
            if generation != sent {
                try await writer.write(ByteBuffer(string: "retry: 1000\ndata: \(generation)\n\n"))
                sent = generation
                quiet = .now
            } else if ContinuousClock.now - quiet > .seconds(15) {
                try await writer.write(ByteBuffer(string: ": still here\n\n"))
                quiet = .now
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        try await writer.finish(nil)
    }
}

/// Renders once, then after every change to the case, the templates or the fonts.
struct WatchService: Service {
    let previewer: Previewer

    func run() async throws {
        let set = previewer.pool.current
        let watch = FileWatch([.file(previewer.options.casePath), .templates(set.templates.directory), .fonts(set.fontsSource)],
                              interval: previewer.options.interval)
        await cancelWhenGracefulShutdown {
            let before = watch.snapshot()
            await previewer.refresh()
            await watch.run(from: before) { _ in await previewer.refresh() }
        }
    }
}

/// Answers only requests addressed to this machine by a loopback name (`Host: 127.0.0.1:PORT`,
/// `localhost`, `[::1]`): a web page elsewhere that points its own host name at 127.0.0.1 (DNS
/// rebinding) gets 403, not the case's personal data.
struct LoopbackHostMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.isLoopback(request.head.authority ?? "") else {
            return Response(status: .forbidden, headers: [.contentType: "text/plain; charset=utf-8"],
                             body: .init(byteBuffer: ByteBuffer(string: "the preview answers only http://127.0.0.1:PORT/\n")))
        }
        return try await next(request, context)
    }

    static func isLoopback(_ authority: String) -> Bool {
        let host: Substring
        if authority.hasPrefix("["), let end = authority.firstIndex(of: "]") {
            host = authority[...end]
        } else {
            host = authority.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        }
        return ["127.0.0.1", "localhost", "[::1]"].contains(host.lowercased())
    }
}

/// `GET /status.json`.
struct StatusBody: Encodable {
    struct Item: Encodable {
        var place: String?
        var message: String
        var excerpt: String?
    }

    var generation: Int
    var state: String
    var pages: [String]
    var title: String?
    var problems: [Item]?
    var warnings: [String]
    var milliseconds: Int
    var renders: Int

    init(_ snapshot: PreviewState.Snapshot) {
        generation = snapshot.generation
        state = snapshot.problem != nil ? "problem" : snapshot.renders == 0 ? "waiting" : "pages"
        pages = snapshot.problem == nil ? snapshot.pages.map { "/pages/" + $0.name } : []
        title = snapshot.problem?.title
        problems = snapshot.problem?.items.map { Item(place: $0.place, message: $0.message, excerpt: $0.excerpt) }
        warnings = snapshot.warnings
        milliseconds = snapshot.milliseconds
        renders = snapshot.renders
    }

    var json: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? [UInt8](encoder.encode(self))) ?? Array("{}".utf8)
    }
}

/// Runs blocking work (reading files) on a thread of its own, not on a task's.
func offThread<T: Sendable>(_ work: @escaping @Sendable () throws(QujatError) -> T) async throws(QujatError) -> T {
    let result: Result<T, QujatError> = await withCheckedContinuation { done in
        let thread = Thread {
            do throws(QujatError) { done.resume(returning: .success(try work())) } catch { done.resume(returning: .failure(error)) }
        }
        thread.start()
    }
    return try result.get()
}
