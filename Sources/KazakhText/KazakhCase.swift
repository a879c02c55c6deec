/// Case and possessive endings for names written in case data: the genitive of an
/// organisation («… облысы бойынша филиалы» → «… филиалының») and the third-person possessive
/// of what belongs to it («№ 3 бөлім» → «№ 3 бөлімі»), so a form can say «филиалының № 3
/// бөлімі» from the names as the case gives them (in the nominative).
///
/// The ending follows the last word. After a closing quote or bracket, a digit or an
/// abbreviation in capitals it is joined with a hyphen, as Kazakh spelling does
/// («"Ақ жол" ЖШС-ның», «КЕАҚ-тың»); after a lower-case letter it is joined directly.
public enum KazakhCase {
    /// The phrase in the genitive (ілік септік): «филиалы» → «филиалының», «басқармасы» →
    /// «басқармасының», «мекеме» → «мекеменің», «КЕАҚ» → «КЕАҚ-тың».
    public static func genitive(_ phrase: String) -> String {
        attach(phrase) { KazakhSuffix.genitive($0) }
    }

    /// The phrase with the third-person possessive ending: -ы/-і after a consonant, -сы/-сі
    /// after a vowel: «№ 3 бөлім» → «№ 3 бөлімі», «бөлімше» → «бөлімшесі»; a final қ к п
    /// becomes ғ г б before it: «орталық» → «орталығы».
    public static func possessive(_ phrase: String) -> String {
        var text = phrase.trimmingTrailingSpace
        if let last = text.last, let voiced = ["қ": "ғ", "к": "г", "п": "б"][last] {
            text.removeLast()
            let stem = text + String(voiced)
            let front = KazakhSuffix.isFront(stem)
            return stem + (front ? "і" : "ы")
        }
        return attach(text) { stem in
            let front = KazakhSuffix.isFront(stem)
            let vowelEnd = KazakhSuffix.last(stem).map { KazakhSuffix.vowels.contains($0) } ?? false
            return (vowelEnd ? "с" : "") + (front ? "і" : "ы")
        }
    }

    private static func attach(_ phrase: String, _ suffix: (String) -> String) -> String {
        let trimmed = phrase.trimmingTrailingSpace
        guard let last = trimmed.last else { return phrase }
        let word = trimmed.split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" }).last.map(String.init) ?? trimmed
        let letters = String(word.filter { $0.isLetter })
        guard !letters.isEmpty else { return trimmed }
        let lowerLetter = last.isLetter && last.isLowercase
        return trimmed + (lowerLetter ? "" : "-") + suffix(letters.lowercased())
    }
}

private extension String {
    var trimmingTrailingSpace: String {
        var result = self
        while let last = result.last, last == " " || last == "\u{00A0}" { result.removeLast() }
        return result
    }
}
