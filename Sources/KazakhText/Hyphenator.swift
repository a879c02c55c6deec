/// Syllable-based hyphenation of Kazakh (Cyrillic) words.
///
/// The rule, kept deliberately simple:
/// - Vowels are а ә е ё и о ө у ұ ү ы і э ю я. A syllable has one vowel.
/// - и or у right after a vowel is a glide (a consonant) that stays with the preceding syllable: жау-ап, сау-лық.
/// - Between two vowels: no consonant → split between the vowels (жи-ыр-ма); one consonant → it opens the next
///   syllable (ба-ла); two or more → only the last opens the next syllable (қыз-мет, айт-ты, VCC-CV).
/// - ь and ъ never open a syllable (объ-ект, паль-то).
/// - Words under 6 letters get no breaks, and no break leaves fewer than 2 letters on either side.
public enum Hyphenator {
    static let vowels: Set<Character> = Set("аәеёиоөуұүыіэюяАӘЕЁИОӨУҰҮЫІЭЮЯ")
    static let glides: Set<Character> = Set("иуИУ")
    static let signs: Set<Character> = Set("ьъЬЪ")
    /// The shortest word that gets break points.
    static let minimumWord = 6
    /// The fewest letters a break may leave on either side.
    static let minimumPart = 2

    /// Syllable-based break opportunities inside a Kazakh (Cyrillic) word: indices (in Characters) before which a
    /// hyphen may go, ascending. Words shorter than 6 letters, words with anything but Cyrillic letters, and breaks
    /// that would leave fewer than 2 letters on either side get none. денсаулық → [3, 6] (ден-сау-лық).
    public static func breakPoints(_ word: String) -> [Int] {
        let letters = Array(word)
        let n = letters.count
        guard n >= minimumWord, letters.allSatisfy(isCyrillicLetter) else { return [] }

        var vowelPositions: [Int] = []
        var isGlide = [Bool](repeating: false, count: n)
        for (i, letter) in letters.enumerated() where vowels.contains(letter) {
            if glides.contains(letter), vowelPositions.last == i - 1 {
                isGlide[i] = true
            } else {
                vowelPositions.append(i)
            }
        }

        var points: [Int] = []
        for (a, b) in zip(vowelPositions, vowelPositions.dropFirst()) {
            let consonants = b - a - 1
            var point: Int
            switch consonants {
            case 0: point = b
            case 1: point = isGlide[a + 1] ? b : a + 1
            default: point = b - 1
            }
            while point < b && signs.contains(letters[point]) { point += 1 }
            if point >= minimumPart && n - point >= minimumPart { points.append(point) }
        }
        return points
    }

    /// `text` with U+00AD SOFT HYPHEN at every break point of every word of 6+ letters. Words are runs of letters;
    /// digits, punctuation, spaces and words with non-Cyrillic letters are left as they are, so removing every
    /// U+00AD gives back `text`.
    public static func softHyphenated(_ text: String) -> String {
        var result = ""
        var word: [Character] = []
        func flush() {
            let points = Set(breakPoints(String(word)))
            for (i, letter) in word.enumerated() {
                if points.contains(i) { result.append("\u{00AD}") }
                result.append(letter)
            }
            word.removeAll(keepingCapacity: true)
        }
        for character in text {
            if character.isLetter {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }

    /// Whether `c` is a letter from the Cyrillic blocks (U+0400–U+052F).
    static func isCyrillicLetter(_ c: Character) -> Bool {
        guard c.isLetter, let first = c.unicodeScalars.first else { return false }
        return (0x0400...0x052F).contains(first.value)
    }
}
