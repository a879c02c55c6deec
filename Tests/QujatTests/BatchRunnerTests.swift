import Foundation
import Qujat
@testable import QujatBatch
import Testing

/// A clock that moves `step` on every reading, and counts them.
final class SteppingClock: @unchecked Sendable {
    private let lock = NSLock()
    private let origin = ContinuousClock.now
    private let step: Duration
    private var readings = 0

    init(step: Duration) {
        self.step = step
    }

    func now() -> ContinuousClock.Instant {
        lock.withLock {
            readings += 1
            return origin + step * readings
        }
    }
}

/// A value set on one thread and read on another.
final class Shared<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T { lock.withLock { stored } }
    func update(_ change: (inout T) -> Void) { lock.withLock { change(&stored) } }
}

/// Threads of this process with this name (`/proc/self/task/*/comm`).
func threads(named name: String) -> Int {
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
    return tasks.filter {
        (try? String(contentsOfFile: "/proc/self/task/\($0)/comm", encoding: .utf8))?.trimmingCharacters(in: .newlines) == name
    }.count
}

/// Waits up to `seconds` for no thread of that name to be left; true if none is.
func noThreads(named name: String, within seconds: Double = 10) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while threads(named: name) > 0 {
        if Date() > deadline { return false }
        usleep(10_000)
    }
    return true
}

/// In-process batches that count threads: one at a time, so no test sees another's.
@Suite("batch runner", .serialized, .timeLimit(.minutes(10)))
struct BatchRunnerTests {
    @Test("summary.seconds comes from one reading of the clock, and summary.json agrees with it")
    func secondsFromOneReading() throws {
        let manifest = try InProcessBatch.manifest(count: 5, groups: 1)
        let pool = try InProcessBatch.pool()
        defer { pool.shutdown() }
        let out = temporaryFolder().appendingPathComponent("out")
        // 1.25 s a reading: whole seconds from one reading and the fraction from another (the
        // bug: `(now - start).components.attoseconds` + `(now - start).components.seconds`)
        // can never add up to a multiple of 1.25.
        let clock = SteppingClock(step: .milliseconds(1250))
        var runner = InProcessBatch.runner(pool, output: out)
        runner.now = { clock.now() }
        var elapsed: [Double] = []
        let summary = try runner.run(manifest) { elapsed.append($0.elapsed.inSeconds) }
        func isStep(_ seconds: Double) -> Bool {
            let steps = seconds / 1.25
            return steps >= 1 && abs(steps - steps.rounded()) < 1e-9
        }
        #expect(summary.rendered == 5)
        #expect(isStep(summary.seconds), "\(summary.seconds)")
        #expect(elapsed.count == 5 && elapsed.allSatisfy(isStep), "\(elapsed)")
        #expect(summary.seconds > elapsed.last ?? .infinity)
        let written = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as! [String: Any]
        #expect(written["seconds"] as? Double == summary.seconds)
        #expect(written["documents_per_second"] as? Double == (5 / summary.seconds * 10).rounded() / 10)
    }

    @Test("a batch that throws after starting the merge thread stops it, leaves no print file, and frees its folder",
          arguments: ["stopped before the first document", "stopped after five documents", "pool shut down"])
    func mergeThreadStopped(how: String) throws {
        let manifest = try InProcessBatch.manifest(count: 40, groups: 2)
        let pool = try InProcessBatch.pool()
        defer { pool.shutdown() }
        let out = temporaryFolder().appendingPathComponent("out")
        let stop = BatchStop()
        switch how {
        case "stopped before the first document": stop.request()
        case "pool shut down": pool.shutdown()
        default: break
        }
        let runner = InProcessBatch.runner(pool, output: out, merge: true, stop: stop)
        let started = ContinuousClock.now
        var threw: QujatError?
        do throws(QujatError) {
            _ = try runner.run(manifest) { progress in
                if progress.done == 5 { stop.request() }
            }
        } catch {
            threw = error
        }
        guard case .unavailable = threw else {
            Issue.record("expected .unavailable, got \(String(describing: threw))")
            return
        }
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(noThreads(named: "qujat-test-mrg"), "the merge thread is still running")
        let merged = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("merged").path)
        #expect(merged.isEmpty, "\(merged)")

        // The folder is free: the same batch, run again, finishes it.
        let pool2 = try InProcessBatch.pool()
        defer { pool2.shutdown() }
        let summary = try InProcessBatch.runner(pool2, output: out, merge: true).run(manifest)
        #expect(summary.rendered + summary.resumed == 40 && summary.failed == 0)
        #expect(summary.groups.map(\.file) == ["merged/dept-0.pdf", "merged/dept-1.pdf"])
        #expect(noThreads(named: "qujat-test-mrg"))
    }

    @Test("render (async) runs on a thread of its own and gives what run gives")
    func asyncRender() async throws {
        let manifest = try InProcessBatch.manifest(count: 6, groups: 2)
        let pool = try InProcessBatch.pool()
        defer { pool.shutdown() }
        let out = temporaryFolder().appendingPathComponent("out")
        let names = Shared<Set<String>>([])
        let summary = try await InProcessBatch.runner(pool, output: out, merge: true).render(manifest) { _ in
            let name = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "?"
            names.update { $0.insert(name.trimmingCharacters(in: .newlines)) }
        }
        #expect(summary.rendered == 6 && summary.groups.count == 2)
        #expect(names.value == ["qujat-batch"])
        #expect(noThreads(named: "qujat-batch") && noThreads(named: "qujat-test-mrg"))

        let again = temporaryFolder().appendingPathComponent("out")
        let blocking = try InProcessBatch.runner(pool, output: again, merge: true).run(manifest)
        #expect(blocking.rendered == summary.rendered && blocking.pages == summary.pages)
        #expect(try outputFiles(again) == (try outputFiles(out)))
    }

    @Test("cancelling render's task stops the batch with .cancelled; running it again finishes it")
    func asyncCancel() async throws {
        let manifest = try InProcessBatch.manifest(count: 120, groups: 1)
        let pool = try InProcessBatch.pool(workers: 1)
        defer { pool.shutdown() }
        let out = temporaryFolder().appendingPathComponent("out")
        let runner = InProcessBatch.runner(pool, output: out, merge: true)
        let done = Shared(0)
        // The batch waits at its third document until the task is cancelled (120 licenses
        // took 0.7 s: polling from the test could see the batch finish first).
        let resume = DispatchSemaphore(value: 0)
        let task = Task {
            try await runner.render(manifest) { progress in
                done.update { $0 = progress.done }
                if progress.done == 3 { resume.wait() }
            }
        }
        #expect(await eventually { done.value >= 3 }, "the batch never reached its third document")
        task.cancel()
        resume.signal()
        let result = await task.result
        guard case .failure(let error) = result, case .cancelled? = error as? QujatError else {
            Issue.record("expected .cancelled, got \(result)")
            return
        }
        #expect(done.value < 120)
        #expect(noThreads(named: "qujat-batch") && noThreads(named: "qujat-test-mrg"))

        let summary = try runner.run(manifest)
        #expect(summary.resumed >= 3 && summary.resumed + summary.rendered == 120)
    }
}
