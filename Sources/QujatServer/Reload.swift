import Foundation
import Hummingbird
import Logging
import Qujat
import QujatCase
import ServiceLifecycle

/// Reloads the pool's templates and fonts (SIGHUP, `--watch-templates`, `reloadTemplates()`)
/// and keeps the last refusal for `/ready`. A refused set changes nothing: the pool keeps
/// serving the set it had, and the error is logged and shown by `/ready` until a reload
/// succeeds.
final class Reloader: @unchecked Sendable {
    struct Failure: Sendable {
        var message: String
        var issues: [TemplateIssue]
        var at: Date
    }

    private let lock = NSLock()
    private var failure: Failure?
    let pool: RenderPool
    let logger: Logger

    init(pool: RenderPool, logger: Logger) {
        self.pool = pool
        self.logger = logger
    }

    /// The last reload's refusal, until a reload succeeds.
    var lastFailure: Failure? { lock.withLock { failure } }

    /// Reloads on a thread of its own (reading the files blocks). True when the set read is
    /// the one in use now.
    func reload(_ reason: String) async -> Bool {
        await withCheckedContinuation { (done: CheckedContinuation<Bool, Never>) in
            let thread = Thread { [self] in done.resume(returning: reloadNow(reason)) }
            thread.name = "qujat-reload"
            thread.start()
        }
    }

    func reloadNow(_ reason: String) -> Bool {
        let old = pool.current
        do throws(QujatError) {
            let set = try pool.reload()
            lock.withLock { failure = nil }
            if set.templatesVersion == old.templatesVersion && set.fontsVersion == old.fontsVersion {
                logger.info("reload: no template or font changed", metadata: ["reason": .string(reason), "templates": .string(set.templatesVersion)])
            } else {
                logger.notice("templates reloaded", metadata: [
                    "reason": .string(reason), "templates": .string(set.templatesVersion), "was": .string(old.templatesVersion),
                    "fonts": .string(set.fontsVersion), "fonts_reloaded": .stringConvertible(set.fontsVersion != old.fontsVersion),
                ])
            }
            return true
        } catch {
            var issues: [TemplateIssue] = []
            if case .template(let problem) = error { issues = problem.issues }
            lock.withLock { failure = Failure(message: error.description, issues: issues, at: Date()) }
            logger.error("reload refused; still serving the templates loaded before", metadata: [
                "reason": .string(reason), "templates": .string(old.templatesVersion), "error": .string(error.description),
            ])
            return false
        }
    }

    /// `GET /ready` while the server takes work: the set in use and the last refusal.
    var readyBody: ReadyBody {
        let set = pool.current
        let failure = lastFailure
        return ReadyBody(status: "ready", workers: pool.workers,
                         templates: .init(version: set.templatesVersion, fontsVersion: set.fontsVersion,
                                          loadedAt: Self.timestamp(set.loadedAt)),
                         reloadError: failure.map { failure in
                             ReadyBody.ReloadError(at: Self.timestamp(failure.at), message: failure.message,
                                                   issues: failure.issues.isEmpty ? nil : failure.issues.map {
                                                       .init(file: $0.location.file, line: $0.location.line,
                                                             column: $0.location.column, message: $0.message)
                                                   })
                         })
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// `GET /ready`: ready, with the templates in use and, after a refused reload, why.
struct ReadyBody: Encodable {
    struct Templates: Encodable {
        var version: String
        var fontsVersion: String
        var loadedAt: String

        enum CodingKeys: String, CodingKey {
            case version
            case fontsVersion = "fonts_version"
            case loadedAt = "loaded_at"
        }
    }

    struct ReloadError: Encodable {
        struct Issue: Encodable {
            var file: String
            var line: Int
            var column: Int
            var message: String
        }

        var at: String
        var message: String
        var issues: [Issue]?
    }

    var status: String
    var workers: Int
    var templates: Templates
    var reloadError: ReloadError?

    enum CodingKeys: String, CodingKey {
        case status, workers, templates
        case reloadError = "reload_error"
    }
}

/// `--watch-templates`: reloads when a template, `types.yaml`, `calendar.txt` or a font
/// changes (polled, see `FileWatch`), until the service group shuts down.
struct TemplateWatchService: Service {
    let reloader: Reloader
    let interval: Duration

    func run() async throws {
        let set = reloader.pool.current
        let watch = FileWatch([.templates(set.templates.directory), .fonts(set.fontsSource)], interval: interval)
        reloader.logger.info("watching templates and fonts for changes", metadata: [
            "templates": .string(set.templates.directory), "fonts": .string(set.fontsSource),
        ])
        await cancelWhenGracefulShutdown {
            await watch.run { _ in _ = await reloader.reload("files changed") }
        }
    }
}

extension QujatHTTPServer {
    /// Reads the templates and fonts again; requests from then on render with them, those in
    /// flight finish with the set they started with. A broken set is refused (false): the old
    /// one keeps serving, and the error is logged and shown by `/ready`.
    @discardableResult
    public func reloadTemplates(reason: String = "asked") async -> Bool {
        await reloader.reload(reason)
    }
}
