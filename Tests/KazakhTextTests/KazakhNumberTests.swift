import Testing
import KazakhText

@Suite struct KazakhNumberTests {
    @Test(arguments: [
        (0, "нөл"), (1, "бір"), (9, "тоғыз"), (10, "он"), (11, "он бір"), (15, "он бес"), (20, "жиырма"),
        (21, "жиырма бір"), (30, "отыз"), (40, "қырық"), (50, "елу"), (60, "алпыс"), (70, "жетпіс"), (80, "сексен"),
        (90, "тоқсан"), (99, "тоқсан тоғыз"), (100, "жүз"), (101, "жүз бір"), (110, "жүз он"), (200, "екі жүз"),
        (345, "үш жүз қырық бес"), (999, "тоғыз жүз тоқсан тоғыз"), (1000, "мың"), (1001, "мың бір"),
        (1500, "мың бес жүз"), (2000, "екі мың"), (10_000, "он мың"), (11_000, "он бір мың"),
        (43_250, "қырық үш мың екі жүз елу"), (100_000, "жүз мың"), (101_000, "жүз бір мың"),
        (1_000_000, "бір миллион"), (1_000_001, "бір миллион бір"), (1_001_000, "бір миллион бір мың"),
        (1_100_000, "бір миллион жүз мың"), (2_000_001, "екі миллион бір"), (100_000_000, "жүз миллион"),
        (1_000_000_000, "бір миллиард"), (1_000_001_000, "бір миллиард бір мың"),
        (1_001_001_001, "бір миллиард бір миллион бір мың бір"),
        (999_999_999_999, "тоғыз жүз тоқсан тоғыз миллиард тоғыз жүз тоқсан тоғыз миллион тоғыз жүз тоқсан тоғыз мың тоғыз жүз тоқсан тоғыз"),
    ])
    func words(_ n: Int, _ expected: String) {
        #expect(KazakhNumber.words(n) == expected)
    }

    /// The «бір» rule: hundreds never take «бір»; a bare 1 thousand at the head is «мың»;
    /// after millions it is «бір мың»; «бір миллион» and «бір миллиард» always keep «бір».
    @Test func birRule() {
        #expect(KazakhNumber.words(100) == "жүз")
        #expect(KazakhNumber.words(1000) == "мың")
        #expect(KazakhNumber.words(1500) == "мың бес жүз")
        #expect(KazakhNumber.words(1_001_000) == "бір миллион бір мың")
        #expect(KazakhNumber.words(5_001_000_000) == "бес миллиард бір миллион")
        #expect(KazakhNumber.words(3_000_001_000) == "үш миллиард бір мың")
        #expect(KazakhNumber.words(1_000_000)?.hasPrefix("бір ") == true)
        #expect(KazakhNumber.words(1_000_000_000)?.hasPrefix("бір ") == true)
        for n in stride(from: 0, through: 999_999_999_999, by: 7_777_777_777) + Array(0...3000) {
            let w = KazakhNumber.words(n) ?? ""
            #expect(!w.contains("бір жүз"), "\(n): \(w)")
            #expect(!w.hasPrefix("бір мың"), "\(n): \(w)")
        }
    }

    @Test(arguments: [-1, -1000, 1_000_000_000_000, Int.max, Int.min])
    func outOfRange(_ n: Int) {
        #expect(KazakhNumber.words(n) == nil)
        #expect(KazakhNumber.withWords(n) == nil)
        #expect(KazakhNumber.money(n) == nil)
    }

    /// Reads the words back into a number, to check `words` on many values.
    static func parse(_ text: String) -> Int? {
        let units = ["бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9]
        let tens = ["он": 10, "жиырма": 20, "отыз": 30, "қырық": 40, "елу": 50, "алпыс": 60, "жетпіс": 70,
                    "сексен": 80, "тоқсан": 90]
        if text == "нөл" { return 0 }
        var total = 0, group = 0
        for word in text.split(separator: " ").map(String.init) {
            if let v = units[word] ?? tens[word] { group += v; continue }
            switch word {
            case "жүз": group = (group == 0 ? 1 : group) * 100
            case "мың": total += (group == 0 ? 1 : group) * 1000; group = 0
            case "миллион": total += group * 1_000_000; group = 0
            case "миллиард": total += group * 1_000_000_000; group = 0
            default: return nil
            }
        }
        return total + group
    }

    @Test func roundTrip() {
        var samples = Array(0...12_000)
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<5000 {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17
            samples.append(Int(x % 1_000_000_000_000))
        }
        for n in samples {
            let w = KazakhNumber.words(n)
            #expect(w.flatMap(Self.parse) == n, "\(n): \(w ?? "nil")")
            #expect(w?.contains("  ") == false)
        }
    }

    @Test(arguments: [
        (0, "0"), (7, "7"), (999, "999"), (1000, "1\u{00A0}000"), (43_250, "43\u{00A0}250"),
        (1_234_567, "1\u{00A0}234\u{00A0}567"), (100_000, "100\u{00A0}000"), (-1500, "-1\u{00A0}500"),
    ])
    func grouped(_ n: Int, _ expected: String) {
        #expect(KazakhNumber.grouped(n) == expected)
    }

    @Test func withWordsAndMoney() {
        #expect(KazakhNumber.withWords(15) == "15 (он бес)")
        #expect(KazakhNumber.withWords(1000) == "1\u{00A0}000 (мың)")
        #expect(KazakhNumber.money(43_250) == "43\u{00A0}250 (қырық үш мың екі жүз елу) теңге")
        #expect(KazakhNumber.money(0) == "0 (нөл) теңге")
        #expect(KazakhNumber.money(1_000_000) == "1\u{00A0}000\u{00A0}000 (бір миллион) теңге")
    }

    @Test(arguments: [(8, "қосымша", "8-қосымша"), (1, "бап", "1-бап"), (12, "тармақ", "12-тармақ")])
    func ordinal(_ n: Int, _ noun: String, _ expected: String) {
        #expect(KazakhNumber.ordinal(n, noun) == expected)
    }
}
