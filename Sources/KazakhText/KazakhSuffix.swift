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

    static let vowels = backVowels.union(frontVowels)
    static let nasals: Set<Character> = ["м", "н", "ң"]

    /// The stem's last letter, lower-cased.
    static func last(_ stem: String) -> Character? { stem.lowercased().last }

    /// The genitive suffix (ілік септік): -ның/-нің after a vowel or м н ң, -тың/-тің after a
    /// voiceless consonant (and б в г д), -дың/-дің after the other consonants (л р у й ж з):
    /// қарашаның, желтоқсанның, қыркүйектің, тамыздың, сәуірдің.
    static func genitive(_ stem: String) -> String {
        let front = isFront(stem)
        guard let end = last(stem) else { return front ? "нің" : "ның" }
        let first: String
        if vowels.contains(end) || nasals.contains(end) { first = "н" }
        else if voiceless.contains(end) || ["б", "в", "г", "д"].contains(end) { first = "т" }
        else { first = "д" }
        return first + (front ? "ің" : "ың")
    }

    /// The dative suffix (барыс септік): -қа/-ке after a voiceless consonant, else -ға/-ге:
    /// қарашаға, желтоқсанға, қыркүйекке, сәуірге.
    static func dative(_ stem: String) -> String {
        let front = isFront(stem)
        if endsVoiceless(stem) { return front ? "ке" : "қа" }
        return front ? "ге" : "ға"
    }

    /// The ablative suffix (шығыс септік): -нан/-нен after м н ң, -тан/-тен after a voiceless
    /// consonant, else -дан/-ден: желтоқсаннан, маусымнан, қыркүйектен, қарашадан.
    static func ablative(_ stem: String) -> String {
        let front = isFront(stem)
        guard let end = last(stem) else { return front ? "ден" : "дан" }
        let first = nasals.contains(end) ? "н" : (voiceless.contains(end) ? "т" : "д")
        return first + (front ? "ен" : "ан")
    }
}
