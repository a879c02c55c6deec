import Foundation
import Qujat

/// A CUPS queue, reached with the `lp` client (so `CUPS_SERVER`, `/etc/cups/client.conf`
/// and `lpoptions` apply as for any other program on the machine).
struct PrintQueue {
    let name: String
    let duplex: Bool
    let options: [String]
    /// `lp`'s environment (nil: this process's). Tests put a fake `lp` first on its `PATH`.
    var environment: [String: String]? = nil

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
        if let environment { process.environment = environment }
        // One pipe for both of lp's outputs, read to its end: nothing waits on a second, full,
        // pipe (reading stdout to its end first while lp wrote more than a pipe holds to stderr
        // hung for ever), and no thread or lock is needed to read two at once.
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            throw .printing("cannot run lp (install cups-client): \(error.localizedDescription)")
        }
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .printing("printing \(path) on \(name) failed: \(Self.ending(said))")
        }
        // "request id is Qujat-PDF-12 (1 file(s))"
        guard let range = said.range(of: "request id is ") else {
            throw .printing("lp did not report a job id: \(Self.ending(said))")
        }
        return String(said[range.upperBound...].prefix { !$0.isWhitespace })
    }

    /// What lp said, trimmed, and only its end if it said a lot: its complaint comes last.
    static func ending(_ said: String) -> String {
        let text = said.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.count > 2_000 ? "…" + text.suffix(2_000) : text
    }
}
