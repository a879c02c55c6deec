/// "Did you mean …?" for a misspelt name: a case key, a template's block key, a filter,
/// a schema type or a document name.
package enum Suggestion {
    /// The known name closest to `name`: one edit away (letters compared without case), two
    /// for names of six letters or more, or one a prefix of the other when both have three
    /// letters or more. Ties go to the alphabetically first, so the answer does not depend on
    /// the order of `known`.
    package static func nearest<Names: Sequence<String>>(_ name: String, in known: Names) -> String? {
        let lower = Array(name.lowercased())
        let edits = name.count >= 6 ? 2 : 1
        return known.map { ($0, distance(lower, Array($0.lowercased()))) }
            .filter { $0.1 <= edits || ($0.0.hasPrefix(name) || name.hasPrefix($0.0)) && min($0.0.count, name.count) >= 3 }
            .filter { $0.0 != name }
            .min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
    }

    /// " (did you mean 'x'?)", or "" when no known name is close.
    package static func didYouMean<Names: Sequence<String>>(_ name: String, in known: Names) -> String {
        nearest(name, in: known).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Levenshtein distance: insertions, deletions and substitutions.
    package static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var row = [i + 1]
            for (j, y) in b.enumerated() { row.append(min(previous[j + 1] + 1, row[j] + 1, previous[j] + (x == y ? 0 : 1))) }
            previous = row
        }
        return previous[b.count]
    }
}
