extension String {
    /// The text without leading and trailing spaces and tabs: what Foundation's
    /// `trimmingCharacters(in: .whitespaces)` returns (Unicode's White_Space characters that
    /// do not break a line: category Zs and the tab), cut at the same Unicode scalars. Foundation
    /// gets there by copying the text into UTF-16 and back, 13 000 instructions a call; reading
    /// a license's templates and schema makes over a hundred such calls.
    package func trimmingWhitespace() -> String {
        self[...].trimmingWhitespace()
    }
}

extension Substring {
    /// As `String.trimmingWhitespace()`.
    package func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isSpaceOrTab }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isSpaceOrTab })!
        return String(Substring(scalars[first...last]))
    }
}

extension Unicode.Scalar {
    /// A White_Space character that does not break a line, as CharacterSet.whitespaces has
    /// them: with U+200B ZERO WIDTH SPACE, which Foundation's Unicode tables still count.
    var isSpaceOrTab: Bool {
        switch value {
        case 0x09, 0x20, 0x200B: true
        case 0x00...0x7F: false
        case 0x85, 0x2028, 0x2029: false
        default: properties.isWhitespace
        }
    }
}
