import ArgumentParser
import QujatCommandLine
import Foundation
import Qujat
import QujatSign

/// `--sign-key KEY.p12 --sign-password-file FILE [--signing-time TIME]`: the password is read
/// from a file (never from the command line, where `ps` shows it), and never printed.
struct SigningOptions: ParsableArguments {
    @Option(help: "Sign the PDF with this PKCS#12 key (PAdES B-B, SHA-256; RSA or ECDSA).")
    var signKey: String?

    @Option(help: "A file holding the key's password (its first line).")
    var signPasswordFile: String?

    @Option(help: "The signing time, ISO 8601 (2026-11-30T10:00:00Z); default the case's signature.signed_at, else now. The same case, RSA key and time give the same bytes.")
    var signingTime: String?

    @Option(help: "Prepare the PDF for an outside signer (NCALayer, an HSM) with this certificate (PEM) on its stamp; needs --to-be-signed.")
    var signerCert: String?

    @Option(help: "With --signer-cert: where to write the bytes the outside signer signs.")
    var toBeSigned: String?

    func validate() throws {
        if signKey != nil && signPasswordFile == nil {
            throw ValidationError("--sign-key needs --sign-password-file (the password is never taken on the command line)")
        }
        if signKey != nil && signerCert != nil {
            throw ValidationError("--sign-key signs here; --signer-cert prepares for an outside signer: give one")
        }
        if (signerCert == nil) != (toBeSigned == nil) {
            throw ValidationError("--signer-cert and --to-be-signed go together")
        }
        if signKey == nil && signerCert == nil && (signPasswordFile != nil || signingTime != nil) {
            throw ValidationError("--sign-password-file and --signing-time go with --sign-key (or --signing-time with --signer-cert)")
        }
        if let signingTime, Self.date(signingTime) == nil {
            throw ValidationError("--signing-time must be ISO 8601 with a zone, such as 2026-11-30T10:00:00Z")
        }
    }

    /// The key, read once; nil without --sign-key.
    func key() throws(QujatError) -> SigningKey? {
        guard let signKey, let signPasswordFile else { return nil }
        return try loadSigningKey(signKey, passwordFile: signPasswordFile)
    }

    var time: Date { signingTime.flatMap(Self.date) ?? Date() }

    /// The time given on the command line, if any (else the case's, else now).
    var explicitTime: Date? { signingTime.flatMap(Self.date) }

    /// The outside signer's certificate, for the stamp; nil without --signer-cert.
    func outsideSigner() throws(QujatError) -> Certificate? {
        guard let signerCert else { return nil }
        let text = try readFile(signerCert)
        do throws(SignError) {
            return try Certificate.pem(text).first
        } catch {
            throw .signing(SignError(error.kind, "\(signerCert): \(error.message)"))
        }
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
