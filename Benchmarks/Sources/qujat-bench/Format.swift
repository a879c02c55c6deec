import Foundation

/// Number formatting and the Markdown table.
enum Format {
    /// `value` with `decimals` digits after the point.
    static func number(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    /// The results as a Markdown table.
    static func table(_ results: [Result]) -> String {
        var lines = [
            "| scenario | docs | pages | total s | ms/doc | ms/page | peak RSS MB | target | met? |",
            "|---|---:|---:|---:|---:|---:|---:|---|---|",
        ]
        for r in results {
            let met = r.met.map { $0 ? "yes" : "**no**" } ?? "—"
            lines.append("| \(r.scenario) | \(r.docs) | \(r.pages) | \(number(r.seconds, 3)) | \(number(r.msPerDoc, 3)) "
                         + "| \(number(r.msPerPage, 3)) | \(number(r.peakMB, 1)) | \(r.targetText) | \(met) |")
        }
        return lines.joined(separator: "\n")
    }
}
