/// Why a document could not be rendered. The message names the text or setting at fault.
public struct RenderError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// `Fonts/` is missing, empty or unreadable.
        case fonts
        /// A font family the document asks for is not in `Fonts/`.
        case missingFamily
        /// A character that no font in `Fonts/` has.
        case missingGlyph
        /// The QR payload could not be encoded.
        case qrCode
        /// Cairo reported a failure.
        case cairo
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
