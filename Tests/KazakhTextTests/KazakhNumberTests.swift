import Foundation
import Testing
import KazakhText

@Suite struct KazakhNumberTests {
    @Test(arguments: [
        (0, "нөл"), (1, "бір"), (9, "тоғыз"), (10, "он"), (11, "он бір"), (15, "он бес"), (20, "жиырма"),
        (21, "жиырма бір"), (30, "отыз"), (40, "қырық"), (50, "елу"), (60, "алпыс"), (70, "жетпіс"), (80, "сексен"),
        (90, "тоқсан"), (99, "тоқсан тоғыз"), (100, "жүз"), (101, "жүз бір"), (110, "жүз он"), (200, "екі жүз"),
        (345, "үш жүз қырық бес"), (999, "тоғыз жүз тоқсан тоғыз"), (1000, "бір мың"), (1001, "бір мың бір"),
        (1500, "бір мың бес жүз"), (2000, "екі мың"), (10_000, "он мың"), (11_000, "он бір мың"),
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

    /// The «бір» rule (financial documents, num2words `kz`): hundreds never take «бір»;
    /// «бір мың», «бір миллион» and «бір миллиард» always keep it.
    @Test func birRule() {
        #expect(KazakhNumber.words(100) == "жүз")
        #expect(KazakhNumber.words(1000) == "бір мың")
        #expect(KazakhNumber.words(1500) == "бір мың бес жүз")
        #expect(KazakhNumber.words(1_001_000) == "бір миллион бір мың")
        #expect(KazakhNumber.words(5_001_000_000) == "бес миллиард бір миллион")
        #expect(KazakhNumber.words(3_000_001_000) == "үш миллиард бір мың")
        #expect(KazakhNumber.words(1_000_000)?.hasPrefix("бір ") == true)
        #expect(KazakhNumber.words(1_000_000_000)?.hasPrefix("бір ") == true)
        for n in stride(from: 0, through: 999_999_999_999, by: 7_777_777_777) + Array(0...3000) {
            let w = KazakhNumber.words(n) ?? ""
            #expect(!w.contains("бір жүз"), "\(n): \(w)")
            if (1000...1999).contains(n % 1_000_000) && n % 1_000_000 >= 1000 { #expect(w.contains("бір мың"), "\(n): \(w)") }
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
        #expect(KazakhNumber.withWords(1000) == "1\u{00A0}000 (бір мың)")
        #expect(KazakhNumber.money(43_250) == "43\u{00A0}250 (қырық үш мың екі жүз елу) теңге")
        #expect(KazakhNumber.money(0) == "0 (нөл) теңге")
        #expect(KazakhNumber.money(1_000_000) == "1\u{00A0}000\u{00A0}000 (бір миллион) теңге")
    }

    @Test(arguments: [(8, "қосымша", "8-қосымша"), (1, "бап", "1-бап"), (12, "тармақ", "12-тармақ")])
    func ordinal(_ n: Int, _ noun: String, _ expected: String) {
        #expect(KazakhNumber.ordinal(n, noun) == expected)
    }
}

/// num2words (`lang="kz"`, installed by `.ci/install-deps --test`) as an independent oracle for
/// `words`: every number it is asked about, 0 … 10¹² − 1, must read the same. There is no
/// deliberate difference: both write «бір мың» and «жүз» without «бір».
@Suite struct KazakhNumberOracleTests {
    @Test func wordsAgreeWithNum2words() throws {
        var numbers = Array(0...2100) + [9_999, 10_000, 10_001, 99_999, 100_000, 100_001, 101_000, 999_999, 1_000_000,
                                         1_000_001, 1_001_000, 1_100_000, 999_999_999, 1_000_000_000, 1_000_001_000,
                                         1_001_001_001, 999_999_999_999]
        var state: UInt64 = 20_261_130
        for magnitude in [1_000, 100_000, 10_000_000, 1_000_000_000, 1_000_000_000_000] {
            for _ in 0..<3000 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                numbers.append(Int((state >> 20) % UInt64(magnitude)))
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qujat-num2words-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("numbers.txt")
        try numbers.map(String.init).joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import sys
            from num2words import num2words
            for line in open(sys.argv[1]):
                print(num2words(int(line), lang="kz"))
            """, input.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "python3 with num2words is needed (.ci/install-deps --test)")
        let expected = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        try #require(expected.count == numbers.count)
        var differences = 0
        for (number, words) in zip(numbers, expected) where KazakhNumber.words(number) != words {
            differences += 1
            if differences <= 10 { Issue.record("\(number): Qujat «\(KazakhNumber.words(number) ?? "nil")», num2words «\(words)»") }
        }
        #expect(differences == 0)
    }
}
