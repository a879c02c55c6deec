import Foundation
import Qujat

/// A CUPS queue, reached with the `lp` client (so `CUPS_SERVER`, `/etc/cups/client.conf`
/// and `lpoptions` apply as for any other program on the machine).
struct PrintQueue {
    let name: String
    let duplex: Bool
    let options: [String]

    /// Sends every group's merged file that an earlier run has not already sent, and records
    /// the job ids in the journal and the summary.
    func printAll(_ groups: inout [BatchSummary.Group], folder: String, journal: BatchJournal) throws(QujatError) {
        for index in groups.indices {
            guard let file = groups[index].file else { continue }
            let path = (folder as NSString).appendingPathComponent(file)
            var key = Fingerprint()
            key.add(name)
            key.add(groups[index].contentKey)
            if let earlier = journal.printed[groups[index].name], earlier.key == key.hex {
                groups[index].printJob = earlier.job
                continue
            }
            let job = try send(path, title: groups[index].name)
            journal.recordPrinted(group: groups[index].name, key: key.hex, job: job)
            groups[index].printJob = job
        }
    }

    /// `lp -d QUEUE -t TITLE FILE`; returns the job id (`Qujat-PDF-12`).
    func send(_ path: String, title: String) throws(QujatError) -> String {
        var arguments = ["-d", name, "-t", title]
        if duplex { arguments += ["-o", "sides=two-sided-long-edge"] }
        for option in options { arguments += ["-o", option] }
        arguments.append(path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["lp"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do {
            try process.run()
        } catch {
            throw .printing("cannot run lp (install cups-client): \(error.localizedDescription)")
        }
        // Both pipes are read at once: read one to its end first and lp could block for ever
        // on the other, full, pipe.
        let complaintData = Locked(Data())
        let readDone = DispatchSemaphore(value: 0)
        Thread {
            complaintData.set(err.fileHandleForReading.readDataToEndOfFile())
            readDone.signal()
        }.start()
        let said = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        readDone.wait()
        process.waitUntilExit()
        let complaint = String(decoding: complaintData.value, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw .printing("printing \(path) on \(name) failed: \(complaint.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        // "request id is Qujat-PDF-12 (1 file(s))"
        guard let range = said.range(of: "request id is ") else {
            throw .printing("lp did not report a job id: \(said)")
        }
        return String(said[range.upperBound...].prefix { !$0.isWhitespace })
    }
}

/// A value shared with another thread behind a lock.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T { lock.withLock { stored } }
    func set(_ value: T) { lock.withLock { stored = value } }
}
