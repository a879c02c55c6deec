import COpenSSL
import Foundation

/// What `qujat verify` says of one signature.
public struct SignatureReport: Sendable {
    /// The signer's certificate, when the CMS carries it.
    public var signer: Certificate?
    /// The signature dictionary's /M, as written (`D:20261130100000+00'00'`).
    public var time: String?
    /// The signed bytes are unchanged and the signature is the signer key's.
    public var intact: Bool
    /// The signature covers the whole file (nothing was appended after it).
    public var coversWholeFile: Bool
    /// With trusted roots given: whether the signer's chain reaches one; nil without.
    public var trusted: Bool?
    /// Why not intact or not trusted, in OpenSSL's words.
    public var problems: [String]

    /// Intact, covering the file, and trusted when roots were given.
    public var isValid: Bool { intact && coversWholeFile && trusted != false }
}

public enum SignatureVerifier {
    /// Checks every signature of a PDF.
    /// - Parameter trust: root certificates; without them the chain is not checked.
    public static func verify(_ pdf: [UInt8], trust: [Certificate] = []) -> [SignatureReport] {
        var store: OpaquePointer?
        if !trust.isEmpty {
            store = X509_STORE_new()
            for root in trust { X509_STORE_add_cert(store, root.x509) }
            // NCA certificates name their own extended usages; any purpose is accepted.
            X509_STORE_set_purpose(store, X509_PURPOSE_ANY)
        }
        defer { if let store { X509_STORE_free(store) } }
        return SignatureField.all(in: pdf).map { field in
            var report = SignatureReport(signer: nil, time: field.time, intact: false,
                                         coversWholeFile: field.coversWholeFile, trusted: nil, problems: [])
            if !field.coversWholeFile { report.problems.append("the file was changed after this signature (bytes appended)") }
            guard let der = field.cms else {
                report.problems.append(field.contents.allSatisfy { $0 == 0x30 } ? "the signature is empty (prepared, never signed)" : "the signature is not a CMS")
                return report
            }
            let parsed: CMSCheck.Parsed
            do throws(SignError) {
                parsed = try CMSCheck.Parsed(der)
            } catch {
                report.problems.append(error.message)
                return report
            }
            report.signer = parsed.signer
            let content = field.signed(pdf)
            if let why = parsed.verify(content, store: nil) {
                report.problems.append(why.contains("content verify error")
                    ? "not intact: the signed bytes were changed after signing (their digest no longer matches)"
                    : "not intact: \(why)")
            } else {
                report.intact = true
            }
            if let store {
                if let why = parsed.verify(content, store: store) {
                    report.trusted = false
                    if report.intact { report.problems.append("not trusted: \(why)") }
                } else {
                    report.trusted = true
                }
            }
            return report
        }
    }
}
