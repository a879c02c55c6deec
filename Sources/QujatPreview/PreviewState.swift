import Foundation
import QujatSign

/// What the preview shows now: the pages of the last good render, or the problem of the last
/// attempt. Each change gets a new generation number, which the page's script waits for.
final class PreviewState: @unchecked Sendable {
    struct Page: Sendable {
        /// `N-HASH.png`: the page's number and the first 16 hex digits of its bytes' SHA-256,
        /// so an unchanged page keeps its address (and the browser its cached image).
        let name: String
        let png: [UInt8]
        let width: Int
        let height: Int
    }

    struct Snapshot: Sendable {
        var generation = 0
        var pages: [Page] = []
        var problem: ProblemReport?
        /// Keys of the case its document does not read.
        var warnings: [String] = []
        var document = ""
        var templatesVersion = ""
        var renderedAt = Date()
        var milliseconds = 0
        /// Renders done since the preview started.
        var renders = 0
    }

    private let lock = NSLock()
    private var snapshot = Snapshot()
    /// The previous generation's pages too: a page loaded just before a change still finds
    /// its images.
    private var previous: [String: Page] = [:]

    var current: Snapshot { lock.withLock { snapshot } }

    var generation: Int { lock.withLock { snapshot.generation } }

    func page(named name: String) -> Page? {
        lock.withLock { snapshot.pages.first { $0.name == name } ?? previous[name] }
    }

    /// A good render: its pages replace the old ones, and any problem is gone.
    func show(_ images: [[UInt8]], document: String, warnings: [String], templatesVersion: String, milliseconds: Int) {
        let pages = images.enumerated().map { index, png in
            let size = Self.size(png)
            return Page(name: "\(index + 1)-\(SHA256Digest.hex(png).prefix(16)).png", png: png, width: size.0, height: size.1)
        }
        lock.withLock {
            previous = Dictionary(snapshot.pages.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            snapshot.generation += 1
            snapshot.pages = pages
            snapshot.problem = nil
            snapshot.warnings = warnings
            snapshot.document = document
            snapshot.templatesVersion = templatesVersion
            snapshot.renderedAt = Date()
            snapshot.milliseconds = milliseconds
            snapshot.renders += 1
        }
    }

    /// A failed attempt: the problem is shown instead of the pages (kept for when it is fixed
    /// and nothing else changed).
    func fail(_ problem: ProblemReport, milliseconds: Int) {
        lock.withLock {
            snapshot.generation += 1
            snapshot.problem = problem
            snapshot.warnings = []
            snapshot.renderedAt = Date()
            snapshot.milliseconds = milliseconds
            snapshot.renders += 1
        }
    }

    /// Width and height from a PNG's IHDR chunk.
    static func size(_ png: [UInt8]) -> (Int, Int) {
        guard png.count >= 24 else { return (0, 0) }
        func word(_ at: Int) -> Int { png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (word(16), word(20))
    }
}
