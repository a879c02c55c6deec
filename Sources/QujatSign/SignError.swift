/// Why a PDF could not be signed, prepared, embedded into or verified. The message says
/// what is wrong in words a clerk or an administrator can act on.
public struct SignError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The key file cannot be read, or the password is wrong.
        case key
        /// The certificate is expired, not yet valid, or not for signing (key usage).
        case certificate
        /// The PDF was not written by Qujat (or is signed already): no place for a signature.
        case notQujatPDF
        /// The CMS is not a detached signature of the prepared bytes, or does not fit.
        case cms
        /// OpenSSL failed where it should not.
        case crypto
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// A `crypto` error with OpenSSL's own reason appended (and its error queue cleared).
    static func openSSL(_ what: String) -> SignError {
        SignError(.crypto, "\(what): \(OpenSSL.lastError())")
    }
}
