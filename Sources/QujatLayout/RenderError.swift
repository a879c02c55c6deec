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
        /// Content taller than a page that cannot be split between lines.
        case layout
        /// The caller cancelled the render (`RenderLimits.cancellation`).
        case cancelled
        /// The document went past a `RenderLimits` limit (pages or time); the message names it.
        case limit
    }

    public let kind: Kind
    public let message: String
    /// For `missingGlyph`: the characters no font has.
    public let characters: [Unicode.Scalar]

    public init(_ kind: Kind, _ message: String, characters: [Unicode.Scalar] = []) {
        self.kind = kind
        self.message = message
        self.characters = characters
    }

    public var description: String { message }

    /// `'漢' U+6F22, '字' U+5B57`, or "a character" for none.
    public static func names(of characters: [Unicode.Scalar]) -> String {
        guard !characters.isEmpty else { return "a character" }
        return characters.map { "'\($0)' U+\(String($0.value, radix: 16, uppercase: true))" }.joined(separator: ", ")
    }
}
