/// Stretches of text a line must never be broken inside, as Kazakh documents write them:
///
/// - «№ 139» — the sign with its number;
/// - «14-кеңсе», «8-қосымша», «20-бабының» — a number with its hyphenated ending;
/// - «А.Н. Сейтқали», «Ж.Б. Оспанова» — initials with the surname;
/// - «8 (7112) 24-15-60», «+7 701 555 12 34» — a phone number;
/// - an address (URL) breaks only after «/», «?» or «&»: each piece between them is kept whole.
///
/// A stretch longer than `maximumLength` characters is left breakable: kept whole it could
/// not fit a line and would run off the page.
public enum LineBreaks {
    public static let maximumLength = 40

    /// The stretches of `text` to keep on one line, in order, not overlapping.
    public static func unbreakable(in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        for match in text.matches(of: url) {
            var start = match.range.lowerBound
            // «https://host/» is one piece: the first break comes after the host.
            var index = text[match.range].firstRange(of: "://").map { $0.upperBound } ?? start
            while index < match.range.upperBound {
                let next = text.index(after: index)
                if "/?&".contains(text[index]) || next == match.range.upperBound {
                    found.append(start..<next)
                    start = next
                }
                index = next
            }
        }
        for pattern in [number, numbered, initials, phone] {
            for match in text.matches(of: pattern) where !found.contains(where: { $0.overlaps(match.range) }) {
                found.append(match.range)
            }
        }
        return found.filter { text[$0].count > 1 && text[$0].count <= maximumLength }.sorted { $0.lowerBound < $1.lowerBound }
    }

    // A space, or a no-break space.
    nonisolated(unsafe) static let url = /https?:\/\/[^\s«»"]+/
    nonisolated(unsafe) static let number = /№[ \u{00A0}]*[^\s,;:()«»]+/
    nonisolated(unsafe) static let numbered = /\d+-\p{L}+/
    nonisolated(unsafe) static let initials = /(?:\p{Lu}\.){1,3}[ \u{00A0}]?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?/
    nonisolated(unsafe) static let phone = /(?:\+7|8)[ \u{00A0}]?\(?\d{3,4}\)?[ \u{00A0}]?\d{2,3}[- \u{00A0}]?\d{2}[- \u{00A0}]?\d{2}/
}
