import Testing
import KazakhText

/// The word with "-" at its break points.
func hyphenated(_ word: String) -> String {
    let points = Set(Hyphenator.breakPoints(word))
    var result = ""
    for (i, letter) in word.enumerated() {
        if points.contains(i) { result += "-" }
        result.append(letter)
    }
    return result
}

@Suite struct HyphenatorTests {
    @Test(arguments: [
        ("денсаулық", "ден-сау-лық"),
        ("қызметке", "қыз-мет-ке"),
        ("жауапкершілігі", "жау-ап-кер-ші-лі-гі"),
        ("медициналық", "ме-ди-ци-на-лық"),
        ("лицензиялау", "ли-цен-зи-я-лау"),
        ("мемлекеттік", "мем-ле-кет-тік"),
        ("құжаттар", "құ-жат-тар"),
        ("жиырмасы", "жи-ыр-ма-сы"),
        ("Қазақстан", "Қа-зақс-тан"),      // V C C C V → VCC-CV
        ("ҚАЗАҚСТАН", "ҚА-ЗАҚС-ТАН"),
        ("объектілер", "объ-ек-ті-лер"),
        ("пальтолар", "паль-то-лар"),
        ("бұйрығы", "бұй-ры-ғы"),
        ("қаулысы", "қау-лы-сы"),
        ("министрлігінің", "ми-нистр-лі-гі-нің"),
        ("қыркүйек", "қыр-кү-йек"),
        ("ақпарат", "ақ-па-рат"),
        ("айтты", "айтты"),                // 5 letters: too short
        ("қазақ", "қазақ"),
        ("бала", "бала"),
        ("астана", "ас-та-на"),
        ("алмаат", "ал-ма-ат"),
        ("оқиға", "оқиға"),
        ("Hyphenation", "Hyphenation"),  // not Cyrillic
        ("денсаулық2", "денсаулық2"),    // not only letters
        ("", ""),
    ])
    func breaks(_ word: String, _ expected: String) {
        #expect(hyphenated(word) == expected)
    }

    @Test(arguments: ["денсаулық", "медициналық", "лицензиялау", "жауапкершілігі", "Қазақстан", "ұйымдастырушылар",
                      "электрондық", "коммуникациялық", "иеленушісі", "ауылшаруашылығы", "уақытша"])
    func partsJoinBackAndKeepTwoLetters(_ word: String) {
        let points = Hyphenator.breakPoints(word)
        let count = word.count
        #expect(points == points.sorted())
        #expect(Set(points).count == points.count)
        #expect(points.allSatisfy { $0 >= 2 && count - $0 >= 2 })
        #expect(!points.isEmpty)
        let parts = hyphenated(word).split(separator: "-")
        #expect(parts.joined() == word)
    }

    @Test func softHyphenatedSentence() {
        let text = "Денсаулық сақтау министрлігінің 2026 жылғы 23 қарашадағы № 15-бұйрығы (Qujat, v1.0): қызметке!"
        let result = Hyphenator.softHyphenated(text)
        #expect(result.filter { $0 != "\u{00AD}" } == text)
        #expect(Array(result.unicodeScalars.filter { $0 != "\u{00AD}" }) == Array(text.unicodeScalars))
        #expect(result.hasPrefix("Ден\u{00AD}сау\u{00AD}лық сақ\u{00AD}тау "))
        #expect(result.contains("ми\u{00AD}нистр\u{00AD}лі\u{00AD}гі\u{00AD}нің 2026 жылғы 23 қа\u{00AD}ра\u{00AD}ша\u{00AD}да\u{00AD}ғы № 15-бұй\u{00AD}ры\u{00AD}ғы (Qujat, v1.0): қыз\u{00AD}мет\u{00AD}ке!"))
    }

    @Test(arguments: ["", "2026", "№ 15, 16.", "Qujat PDF renderer", "бала мен ана", "ауыл."])
    func untouchedText(_ text: String) {
        #expect(Hyphenator.softHyphenated(text) == text)
    }
}
