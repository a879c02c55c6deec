import Foundation
import Hummingbird
import Metrics
import Prometheus

/// Prometheus metrics through swift-metrics: requests by route and status, render latency by
/// document, queue depth and busy workers.
struct ServerMetrics: Sendable {
    let registry: PrometheusCollectorRegistry

    /// Makes swift-metrics report to `registry` (once per process; `qujat serve` does this).
    static func bootstrap(_ registry: PrometheusCollectorRegistry) {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                                                   .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                                                   .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)]
        // Prometheus names allow no dots.
        factory.nameAndLabelSanitizer = { name, labels in
            (Self.clean(name), labels.map { (Self.clean($0.0), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
    }

    static func clean(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    func renderTimer(document: String) -> Metrics.Timer {
        Metrics.Timer(label: "qujat_render_duration", dimensions: [("document", document)], preferredDisplayUnit: .seconds)
    }

    /// The text exposition, with the pool's gauges read now.
    func exposition(queueDepth: Int, busyWorkers: Int, workers: Int) -> [UInt8] {
        Gauge(label: "qujat_render_queue_depth").record(queueDepth)
        Gauge(label: "qujat_workers_busy").record(busyWorkers)
        Gauge(label: "qujat_workers").record(workers)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}

/// Counts requests by route, method and status, and times them.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let dimensions = [("route", context.endpointPath ?? "unmatched"), ("method", request.method.rawValue),
                          ("status", String(response.status.code))]
        Counter(label: "qujat_http_requests_total", dimensions: dimensions).increment()
        let elapsed = ContinuousClock.now - start
        Metrics.Timer(label: "qujat_http_request_duration", dimensions: dimensions, preferredDisplayUnit: .seconds)
            .recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
        return response
    }
}

extension Metrics.Timer {
    func record(duration: Duration) {
        recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}
