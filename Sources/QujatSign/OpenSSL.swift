import COpenSSL
import CQujatCrypto
import Foundation

/// Small bridges to libcrypto: DER of certificates and names, strings, times, errors.
/// Everything that holds an OpenSSL object frees it in its own `deinit`.
enum OpenSSL {
    /// libcrypto loaded now if it is not yet (CQujatCrypto loads it at the first call): the
    /// entry points call this first, so that a machine without it gets an error, not an exit.
    static func load() throws(SignError) {
        if let why = qujat_crypto_load() { throw SignError(.crypto, String(cString: why)) }
    }

    /// The reason of OpenSSL's most recent error, and the queue cleared.
    static func lastError() -> String {
        let code = ERR_peek_last_error()
        defer { ERR_clear_error() }
        guard code != 0 else { return "no detail from OpenSSL" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The DER encoding an `i2d_…` function writes.
    static func der(_ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) -> [UInt8]? {
        let count = encode(nil)
        guard count > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(count))
        let written = bytes.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            return encode(&cursor)
        }
        return written == count ? bytes : nil
    }

    /// The object a `d2i_…` function reads from all of `der`, or nil (the error queue cleared).
    static func decode(_ der: [UInt8], _ read: (UnsafeMutablePointer<UnsafePointer<UInt8>?>, Int) -> OpaquePointer?) -> OpaquePointer? {
        let object = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return read(&cursor, buffer.count)
        }
        if object == nil { ERR_clear_error() }
        return object
    }

    static func sha256(_ parts: [UInt8]...) -> [UInt8] {
        let context = EVP_MD_CTX_new()
        defer { EVP_MD_CTX_free(context) }
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        for part in parts { part.withUnsafeBytes { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) } }
        var digest = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &digest, &length)
        return digest
    }

    /// An ASN.1 string as UTF-8 (names in certificates are often BMPStrings).
    static func text(_ string: UnsafePointer<ASN1_STRING>?) -> String? {
        guard let string else { return nil }
        var out: UnsafeMutablePointer<UInt8>?
        let count = ASN1_STRING_to_UTF8(&out, string)
        guard count >= 0, let out else { return nil }
        defer { CRYPTO_free(out, #file, #line) }
        return String(decoding: UnsafeBufferPointer(start: out, count: Int(count)), as: UTF8.self)
    }

    static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date? {
        guard let time else { return nil }
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    /// Certificates of an OpenSSL stack, each with a reference of its own.
    static func certificates(_ stack: OpaquePointer?) -> [Certificate] {
        guard let stack else { return [] }
        return (0..<OPENSSL_sk_num(stack)).compactMap { index in
            OPENSSL_sk_value(stack, index).map { Certificate(retaining: OpaquePointer($0)) }
        }
    }
}

/// SHA-256 for callers outside this module (API tokens, audit lines).
public enum SHA256Digest {
    public static func bytes(_ data: [UInt8]) -> [UInt8] { OpenSSL.sha256(data) }

    public static func hex(_ data: [UInt8]) -> String { PDFSignature.hex(OpenSSL.sha256(data)).lowercased() }
}
