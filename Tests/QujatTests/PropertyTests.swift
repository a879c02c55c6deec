import Foundation
import Qujat
import Testing
import QujatCase
import QujatLayout

/// Seeded random mutations of every sample case, rendered in-process. For each mutated case:
/// the process never traps; the verdict is never an internal error (a case can only be
/// invalid or over a limit); and `validate` agrees with `render` (validate passes ⇔ render
/// succeeds or stops only at a page/time limit; when both refuse, with the same problems).
///
/// `QUJAT_FUZZ_SEED` and `QUJAT_FUZZ_CASES` (per sample) change the run; a failure prints the
/// seed, the case number and the mutated JSON, so it can be replayed.
@Suite("property: mutated cases never crash, never 70, validate ⇔ render", .serialized)
struct PropertyTests {
    static let seed = UInt64(ProcessInfo.processInfo.environment["QUJAT_FUZZ_SEED"] ?? "") ?? 20_261_130
    static let casesPerSample = Int(ProcessInfo.processInfo.environment["QUJAT_FUZZ_CASES"] ?? "") ?? 600
    static let samples = ["license", "license_annex", "license_annex_duplicate", "license_duplicate", "license_reissued",
                          "phc_talon", "receipt_accepted", "receipt_refused", "refusal", "survey", "termination"]

    @Test(arguments: samples)
    func mutatedCasesKeepTheContract(_ sample: String) throws {
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        renderer.limits = RenderLimits(maximumPages: 60)
        let original = try CaseValue.parse(json: Repo.example(sample))
        var random = SplitMix(seed: sample.utf8.reduce(Self.seed) { $0 &* 31 &+ UInt64($1) })
        var counts = (rendered: 0, invalid: 0, limit: 0)
        for number in 0..<Self.casesPerSample {
            var mutated = original
            for _ in 0..<random.int(1...2) { Mutator.mutate(&mutated, &random) }
            let json = Data(JSONText.write(mutated).utf8)
            let replay = "seed \(Self.seed), \(sample) case \(number): \(String(decoding: json.prefix(2000), as: UTF8.self))"
            let verdict = Result { () throws(QujatError) in try renderer.validate(json: json) }
            let rendered = Result { () throws(QujatError) in try renderer.pdf(json: json) }
            switch (verdict, rendered) {
            case (.success, .success(let pdf)):
                #expect(pdf.starts(with: Array("%PDF-".utf8)), "\(replay)")
                counts.rendered += 1
            case (.success, .failure(.limit)):
                counts.limit += 1
            case (.failure(.invalidCase(let expected)), .failure(.invalidCase(let got))):
                #expect(expected.issues.map(\.description) == got.issues.map(\.description), "\(replay)")
                counts.invalid += 1
            default:
                Issue.record("validate → \(verdict), render → \(rendered.map { "\($0.count) bytes" }) for \(replay)")
            }
        }
        // The mutations must reach both sides of the contract, or the test proves little.
        #expect(counts.rendered > Self.casesPerSample / 10, "\(counts)")
        #expect(counts.invalid > Self.casesPerSample / 10, "\(counts)")
    }
}

/// A small, fast, seeded generator (SplitMix64): the same seed gives the same cases everywhere.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// Hostile edits of a case: numbers at and past their bounds, control and undrawable
/// characters, fields and lists ten times longer, wrong types, keys removed or misspelt.
enum Mutator {
    static let numbers: [String] = ["0", "-1", "1", "9223372036854775807", "-9223372036854775808", "9.3e18", "1e19", "1e300",
                                    "-1e300", "0.5", "1e-300", "9007199254740993", "-0.0", "999999999999", "1000000000000", "10.1"]
    static let strings: [String] = ["", " ", "\u{1}", "a\u{0}b", "a\nb", "\t", "\u{7F}", "\u{9F}", "漢字", "😀", "שָׁלוֹם",
                                    "e\u{301}", "\u{200B}", "\u{FEFF}x", "<b>&amp;{{ x }}</b>", "%PDF-1.5 ) ( \\", "«»–—№",
                                    "ӘҒҚҢӨҰҮҺІ әғқңөұүһі", "2026-02-29", "2026-02-30", "1799-12-31", "2999-12-31",
                                    "2026-11-23T24:00", "2026-11-23T10:42", "180140012345", "000000000000", "https://x.kz/?a=1&b=2",
                                    String(repeating: "ұзын ", count: 400), String(repeating: "W", count: 3000)]

    static func mutate(_ value: inout CaseValue, _ random: inout SplitMix) {
        var paths: [[PathStep]] = []
        collect(value, [], &paths)
        let path = random.pick(paths)
        edit(&value, path[...]) { target in
            switch random.int(0...17) {
            case 10...13:  // plausible but large: text and lists ten times longer
                switch target {
                case .string(let text): target = .string(Array(repeating: text, count: 10).joined(separator: " "))
                case .array(let items): target = .array(Array(Array(repeating: items, count: 10).joined()))
                case .object(var fields): fields["x_extra"] = .string("кілт"); target = .object(fields)
                default: break
                }
            case 14, 15:  // text with the letters and signs documents use
                if case .string(let text) = target {
                    target = .string(text + " " + random.pick(["Ә.Ө. Мұхамеджанов", "№ 139", "14-кеңсе", "8 (7112) 00-00-00",
                                                              "«Ақ жол» ЖШС", "1\u{00A0}000", "https://elicense.kz/check?n=1&b=2"]))
                }
            case 16, 17:  // numbers at the edges of their ranges
                if case .int = target { target = .int(random.pick([0, 1, 2, 999, 1000, 10000, 999_999_999_999])) }
            case 0: target = .null
            case 1: target = literal(random.pick(numbers))
            case 2: target = .string(random.pick(strings))
            case 3:  // 10× longer: text repeated, lists repeated
                switch target {
                case .string(let text): target = .string(Array(repeating: text, count: 10).joined(separator: " "))
                case .array(let items): target = .array(Array(Array(repeating: items, count: 10).joined()))
                default: target = .array([target])
                }
            case 4:  // a key removed or misspelt, or an unknown one added
                if case .object(var fields) = target, let key = fields.keys.sorted().first.map({ _ in random.pick(fields.keys.sorted()) }) {
                    let moved = fields.removeValue(forKey: key)
                    if random.int(0...1) == 0, let moved { fields[key + "x"] = moved }
                    target = .object(fields)
                } else {
                    target = .object(["unexpected": target])
                }
            case 5: target = .array([])
            case 6: target = .bool(random.int(0...1) == 1)
            case 7:  // a string with something hostile inside it
                if case .string(let text) = target {
                    let index = random.int(0...text.count)
                    var characters = Array(text)
                    characters.insert(contentsOf: random.pick(strings), at: index)
                    target = .string(String(characters))
                } else {
                    target = .string(random.pick(strings))
                }
            case 8: target = .object([:])
            default:
                if case .int(let n) = target { target = .int(n &* 1_000_003) } else { target = literal(random.pick(numbers)) }
            }
        }
    }

    enum PathStep { case key(String), index(Int) }

    static func collect(_ value: CaseValue, _ path: [PathStep], _ paths: inout [[PathStep]]) {
        paths.append(path)
        switch value {
        case .object(let fields): for key in fields.keys.sorted() { collect(fields[key]!, path + [.key(key)], &paths) }
        case .array(let items): for (index, item) in items.enumerated().prefix(20) { collect(item, path + [.index(index)], &paths) }
        default: break
        }
    }

    static func edit(_ value: inout CaseValue, _ path: ArraySlice<PathStep>, _ change: (inout CaseValue) -> Void) {
        guard let step = path.first else { return change(&value) }
        switch (step, value) {
        case (.key(let key), .object(var fields)):
            var inner = fields[key] ?? .null
            edit(&inner, path.dropFirst(), change)
            fields[key] = inner
            value = .object(fields)
        case (.index(let index), .array(var items)) where items.indices.contains(index):
            edit(&items[index], path.dropFirst(), change)
            value = .array(items)
        default: break
        }
    }

    /// A JSON number as the reader would parse it.
    static func literal(_ text: String) -> CaseValue {
        (try? CaseValue.parse(json: Data(text.utf8))) ?? .string(text)
    }
}

/// Writes a `CaseValue` as JSON text (keys sorted; control characters escaped).
enum JSONText {
    static func write(_ value: CaseValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    static func write(_ value: CaseValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let n): out += String(n)
        case .double(let d): out += d.isFinite ? "\(d)" : "null"
        case .string(let s): quote(s, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                quote(key, to: &out)
                out += ":"
                write(fields[key]!, to: &out)
            }
            out += "}"
        }
    }

    static func quote(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
