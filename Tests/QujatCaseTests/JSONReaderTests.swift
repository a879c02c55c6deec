import Foundation
import Testing
import QujatCase

@Suite("case JSON reader")
struct JSONReaderTests {
    private func parse(_ text: String) throws -> CaseValue {
        try CaseValue.parse(json: Data(text.utf8))
    }

    private func problem(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch let error as CaseError {
            return error.issues.first.map { "\($0.path): \($0.rule)" }
        } catch {
            return "\(error)"
        }
    }

    @Test("strings with every escape, surrogate pairs and Kazakh letters")
    func strings() throws {
        let value = try parse(#"{"a": "Қазақ \"тілі\" \\ \/ \b\f\n\r\t \u04D8\u04e9 \ud83d\ude00 ₸"}"#)
        #expect(value["a"] == .string("Қазақ \"тілі\" \\ / \u{8}\u{C}\n\r\t Әө 😀 ₸"))
    }

    @Test("numbers: whole numbers are integers (also 2.0 and 1e3), others doubles")
    func numbers() throws {
        let value = try parse(#"[0, -7, 12345678901, 2.0, 1e3, 2.5, -0.125, 1E-2]"#)
        #expect(value == .array([.int(0), .int(-7), .int(12_345_678_901), .int(2), .int(1000), .double(2.5), .double(-0.125), .double(0.01)]))
    }

    @Test("literals, empty containers, white space")
    func literals() throws {
        #expect(try parse(" \n\t{ \"t\": true, \"f\": false, \"n\": null, \"o\": {}, \"l\": [] }\r\n")
            == .object(["t": .bool(true), "f": .bool(false), "n": .null, "o": .object([:]), "l": .array([])]))
    }

    @Test("every sample case reads the same as JSONSerialization reads it")
    func samples() throws {
        for name in ["license", "license_annex", "receipt_accepted", "phc_talon", "survey", "termination"] {
            let data = try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Examples/\(name).json"))
            let ours = try CaseValue.parse(json: data)
            let theirs = try JSONSerialization.jsonObject(with: data)
            #expect(Self.same(ours, theirs), "\(name)")
        }
    }

    static func same(_ value: CaseValue, _ other: Any) -> Bool {
        switch value {
        case .null: return other is NSNull
        case .bool(let b): return (other as? Bool) == b
        case .int(let i): return (other as? NSNumber)?.intValue == i
        case .double(let d): return (other as? NSNumber)?.doubleValue == d
        case .string(let s): return (other as? String) == s
        case .array(let items):
            guard let list = other as? [Any], list.count == items.count else { return false }
            return zip(items, list).allSatisfy { same($0, $1) }
        case .object(let fields):
            guard let dictionary = other as? [String: Any], dictionary.count == fields.count else { return false }
            return fields.allSatisfy { key, item in dictionary[key].map { same(item, $0) } ?? false }
        }
    }

    @Test("errors say what and where (line, column)", arguments: [
        ("{\"a\": 1,\n \"b\": }", "unexpected character '}' at line 2, column 7"),
        ("{\"a\" 1}", "expected ':' after a key at line 1, column 6"),
        ("[1, 2", "unexpected end of input in an array"),
        ("{\"a\": tru}", "unknown word (expected true)"),
        ("\"a\u{1}b\"", "control character in a string"),
        ("\"\\ud83d\"", "a lone surrogate"),
        ("[01]", "expected ',' or ']' in an array"),
        ("{} x", "unexpected text after the JSON value"),
        ("\"\\q\"", "unknown escape '\\q'"),
    ])
    func errors(text: String, expected: String) {
        let message = problem(text) ?? "no error"
        #expect(message.hasPrefix("$: is not valid JSON ("), "\(message)")
        #expect(message.contains(expected), "\(message)")
    }

    @Test("nesting deeper than 256 levels is refused, not a stack overflow")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(problem(deep)?.contains("nested deeper than 256 levels") == true)
        let fine = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(problem(fine) == nil)
    }

    @Test("invalid UTF-8 is an error")
    func invalidUTF8() {
        var data = Data("{\"a\": \"".utf8)
        data.append(contentsOf: [0xC3, 0x28])
        data.append(contentsOf: Data("\"}".utf8))
        #expect(throws: CaseError.self) { try CaseValue.parse(json: data) }
    }
}
