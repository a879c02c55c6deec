import ArgumentParser
import QujatCommandLine
import Foundation
import Qujat
import QujatSign

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a signed PDF's signatures: signer, time, intact, whole file, trusted.",
        discussion: """
        Exit codes: 0 every signature is intact, covers the whole file and (with --trust) \
        reaches a trusted root; 1 a signature is not, or the file has none; 66 a file is \
        missing. Without --trust the chain is not checked (and the report says so).
        """
    )

    @Argument(help: "The signed PDF.")
    var input: String

    @Option(help: "A PEM file of trusted root certificates (repeatable).")
    var trust: [String] = []

    func run() throws {
        let reports: [SignatureReport]
        do throws(QujatError) {
            let pdf = try readFile(input)
            var roots: [Certificate] = []
            for path in trust {
                let text = try readFile(path)
                do throws(SignError) {
                    roots += try Certificate.pem(text)
                } catch {
                    throw .signing(SignError(error.kind, "\(path): \(error.message)"))
                }
            }
            reports = SignatureVerifier.verify(pdf, trust: roots)
        } catch {
            printError("qujat: \(error)")
            throw ExitCode(error.exitCode)
        }
        guard !reports.isEmpty else {
            print("\(input): no signature")
            throw ExitCode(1)
        }
        do {
            for (index, report) in reports.enumerated() {
                print("signature \(index + 1) of \(reports.count): \(report.isValid ? "VALID" : "NOT VALID")")
                print("  signer:    \(report.signer?.holder ?? "unknown (no certificate in the signature)")")
                if let signer = report.signer {
                    print("  certificate: serial \(signer.serialNumber), issued by \(signer.issuerCommonName ?? "?"), valid \(Certificate.show(signer.notBefore)) – \(Certificate.show(signer.notAfter))")
                }
                print("  time:      \(report.time ?? "not given")")
                print("  intact:    \(report.intact ? "yes" : "no")")
                print("  covers:    \(report.coversWholeFile ? "the whole file" : "part of the file: bytes were added after signing")")
                print("  trusted:   \(report.trusted.map { $0 ? "yes" : "no" } ?? "not checked (no --trust)")")
                for problem in report.problems { print("  problem:   \(problem)") }
            }
        }
        if !reports.allSatisfy(\.isValid) { throw ExitCode(1) }
    }
}
