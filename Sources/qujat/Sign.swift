import ArgumentParser
import QujatCommandLine
import Foundation
import Qujat
import QujatSign

/// `qujat sign prepare` and `qujat sign embed`: the route for keys that never leave their
/// holder (NCALayer in a browser, an HSM).
struct Sign: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sign a Qujat PDF with a key held elsewhere: prepare, sign outside, embed.",
        discussion: """
        qujat sign prepare IN.pdf -o PREPARED.pdf --to-be-signed TBS.bin; have TBS.bin signed \
        (a detached CMS: NCALayer, an HSM, openssl cms -sign -binary -md sha256 -outform DER); \
        qujat sign embed PREPARED.pdf --cms SIG.p7s -o SIGNED.pdf. Exit codes: 65 the PDF was \
        not written by Qujat, or the CMS is not a detached signature of the prepared bytes or \
        does not fit; 66 an input is missing; 74 an output could not be written.
        """,
        subcommands: [Prepare.self, Embed.self]
    )

    struct Prepare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append an empty signature; write the exact bytes it will cover.")

        @Argument(help: "A PDF written by qujat render (unsigned).")
        var input: String

        @Option(name: .shortAndLong, help: "The prepared PDF.")
        var output: String

        @Option(help: "Where to write the bytes to sign (the PDF without the signature's placeholder).")
        var toBeSigned: String

        @Option(help: "Room for the CMS, in bytes.")
        var capacity = PDFSignature.defaultCapacity

        @Option(help: "The signing time written into the signature (ISO 8601); default now.")
        var signingTime: String?

        func validate() throws {
            guard (1024...1_048_576).contains(capacity) else { throw ValidationError("--capacity must be from 1024 to 1048576") }
            if let signingTime, SigningOptions.date(signingTime) == nil {
                throw ValidationError("--signing-time must be ISO 8601 with a zone, such as 2026-11-30T10:00:00Z")
            }
        }

        func run() throws {
            do throws(QujatError) {
                let pdf = try readFile(input)
                let prepared: PreparedPDF
                do throws(SignError) {
                    prepared = try PDFSignature.prepare(pdf, time: signingTime.flatMap(SigningOptions.date) ?? Date(), capacity: capacity)
                } catch {
                    throw .signing(error)
                }
                try OutputFile.write([(output, prepared.bytes), (toBeSigned, prepared.toBeSigned)])
            } catch {
                printError("qujat: \(error)")
                throw ExitCode(error.exitCode)
            }
        }
    }

    struct Embed: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an outside signer's detached CMS into a prepared PDF.")

        @Argument(help: "The PDF from qujat sign prepare.")
        var input: String

        @Option(help: "The detached CMS (DER; base64 or PEM is accepted too).")
        var cms: String

        @Option(name: .shortAndLong, help: "The signed PDF.")
        var output: String

        func run() throws {
            do throws(QujatError) {
                let prepared = try readFile(input)
                let signature = CMSInput.der(try readFile(cms))
                let result: (pdf: [UInt8], warnings: [String])
                do throws(SignError) {
                    result = try PDFSignature.embed(signature, into: prepared)
                } catch {
                    throw .signing(error)
                }
                for warning in result.warnings { printError("qujat: warning: \(warning)") }
                try OutputFile.write(result.pdf, to: output)
            } catch {
                printError("qujat: \(error)")
                throw ExitCode(error.exitCode)
            }
        }
    }
}

/// NCALayer returns base64; openssl writes DER or PEM. All three are read.
enum CMSInput {
    static func der(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.first != 0x30 else { return bytes }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.contains("-----BEGIN") {
            text = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        }
        let compact = text.filter { !$0.isWhitespace }
        return Data(base64Encoded: compact).map { [UInt8]($0) } ?? bytes
    }
}
