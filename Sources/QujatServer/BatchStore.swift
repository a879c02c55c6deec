import Foundation
import Qujat

/// The server's batches: each gets a folder, waits its turn, and runs on a thread of its own
/// that feeds the shared render pool (so batches and single documents share the workers).
final class BatchStore: @unchecked Sendable {
    enum State: String, Sendable {
        case queued, running, done, failed
    }

    struct Status: Sendable {
        var id: String
        var state: State
        var total = 0
        var done = 0
        var failed = 0
        var error: String?
        var summary: [UInt8]?
        var groups: [String] = []

        var json: [String: Any] {
            var object: [String: Any] = ["id": id, "state": state.rawValue, "total": total, "done": done, "failed": failed,
                                         "result": "/v1/batches/\(id)/result"]
            if let error { object["error"] = error }
            if let summary, let parsed = try? JSONSerialization.jsonObject(with: Data(summary)) { object["summary"] = parsed }
            return object
        }
    }

    private let pool: RenderPool
    private let fontsDirectory: String
    let folder: String
    private let limit: Int
    private let condition = NSCondition()
    private var statuses: [String: Status] = [:]
    private var waiting: [String] = []
    private var stopped = false

    init(pool: RenderPool, fontsDirectory: String, folder: String, limit: Int) throws {
        self.pool = pool
        self.fontsDirectory = fontsDirectory
        self.folder = folder
        self.limit = limit
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let thread = Thread { [self] in runLoop() }
        thread.name = "qujat-batches"
        thread.start()
    }

    /// Stores the manifest and queues the batch. Throws a 429 problem when the queue is full.
    func submit(_ manifest: [UInt8]) throws -> String {
        let id = UUID().uuidString.lowercased()
        let directory = (folder as NSString).appendingPathComponent(id)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try AtomicFile.write(manifest, to: (directory as NSString).appendingPathComponent("manifest.jsonl"))
        condition.lock()
        defer { condition.unlock() }
        guard waiting.count < limit, !stopped else {
            try? FileManager.default.removeItem(atPath: directory)
            throw Problem(status: .tooManyRequests, title: "Too many batches",
                          detail: "\(waiting.count) batches are waiting; try again later", retryAfter: 30)
        }
        statuses[id] = Status(id: id, state: .queued)
        waiting.append(id)
        condition.broadcast()
        return id
    }

    func status(_ id: String) -> Status? {
        condition.lock()
        defer { condition.unlock() }
        return statuses[id]
    }

    func output(_ id: String) -> String {
        ((folder as NSString).appendingPathComponent(id) as NSString).appendingPathComponent("out")
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func update(_ id: String, _ change: (inout Status) -> Void) {
        condition.lock()
        if var status = statuses[id] {
            change(&status)
            statuses[id] = status
        }
        condition.unlock()
    }

    private func runLoop() {
        while true {
            condition.lock()
            while waiting.isEmpty && !stopped { condition.wait() }
            if stopped && waiting.isEmpty {
                condition.unlock()
                return
            }
            let id = waiting.removeFirst()
            statuses[id]?.state = .running
            condition.unlock()
            run(id)
        }
    }

    private func run(_ id: String) {
        let directory = (folder as NSString).appendingPathComponent(id)
        do {
            var manifest = try Manifest(path: (directory as NSString).appendingPathComponent("manifest.jsonl"))
            manifest.allowsCaseFiles = false
            let runner = BatchRunner(pool: pool, fontsDirectory: fontsDirectory, options: BatchOptions(output: output(id), merge: true))
            let summary = try runner.run(manifest) { progress in
                self.update(id) { status in
                    status.total = progress.total
                    status.done = progress.done
                    status.failed = progress.failed
                }
            }
            let bytes = FileManager.default.contents(atPath: (output(id) as NSString).appendingPathComponent("summary.json")).map { [UInt8]($0) }
            update(id) { status in
                status.state = .done
                status.total = summary.total
                status.done = summary.total
                status.failed = summary.failed
                status.summary = bytes
                status.groups = summary.groups.map(\.name)
            }
        } catch {
            update(id) { status in
                status.state = .failed
                status.error = "\(error)"
            }
        }
    }
}
