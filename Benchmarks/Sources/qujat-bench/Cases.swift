import Foundation

/// Case JSON that differs from document to document, as a real print run does: the example
/// case with one number field replaced per document.
struct Cases {
    /// The example case, parsed once.
    private let example: [String: Any]
    /// The object holding the varied field ("license" or "annex") and the field's name.
    private let object: String
    private let field: String
    /// Makes the varied value for document `i`.
    private let value: (Int) -> String

    /// Licenses: `license.number` becomes "KZ12LAA" + (12345 + i).
    static func license(examples: String) throws -> Cases {
        try Cases(file: (examples as NSString).appendingPathComponent("license.json"),
                  object: "license", field: "number") { "KZ12LAA" + String(12345 + $0) }
    }

    /// Annexes: `annex.number` becomes (1 + i), at least three digits ("001", "002", …).
    static func annex(examples: String) throws -> Cases {
        try Cases(file: (examples as NSString).appendingPathComponent("license_annex.json"),
                  object: "annex", field: "number") { i in
            let digits = String(1 + i)
            return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
        }
    }

    private init(file: String, object: String, field: String, value: @escaping (Int) -> String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              root[object] is [String: Any] else {
            throw BenchError("\(file): expected a JSON object with an '\(object)' object")
        }
        example = root
        self.object = object
        self.field = field
        self.value = value
    }

    /// The case JSON for document `i`.
    func json(_ i: Int) -> Data {
        var root = example
        var inner = root[object] as! [String: Any]
        inner[field] = value(i)
        root[object] = inner
        return try! JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
    }

    /// Case JSON for documents `range`, made up front so that making them is not timed.
    func jsons(_ range: Range<Int>) -> [Data] {
        range.map(json)
    }
}

/// A benchmark set-up problem (missing file, bad example).
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
