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
        // Each pattern runs only when the text has the sign it needs (most paragraphs have none).
        let signs = Signs(text)
        guard signs.any else { return [] }
        let characters = Array(text)
        var indices = Array(text.indices)
        indices.append(text.endIndex)
        var found: [Range<Int>] = []
        for match in signs.url ? Pattern.url.matches(in: characters) : [] {
            var start = match.lowerBound
            // «https://host/» is one piece: the first break comes after the host.
            var index = start + (characters[match.lowerBound + 4] == "s" ? 8 : 7)
            while index < match.upperBound {
                if "/?&".contains(characters[index]) || index + 1 == match.upperBound {
                    found.append(start..<(index + 1))
                    start = index + 1
                }
                index += 1
            }
        }
        // Other stretches may overlap each other (the attributes then simply overlap), but not an
        // address's pieces, whose ends are its only break points. Linear in the matches.
        let addresses = found
        let patterns = [(signs.number, Pattern.number), (signs.numbered, Pattern.numbered),
                        (signs.initials, Pattern.initials), (signs.phone, Pattern.phone)]
        for (present, pattern) in patterns where present {
            for match in pattern.matches(in: characters) where addresses.isEmpty || !addresses.contains(where: { $0.overlaps(match) }) {
                found.append(match)
            }
        }
        return found.filter { $0.count > 1 && $0.count <= maximumLength }
            .sorted { $0.lowerBound < $1.lowerBound }
            .map { indices[$0.lowerBound]..<indices[$0.upperBound] }
    }

    /// One pass over the UTF-8 bytes: which patterns can match at all.
    struct Signs {
        var url = false, number = false, numbered = false, initials = false, phone = false
        var any: Bool { url || number || numbered || initials || phone }

        init(_ text: String) {
            var previous: UInt8 = 0
            var beforePrevious: UInt8 = 0
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "/") where previous == UInt8(ascii: "/") && beforePrevious == UInt8(ascii: ":"): url = true
                case 0x96 where previous == 0x84 && beforePrevious == 0xE2: number = true  // «№» is E2 84 96
                case UInt8(ascii: "-") where (0x30...0x39).contains(previous): numbered = true
                case UInt8(ascii: ".") where Self.endsCapital(beforePrevious, previous): initials = true
                case UInt8(ascii: "0")...UInt8(ascii: "9") where previous == UInt8(ascii: "("): phone = true
                case UInt8(ascii: "7") where previous == UInt8(ascii: "+"): phone = true
                default: break
                }
                beforePrevious = previous
                previous = byte
            }
            // A phone number may also be digits only: «8 7112 24 15 60» is rare, and is then breakable.
        }

        /// Whether the two bytes before a «.» end a capital letter (Latin, Russian or Kazakh).
        static func endsCapital(_ lead: UInt8, _ last: UInt8) -> Bool {
            if (0x41...0x5A).contains(last) { return true }
            switch lead {
            case 0xD0: return (0x90...0xAF).contains(last) || last == 0x81 || last == 0x86  // А–Я, Ё, І
            case 0xD2: return [0x92, 0x9A, 0xA2, 0xAE, 0xB0, 0xBA].contains(last)         // Ғ Қ Ң Ү Ұ Һ
            case 0xD3: return last == 0x98 || last == 0xA8                                 // Ә Ө
            default: return false
            }
        }
    }
}
