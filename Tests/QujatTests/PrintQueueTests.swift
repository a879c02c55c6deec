import Foundation
import Qujat
@testable import QujatBatch
import Testing

/// `PrintQueue` against a fake `lp` (a shell script first on its PATH).
@Suite("print queue")
struct PrintQueueTests {
    /// An environment whose PATH finds `script` as `lp` first; `calls` is where it logs its arguments.
    static func fakeLP(_ script: String) throws -> (environment: [String: String], calls: URL) {
        let folder = temporaryFolder()
        let calls = folder.appendingPathComponent("calls")
        let lp = folder.appendingPathComponent("lp")
        try ("#!/bin/sh\necho \"$@\" >> '\(calls.path)'\n" + script).write(to: lp, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: lp.path)
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = folder.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return (environment, calls)
    }

    /// `body` on a thread of its own; nil if it has not returned within `seconds` (it hangs).
    static func within<T: Sendable>(_ seconds: Double = 60, _ body: @escaping @Sendable () throws(QujatError) -> T) -> Result<T, QujatError>? {
        let result = Shared<Result<T, QujatError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread {
            let value = Result { () throws(QujatError) in try body() }
            result.update { $0 = value }
            done.signal()
        }.start()
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return result.value
    }

    static func send(_ queue: PrintQueue, _ path: String) -> Result<String, QujatError>? {
        within { () throws(QujatError) in try queue.send(path, title: "dept-1") }
    }

    static let twoHundredKiB = "head -c 204800 /dev/zero | tr '\\0' 'w'"

    @Test("lp writing more than a pipe holds to stderr before its job id does not hang the batch")
    func bigStderrFirst() throws {
        let (environment, calls) = try Self.fakeLP("""
            \(Self.twoHundredKiB) >&2
            echo "request id is Fake-7 (1 file(s))"
            """)
        var queue = PrintQueue(name: "Fake", duplex: true, options: ["media=A4"])
        queue.environment = environment
        let result = Self.send(queue, "/tmp/merged/dept-1.pdf")
        #expect(result != nil, "send hung: lp blocked on a full stderr pipe")
        #expect(try result?.get() == "Fake-7")
        let arguments = try String(contentsOf: calls, encoding: .utf8)
        #expect(arguments == "-d Fake -t dept-1 -o sides=two-sided-long-edge -o media=A4 /tmp/merged/dept-1.pdf\n")
    }

    @Test("lp failing after a flood on stdout: a printing error with what it said")
    func failureAfterBigStdout() throws {
        let (environment, _) = try Self.fakeLP("""
            \(Self.twoHundredKiB)
            echo "lp: The printer or class does not exist." >&2
            exit 1
            """)
        var queue = PrintQueue(name: "Nowhere", duplex: false, options: [])
        queue.environment = environment
        let result = try #require(Self.send(queue, "/tmp/x.pdf"), "send hung")
        guard case .failure(.printing(let message)) = result else {
            Issue.record("expected a printing error, got \(result)")
            return
        }
        #expect(message.hasPrefix("printing /tmp/x.pdf on Nowhere failed: "))
        #expect(message.hasSuffix("lp: The printer or class does not exist."))
        #expect(message.count < 2_200, "the message quotes the end of what lp said, not all 200 KiB")
    }

    @Test("a group printed once is not sent again while its content stays the same")
    func printedOnce() throws {
        let (environment, calls) = try Self.fakeLP("""
            \(Self.twoHundredKiB) >&2
            echo "request id is Fake-$(wc -l < "$(dirname "$0")/calls" | tr -d ' ') (1 file(s))"
            """)
        let queue = PrintQueue(name: "Fake", duplex: false, options: [], environment: environment)
        let folder = temporaryFolder().path
        /// printAll with a journal opened anew, as a rerun of the batch would.
        func printAll(_ keys: [String]) throws -> [String?] {
            let groups = zip(["dept-1", "dept-2"], keys).map { name, key in
                var group = BatchSummary.Group(name: name, documents: 1, pages: 1, file: "merged/\(name).pdf")
                group.contentKey = key
                return group
            }
            let printed = try #require(Self.within { () throws(QujatError) in
                var groups = groups
                try queue.printAll(&groups, folder: folder, journal: try BatchJournal(folder: folder))
                return groups.map(\.printJob)
            }, "printAll hung")
            return try printed.get()
        }
        #expect(try printAll(["a", "b"]) == ["Fake-1", "Fake-2"])
        #expect(try printAll(["a", "changed"]) == ["Fake-1", "Fake-3"])
        #expect(try String(contentsOf: calls, encoding: .utf8).split(separator: "\n").count == 3)
    }
}
