extension LineBreaks {
    /// The stretches as patterns of characters, matched as the regular expressions
    ///
    ///     url       https?://[^\s«»"]+
    ///     number    №[ \u{A0}]*[^\s,;:()«»]+
    ///     numbered  \d+-\p{L}+
    ///     initials  (?:\p{Lu}\.){1,3}[ \u{A0}]?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?
    ///     phone     (?:\+7|8)[ \u{A0}]?\(?\d{3,4}\)?[ \u{A0}]?\d{2,3}[- \u{A0}]?\d{2}[- \u{A0}]?\d{2}
    ///
    /// would be with Swift's `Regex` (leftmost match first, then the next after its end; the
    /// tests compare the two on seeded random texts). Swift's regexes were compiled at a
    /// process's first paragraph and matched slowly: 2.5 ms of a cold render.
    ///
    /// A pattern is a list of alternatives tried in order at each position (a regex's
    /// alternation, and its greedy counted group and optional tail written out longest
    /// first); an alternative is a row of character classes, each with a count.
    struct Pattern: Sendable {
        var alternatives: [[Element]]

        struct Element: Sendable {
            var matches: @Sendable (Character) -> Bool
            var least = 1
            /// nil: unbounded, and then never given back: in every pattern here the class after
            /// such a run cannot match what the run took, so backtracking would gain nothing.
            var most: Int? = 1
        }

        /// The matches in `characters`, leftmost first, each starting after the last's end.
        func matches(in characters: [Character]) -> [Range<Int>] {
            var found: [Range<Int>] = []
            var start = 0
            while start < characters.count {
                if let end = firstMatch(in: characters, at: start) {
                    found.append(start..<end)
                    start = max(end, start + 1)
                } else if alternatives.count == 1, let first = alternatives[0].first, first.most == nil {
                    // A start inside the same run would take the run to the same end and fail
                    // there too: go past it (a run of 200 000 digits stays linear).
                    var end = start
                    while end < characters.count, first.matches(characters[end]) { end += 1 }
                    start = max(end, start + 1)
                } else {
                    start += 1
                }
            }
            return found
        }

        private func firstMatch(in characters: [Character], at start: Int) -> Int? {
            for alternative in alternatives {
                if let end = Self.match(alternative[...], in: characters, at: start) { return end }
            }
            return nil
        }

        /// The end of the longest-first match of `elements` at `index`, backtracking over
        /// counted classes.
        private static func match(_ elements: ArraySlice<Element>, in characters: [Character], at index: Int) -> Int? {
            guard let element = elements.first else { return index }
            var taken = 0
            while element.most.map({ taken < $0 }) ?? true, index + taken < characters.count,
                  element.matches(characters[index + taken]) {
                taken += 1
            }
            if element.most == nil {
                return taken >= element.least ? match(elements.dropFirst(), in: characters, at: index + taken) : nil
            }
            while taken >= element.least {
                if let end = match(elements.dropFirst(), in: characters, at: index + taken) { return end }
                taken -= 1
            }
            return nil
        }
    }
}

extension LineBreaks.Pattern {

    static func literal(_ text: String) -> [Element] {
        text.map { wanted in Element(matches: { $0 == wanted }) }
    }

    // The classes, as Swift's regexes read them on a string's characters.
    static let space: @Sendable (Character) -> Bool = { $0 == " " || $0 == "\u{A0}" }
    static let digit: @Sendable (Character) -> Bool = { $0.isNumber }
    static let letter: @Sendable (Character) -> Bool = { isLetterCategory(firstScalar($0)) }
    static let upper: @Sendable (Character) -> Bool = { firstScalar($0).properties.generalCategory == .uppercaseLetter }
    static let lower: @Sendable (Character) -> Bool = { firstScalar($0).properties.generalCategory == .lowercaseLetter }

    static func firstScalar(_ character: Character) -> Unicode.Scalar { character.unicodeScalars.first! }

    static func isLetterCategory(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    static let url = Self(alternatives: [
        literal("http") + [Element(matches: { $0 == "s" }, least: 0)] + literal("://")
            + [Element(matches: { !$0.isWhitespace && !"«»\"".contains($0) }, most: nil)],
    ])

    static let number = Self(alternatives: [
        literal("№") + [Element(matches: space, least: 0, most: nil),
                        Element(matches: { !$0.isWhitespace && !",;:()«»".contains($0) }, most: nil)],
    ])

    static let numbered = Self(alternatives: [
        [Element(matches: digit, most: nil)] + literal("-") + [Element(matches: letter, most: nil)],
    ])

    static let initials: Self = {
        let initial = [Element(matches: upper), Element(matches: { $0 == "." })]
        let name = [Element(matches: upper), Element(matches: lower, most: nil)]
        let head = [Element(matches: space, least: 0)] + name
        // (?:\p{Lu}\.){1,3} longest first, and for each count the optional «-Name» first.
        return Self(alternatives: [3, 2, 1].flatMap { count in
            let initials = Array(repeating: initial, count: count).flatMap { $0 }
            return [initials + head + literal("-") + name, initials + head]
        })
    }()

    static let phone: Self = {
        func digits(_ least: Int, _ most: Int) -> Element { Element(matches: digit, least: least, most: most) }
        let rest = [Element(matches: space, least: 0), Element(matches: { $0 == "(" }, least: 0), digits(3, 4),
                    Element(matches: { $0 == ")" }, least: 0), Element(matches: space, least: 0), digits(2, 3),
                    Element(matches: { $0 == "-" || space($0) }, least: 0), digits(2, 2),
                    Element(matches: { $0 == "-" || space($0) }, least: 0), digits(2, 2)]
        return Self(alternatives: [literal("+7") + rest, literal("8") + rest])
    }()
}
