/// Choice of Kazakh case-suffix variants by vowel harmony and by the stem's last sound.
///
/// Harmony: the LAST vowel of the stem decides. Back vowels а о ұ ы у я ю ё → back variant (-да, -ғы);
/// front vowels ә ө ү і е э и → front variant (-де, -гі). A stem with no vowel counts as back.
///
/// Last sound: after a voiceless consonant (к қ п с т ф х ц ч ш щ) the suffix starts with т-;
/// after a vowel, a sonorant (й л м н ң р у) or a voiced consonant it starts with д-.
enum KazakhSuffix {
    static let backVowels: Set<Character> = ["а", "о", "ұ", "ы", "у", "я", "ю", "ё"]
    static let frontVowels: Set<Character> = ["ә", "ө", "ү", "і", "е", "э", "и"]
    static let voiceless: Set<Character> = ["к", "қ", "п", "с", "т", "ф", "х", "ц", "ч", "ш", "щ"]

    /// Whether the last vowel of `stem` is a front vowel.
    static func isFront(_ stem: String) -> Bool {
        for ch in stem.lowercased().reversed() {
            if frontVowels.contains(ch) { return true }
            if backVowels.contains(ch) { return false }
        }
        return false
    }

    /// Whether `stem` ends in a voiceless consonant.
    static func endsVoiceless(_ stem: String) -> Bool {
        guard let last = stem.lowercased().last else { return false }
        return voiceless.contains(last)
    }

    /// The locative suffix for `stem`: -да, -де, -та or -те.
    static func locative(_ stem: String) -> String {
        (endsVoiceless(stem) ? "т" : "д") + (isFront(stem) ? "е" : "а")
    }

    /// The attributive ending after a locative: -ғы (back) or -гі (front).
    static func attributive(_ stem: String) -> String {
        isFront(stem) ? "гі" : "ғы"
    }
}
