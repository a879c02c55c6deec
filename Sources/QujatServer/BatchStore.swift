import Foundation
import Qujat
import QujatBatch

/// The server's batches. Each is a folder under `--data`/batches named by its id:
///
/// - `manifest.jsonl`: written durably before the server answers 202, so accepted work
///   survives `kill -9`;
/// - `out/`: the batch runner's files (its journal lets a rerun resume where it stopped);
///   `out/summary.json` is written last, so its presence means done;
/// - `failed.json`: why a batch failed as a whole (a bad manifest).
///
/// A server started on the same folder finds them again: finished batches answer as before,
/// unfinished ones are queued again and resume. SIGTERM checkpoints the running batch (no new
/// document starts; those in flight are committed) and it resumes at the next start.
/// Finished batches are deleted `retention` after they finished, or by `DELETE`.
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
        /// The batch runner's `summary.json`, read once when the batch is done.
        var summary: JSONValue?
        var groups: [String] = []
        var finishedAt: Date?

        var body: BatchStatusBody {
            BatchStatusBody(id: id, state: state.rawValue, total: total, done: done, failed: failed,
                            result: "/v1/batches/\(id)/result", error: error, summary: summary,
                            finishedAt: finishedAt.map { ISO8601DateFormatter().string(from: $0) })
        }
    }

    private let pool: RenderPool
    private let fontsDirectory: String
    let folder: String
    private let limit: Int
    private let retention: Duration
    private let condition = NSCondition()
    private var statuses: [String: Status] = [:]
    private var waiting: [String] = []
    /// Places taken by submissions still writing their manifest.
    private var reserved = 0
    private var running: (id: String, stop: BatchStop)?
    private var deleting: Set<String> = []
    private var stopped = false
    private var loopEnded = false

    init(pool: RenderPool, fontsDirectory: String, folder: String, limit: Int, retention: Duration = .seconds(86_400)) throws {
        self.pool = pool
        self.fontsDirectory = fontsDirectory
        self.folder = folder
        self.limit = limit
        self.retention = retention
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        recover()
        let thread = Thread { [self] in runLoop() }
        thread.name = "qujat-batches"
        thread.start()
    }

    /// A batch id is a lower-case UUID; anything else is never looked up on disk.
    static func isBatchID(_ text: String) -> Bool {
        text.count == 36 && UUID(uuidString: text) != nil && text == text.lowercased()
    }

    private func directory(_ id: String) -> String { (folder as NSString).appendingPathComponent(id) }
    private func file(_ id: String, _ name: String) -> String { (directory(id) as NSString).appendingPathComponent(name) }
    func output(_ id: String) -> String { file(id, "out") }

    /// Stores the manifest durably and queues the batch. Throws a 429 problem when the queue is full.
    func submit(_ manifest: [UInt8]) throws -> String {
        // The place in the queue is reserved under the lock, before the manifest is written.
        condition.lock()
        let full = waiting.count + reserved >= limit || stopped
        let waitingCount = waiting.count + reserved
        if !full { reserved += 1 }
        condition.unlock()
        guard !full else {
            throw Problem(status: .tooManyRequests, title: "Too many batches",
                          detail: "\(waitingCount) batches are waiting; try again later", retryAfter: 30)
        }
        let id = UUID().uuidString.lowercased()
        do {
            try FileManager.default.createDirectory(atPath: directory(id), withIntermediateDirectories: true)
            try AtomicFile.write(manifest, to: file(id, "manifest.jsonl"), durable: true)
            AtomicFile.syncFolder(folder)
        } catch {
            condition.lock()
            reserved -= 1
            condition.unlock()
            try? FileManager.default.removeItem(atPath: directory(id))
            throw error
        }
        condition.lock()
        defer { condition.unlock() }
        reserved -= 1
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

    /// Removes a batch and its files; a running one stops first. False when there is no such batch.
    func delete(_ id: String) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard statuses[id] != nil else { return false }
        statuses[id] = nil
        waiting.removeAll { $0 == id }
        if let running, running.id == id {
            deleting.insert(id)
            running.stop.request()
        } else {
            try? FileManager.default.removeItem(atPath: directory(id))
        }
        return true
    }

    /// SIGTERM: checkpoints the running batch, queues nothing more, and returns once the
    /// batch thread has ended (unfinished batches stay on disk and resume at the next start).
    func stop() {
        condition.lock()
        stopped = true
        running?.stop.request()
        condition.broadcast()
        while !loopEnded { condition.wait() }
        condition.unlock()
    }

    /// Reads the folder after a restart: finished batches, and unfinished ones to resume
    /// in the order they were accepted.
    private func recover() {
        let manager = FileManager.default
        var unfinished: [(Date, String)] = []
        for id in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] where Self.isBatchID(id) {
            guard let accepted = modified(file(id, "manifest.jsonl")) else {
                try? manager.removeItem(atPath: directory(id))  // killed before the 202
                continue
            }
            if let summary = manager.contents(atPath: (output(id) as NSString).appendingPathComponent("summary.json")) {
                statuses[id] = Self.finished(id, summary: [UInt8](summary), at: modified((output(id) as NSString).appendingPathComponent("summary.json")))
            } else if let failure = manager.contents(atPath: file(id, "failed.json")) {
                var status = Status(id: id, state: .failed, finishedAt: modified(file(id, "failed.json")))
                status.error = String(decoding: failure, as: UTF8.self)
                statuses[id] = status
            } else {
                statuses[id] = Status(id: id, state: .queued)
                unfinished.append((accepted, id))
            }
        }
        waiting = unfinished.sorted { $0.0 < $1.0 }.map(\.1)
    }

    private func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    private static func finished(_ id: String, summary bytes: [UInt8], at date: Date?) -> Status {
        let summary = JSONValue.parse(bytes)
        var status = Status(id: id, state: .done, summary: summary, finishedAt: date ?? Date())
        if let summary {
            status.total = summary["documents"]?["total"]?.int ?? 0
            status.done = status.total
            status.failed = summary["documents"]?["failed"]?.int ?? 0
            status.groups = summary["groups"]?.array?.compactMap { $0["name"]?.string } ?? []
        }
        return status
    }

    private func update(_ id: String, _ change: (inout Status) -> Void) {
        condition.lock()
        if var status = statuses[id] {
            change(&status)
            statuses[id] = status
        }
        condition.unlock()
    }

    /// Deletes finished batches older than the retention period.
    private func evictExpired() {
        let cutoff = Date().addingTimeInterval(-Double(retention.components.seconds))
        let expired = statuses.values.filter { ($0.finishedAt ?? .distantFuture) < cutoff }.map(\.id)
        for id in expired {
            statuses[id] = nil
            try? FileManager.default.removeItem(atPath: directory(id))
        }
    }

    private func runLoop() {
        condition.lock()
        while true {
            evictExpired()
            if stopped { break }
            if waiting.isEmpty {
                // Sweep for expired batches at least twice per retention period (at most every 30 s).
                let seconds = min(30, max(0.25, Double(retention.components.seconds) / 2))
                _ = condition.wait(until: Date().addingTimeInterval(seconds))
                continue
            }
            let id = waiting.removeFirst()
            let stop = BatchStop()
            running = (id, stop)
            statuses[id]?.state = .running
            condition.unlock()
            run(id, stop: stop)
            condition.lock()
            running = nil
            if deleting.remove(id) != nil { try? FileManager.default.removeItem(atPath: directory(id)) }
        }
        loopEnded = true
        condition.broadcast()
        condition.unlock()
    }

    private func run(_ id: String, stop: BatchStop) {
        do throws(QujatError) {
            var manifest = try Manifest(path: file(id, "manifest.jsonl"))
            manifest.allowsCaseFiles = false
            var options = BatchOptions(output: output(id), merge: true)
            options.stop = stop
            // One set of templates and fonts for the whole batch, whatever is reloaded meanwhile.
            let pinned = pool.pinned()
            let runner = BatchRunner(pool: pinned, fontsDirectory: pinned.current.fontsDirectory, options: options)
            _ = try runner.run(manifest) { progress in
                self.update(id) { status in
                    status.total = progress.total
                    status.done = progress.done
                    status.failed = progress.failed
                }
            }
            let path = (output(id) as NSString).appendingPathComponent("summary.json")
            let bytes = FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
            update(id) { $0 = Self.finished(id, summary: bytes, at: Date()) }
        } catch {
            if stop.isRequested {
                // Checkpointed: the journal has every committed document; it resumes at the next start.
                update(id) { $0.state = .queued }
                return
            }
            let message = "\(error)"
            try? AtomicFile.write(Array(message.utf8), to: file(id, "failed.json"), durable: true)
            update(id) { status in
                status.state = .failed
                status.error = message
                status.finishedAt = Date()
            }
        }
    }
}
