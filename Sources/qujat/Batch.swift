import ArgumentParser
import QujatCommandLine
import Foundation
import Qujat
import QujatSign
import QujatBatch
import QujatCase

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a manifest of cases: one PDF per document, print files per group, a printer.",
        discussion: """
        MANIFEST is JSON Lines, one document a line: {"id": "doc-00017", "group": "dept-2", \
        "copies": 2, "case": {…}} or "case_file": "path.json" (relative to the manifest) instead \
        of "case". It may also be a folder of case files (id = file name).

        Writes OUT/<id>.pdf, OUT/errors.jsonl (one line per failed document), OUT/summary.json, \
        and with --merge OUT/merged/<group>.pdf (all.pdf for documents without a group). \
        Run the same command again after an interruption to finish the batch.

        Exit codes: 0 all rendered; 65 some documents failed (the rest are done); 66 manifest \
        missing; 69 printing failed; 70 internal error.
        """
    )

    enum ProgressStyle: String, ExpressibleByArgument, CaseIterable {
        case auto, json, none
    }

    @Argument(help: "Manifest (.jsonl) or a folder of case files.")
    var manifest: String

    @Option(name: [.customLong("out"), .short], help: "Output folder.")
    var out: String

    @Flag(help: "Also write one print file per group, in manifest order, with an outline entry per document.")
    var merge = false

    @Flag(help: "Add blank back pages so that every document (and each copy) starts on a new sheet.")
    var duplex = false

    @Option(help: "Worker threads (default: one per core).")
    var jobs: Int?

    @Option(name: .customLong("print"), help: "Send each group's print file to this CUPS queue (implies --merge).")
    var printer: String?

    @Option(name: .customLong("print-option"), help: "An extra lp -o option, e.g. media=A4 (repeatable).")
    var printOptions: [String] = []

    @Option(help: "A progress bar on a terminal (auto), JSON lines on standard output (json), or nothing.")
    var progress: ProgressStyle = .auto

    @OptionGroup var resources: ResourceOptions

    @Option(help: "Sign each document's own file with this PKCS#12 key (merged print files are not signed).")
    var signKey: String?

    @Option(help: "A file holding the signing key's password (its first line).")
    var signPasswordFile: String?

    @Option(help: "The signing time of every document, ISO 8601; default each case's signature.signed_at, else now.")
    var signingTime: String?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if (signKey == nil) != (signPasswordFile == nil) {
            throw ValidationError("--sign-key and --sign-password-file go together (the password is never taken on the command line)")
        }
        if let signingTime {
            guard signKey != nil else { throw ValidationError("--signing-time goes with --sign-key") }
            guard SigningOptions.date(signingTime) != nil else {
                throw ValidationError("--signing-time must be ISO 8601 with a zone, such as 2026-11-30T10:00:00Z")
            }
        }
    }

    func run() throws {
        do {
            let source = try Manifest(path: manifest)
            let fonts = try Resources.fontsDirectory(resources.fonts)
            let pool = try RenderPool(templates: try resources.library(), fontsDirectory: fonts, workers: jobs)
            defer { pool.shutdown() }
            var options = BatchOptions(output: out, merge: merge, duplex: duplex, printer: printer)
            options.printOptions = printOptions
            if let signKey, let signPasswordFile {
                let key = try loadSigningKey(signKey, passwordFile: signPasswordFile)
                options.signingKey = key
                options.signingTime = signingTime.flatMap(SigningOptions.date)
                // A certificate that cannot sign now fails the batch before it starts.
                do throws(SignError) {
                    try key.certificate.checkValidity(at: options.signingTime ?? Date())
                } catch {
                    throw QujatError.signing(error)
                }
            }
            let runner = BatchRunner(pool: pool, fontsDirectory: fonts, options: options)
            var display = ProgressDisplay(style: progress)
            let summary = try runner.run(source) { display.show($0) }
            display.finish(summary)
            if !summary.succeeded {
                printError("qujat: \(summary.failed) of \(summary.total) documents failed; see \((out as NSString).appendingPathComponent("errors.jsonl"))")
                throw ExitCode(QujatError.invalidCase(CaseError([])).exitCode)
            }
        } catch let error as QujatError {
            printError("qujat: \(error)")
            throw ExitCode(error.exitCode)
        }
    }
}

/// The batch's progress: a bar with count, rate and ETA on a terminal, JSON lines for
/// programs, nothing in a CI log.
struct ProgressDisplay {
    let style: Batch.ProgressStyle
    private let terminal = isatty(STDERR_FILENO) == 1
    private var last = ContinuousClock.now - .seconds(10)

    init(style: Batch.ProgressStyle) {
        self.style = style
    }

    mutating func show(_ progress: BatchProgress) {
        let now = ContinuousClock.now
        let final = progress.done == progress.total
        switch style {
        case .none:
            return
        case .json:
            guard final || now - last >= .seconds(1) else { return }
            last = now
            Self.writeLine(line(progress))
        case .auto:
            guard terminal, final || now - last >= .milliseconds(100) else { return }
            last = now
            let width = 30
            let filled = progress.total > 0 ? width * progress.done / progress.total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            let eta = progress.remaining.map { Self.clock($0) } ?? "--:--"
            var text = "\r\(bar) \(progress.done)/\(progress.total)  \(Int(progress.rate.rounded())) doc/s  ETA \(eta)"
            if progress.failed > 0 { text += "  failed \(progress.failed)" }
            FileHandle.standardError.write(Data((text + "\u{1B}[K").utf8))
        }
    }

    func finish(_ summary: BatchSummary) {
        if style == .auto && terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        let rate = summary.seconds > 0 ? Double(summary.rendered) / summary.seconds : 0
        var text = "\(summary.total) documents: \(summary.rendered) rendered, \(summary.resumed) already done, \(summary.failed) failed; "
        text += "\(summary.pages) pages in \(String(format: "%.1f", summary.seconds)) s (\(Int(rate.rounded())) doc/s)"
        for group in summary.groups where group.printJob != nil {
            text += "\n  \(group.name): printed as \(group.printJob!)"
        }
        if style == .json {
            Self.writeLine(JSONLine.encode(DoneLine(total: summary.total, rendered: summary.rendered, resumed: summary.resumed,
                                                    failed: summary.failed, pages: summary.pages, seconds: summary.seconds)))
        } else if style == .auto {
            printError(text)
        }
    }

    /// One line to standard output, written at once: `print` would hold it in stdio's
    /// buffer, which for a pipe is flushed only when full or at exit.
    private static func writeLine(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes + [0x0A]))
    }

    private func line(_ progress: BatchProgress) -> [UInt8] {
        JSONLine.encode(ProgressLine(done: progress.done, total: progress.total, failed: progress.failed, resumed: progress.resumed,
                                     rate: (progress.rate * 10).rounded() / 10,
                                     etaSeconds: progress.remaining.map { ($0 * 10).rounded() / 10 }))
    }

    static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
            : String(format: "%d:%02d", total / 60, total % 60)
    }
}

/// `--progress json`: one object a line, keys sorted.
enum JSONLine {
    static func encode(_ line: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return [UInt8]((try? encoder.encode(line)) ?? Data("{}".utf8))
    }
}

/// `{"done":40,"eta_seconds":12.5,"event":"progress","failed":0,"rate":161.2,"resumed":0,"total":2000}`
struct ProgressLine: Encodable {
    var event = "progress"
    var done: Int
    var total: Int
    var failed: Int
    var resumed: Int
    /// Documents per second, to a tenth.
    var rate: Double
    /// Absent until there is a rate.
    var etaSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case event, done, total, failed, resumed, rate
        case etaSeconds = "eta_seconds"
    }
}

/// `{"event":"done","failed":0,"pages":3120,"rendered":2000,"resumed":0,"seconds":12.41,"total":2000}`
struct DoneLine: Encodable {
    var event = "done"
    var total: Int
    var rendered: Int
    var resumed: Int
    var failed: Int
    var pages: Int
    var seconds: Double
}
