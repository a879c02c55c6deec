import COpenSSL
import Foundation

/// An X.509 certificate and what a Kazakh reader looks for in it: the holder's name, IIN
/// (`serialNumber=IIN…`) and organization with its BIN (`OU=BIN…`), as NCA RK writes them.
public final class Certificate: @unchecked Sendable {
    // Immutable once made; libcrypto's X509 objects may be read from several threads.
    let x509: OpaquePointer

    /// Takes over a reference the caller already holds.
    init(owning x509: OpaquePointer) { self.x509 = x509 }

    /// Adds a reference of its own.
    convenience init(retaining x509: OpaquePointer) {
        X509_up_ref(x509)
        self.init(owning: x509)
    }

    deinit { X509_free(x509) }

    /// Reads PEM certificates (one file may hold several).
    public static func pem(_ text: [UInt8]) throws(SignError) -> [Certificate] {
        try OpenSSL.load()
        var result: [Certificate] = []
        let bio = text.withUnsafeBytes { BIO_new_mem_buf($0.baseAddress, Int32($0.count)) }
        defer { BIO_free(bio) }
        while let x509 = PEM_read_bio_X509(bio, nil, nil, nil) {
            result.append(Certificate(owning: x509))
        }
        ERR_clear_error()
        guard !result.isEmpty else { throw SignError(.certificate, "no PEM certificate found") }
        return result
    }

    public var der: [UInt8] { OpenSSL.der { i2d_X509(x509, $0) } ?? [] }

    /// `CN`, the holder as NCA writes it (for people: «ТӨСЕКБАЕВ ҚАЙРАТ»).
    public var commonName: String? { subject(NID_commonName) }
    /// `serialNumber=IIN…`: the holder's IIN, without the prefix.
    public var iin: String? { subject(NID_serialNumber).flatMap { Self.number(after: "IIN", in: $0) } }
    /// `OU=BIN…`: the organization's BIN, without the prefix.
    public var bin: String? { subject(NID_organizationalUnitName).flatMap { Self.number(after: "BIN", in: $0) } }
    /// `O`: the organization.
    public var organization: String? { subject(NID_organizationName) }
    public var issuerCommonName: String? { name(X509_get_issuer_name(x509), NID_commonName) }

    /// The certificate's serial number in hexadecimal, as NCA's tools show it.
    public var serialNumber: String {
        guard let bignum = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x509), nil) else { return "?" }
        defer { BN_free(bignum) }
        guard let hex = BN_bn2hex(bignum) else { return "?" }
        defer { CRYPTO_free(hex, #file, #line) }
        return String(cString: hex).lowercased()
    }

    public var notBefore: Date? { OpenSSL.date(X509_get0_notBefore(x509)) }
    public var notAfter: Date? { OpenSSL.date(X509_get0_notAfter(x509)) }

    /// The holder, the way a stamp or a report names them: CN, with the IIN or BIN.
    public var holder: String {
        var parts = [commonName ?? "?"]
        if let iin { parts.append("ЖСН \(iin)") }
        if let organization { parts.append(organization) }
        if let bin { parts.append("БСН \(bin)") }
        return parts.joined(separator: ", ")
    }

    /// Whether the certificate was valid at `time`, or why not.
    public func checkValidity(at time: Date) throws(SignError) {
        var seconds = time_t(time.timeIntervalSince1970)
        if X509_cmp_time(X509_get0_notBefore(x509), &seconds) > 0 {
            throw SignError(.certificate, "the certificate of \(commonName ?? "the signer") is not valid before \(Self.show(notBefore)); the signing time is \(Self.show(time))")
        }
        if X509_cmp_time(X509_get0_notAfter(x509), &seconds) < 0 {
            throw SignError(.certificate, "the certificate of \(commonName ?? "the signer") expired on \(Self.show(notAfter)); the signing time is \(Self.show(time))")
        }
    }

    /// A signing certificate must allow digital signatures or non-repudiation (when it
    /// says what it is for at all).
    func checkSigningUsage() throws(SignError) {
        let usage = X509_get_key_usage(x509)
        guard usage == UInt32.max || usage & UInt32(KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION) != 0 else {
            throw SignError(.certificate, "the certificate of \(commonName ?? "the signer") is not for signing: its key usage has neither digitalSignature nor nonRepudiation")
        }
    }

    private func subject(_ nid: Int32) -> String? { name(X509_get_subject_name(x509), nid) }

    private func name(_ name: OpaquePointer?, _ nid: Int32) -> String? {
        guard let name else { return nil }
        let index = X509_NAME_get_index_by_NID(name, nid, -1)
        guard index >= 0, let entry = X509_NAME_get_entry(name, index) else { return nil }
        return OpenSSL.text(UnsafePointer(X509_NAME_ENTRY_get_data(entry)))
    }

    private static func number(after prefix: String, in text: String) -> String? {
        guard text.hasPrefix(prefix) else { return nil }
        let digits = text.dropFirst(prefix.count)
        return digits.isEmpty ? nil : String(digits)
    }

    /// A date as ISO 8601, or «?».
    public static func show(_ date: Date?) -> String {
        guard let date else { return "?" }
        return ISO8601DateFormatter().string(from: date)
    }
}
