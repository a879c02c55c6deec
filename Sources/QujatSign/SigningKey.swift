import COpenSSL
import Foundation

/// A system key for signing on this machine: the private key, its certificate and the
/// chain, read from a PKCS#12 file. RSA (PKCS#1 v1.5, as NCA RK's RSA keys sign) and ECDSA
/// (P-256), both with SHA-256.
///
/// The key is read once and kept; `Sendable` because libcrypto's keys are immutable once
/// loaded and may sign from several threads at once (each call has its own context).
public final class SigningKey: @unchecked Sendable {
    let key: OpaquePointer
    public let certificate: Certificate
    /// The issuers, as the PKCS#12 file holds them (embedded in every signature).
    public let chain: [Certificate]

    /// - Parameters:
    ///   - pkcs12: the file's bytes (`.p12`, `.pfx`).
    ///   - password: its password (never logged, never put into an error message).
    public init(pkcs12: [UInt8], password: String) throws(SignError) {
        try OpenSSL.load()
        guard let file = OpenSSL.decode(pkcs12, { d2i_PKCS12(nil, $0, $1) }) else {
            throw SignError(.key, "the key file is not a PKCS#12 (.p12) file")
        }
        defer { PKCS12_free(file) }
        guard PKCS12_verify_mac(file, password, Int32(password.utf8.count)) == 1 else {
            ERR_clear_error()
            throw SignError(.key, "wrong password for the key file")
        }
        var key: OpaquePointer?, x509: OpaquePointer?, stack: OpaquePointer?
        guard PKCS12_parse(file, password, &key, &x509, &stack) == 1, let key, let x509 else {
            throw SignError.openSSL("cannot read the key file")
        }
        self.key = key
        certificate = Certificate(owning: x509)
        chain = OpenSSL.certificates(stack)
        if let stack { OPENSSL_sk_pop_free(stack) { X509_free(OpaquePointer($0)) } }
        guard X509_check_private_key(x509, key) == 1 else {
            throw SignError(.key, "the key file's private key does not belong to its certificate")
        }
        guard algorithm != nil else {
            throw SignError(.key, "the key is neither RSA nor ECDSA; Qujat signs with those two (GOST keys sign outside: `qujat sign prepare` and `embed`)")
        }
        try certificate.checkSigningUsage()
    }

    deinit { EVP_PKEY_free(key) }

    /// The signature algorithm identifier SignerInfo names for this key.
    var algorithm: [UInt8]? {
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA: DER.algorithm(OID.rsaEncryption, nullParameters: true)
        case EVP_PKEY_EC: DER.algorithm(OID.ecdsaWithSHA256)
        default: nil
        }
    }

    /// The SHA-256 signature of `message` (RSA: deterministic; ECDSA: randomized).
    func sign(_ message: [UInt8]) throws(SignError) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw SignError.openSSL("no digest context") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else { throw SignError.openSSL("cannot start signing") }
        var length = 0
        guard message.withUnsafeBufferPointer({ EVP_DigestSign(context, nil, &length, $0.baseAddress, $0.count) }) == 1 else {
            throw SignError.openSSL("cannot size the signature")
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard message.withUnsafeBufferPointer({ EVP_DigestSign(context, &signature, &length, $0.baseAddress, $0.count) }) == 1 else {
            throw SignError.openSSL("signing failed")
        }
        return Array(signature.prefix(length))
    }
}
