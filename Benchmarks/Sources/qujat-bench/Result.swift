/// What one scenario measured, and the target it is held to.
struct Result {
    enum Target {
        /// No target (reported for comparison only).
        case none
        /// At most this many milliseconds per document.
        case msPerDoc(Double)
        /// At most this many milliseconds per page.
        case msPerPage(Double)
        /// Resident memory below this many MiB throughout, and flat.
        case flatRSS(belowMB: Double)
    }

    var scenario: String
    var docs: Int
    var pages: Int
    var seconds: Double
    var peakMB: Double
    var target: Target = .none
    /// For `.flatRSS`: whether the RSS samples stayed flat (see `RSSSeries.isFlat`).
    var flat = true

    var msPerDoc: Double { seconds * 1000 / Double(docs) }
    var msPerPage: Double { seconds * 1000 / Double(pages) }

    var targetText: String {
        switch target {
        case .none: "—"
        case .msPerDoc(let ms): "≤ \(Format.number(ms, 1)) ms/doc"
        case .msPerPage(let ms): "≤ \(Format.number(ms, 1)) ms/page"
        case .flatRSS(let mb): "RSS flat < \(Format.number(mb, 0)) MB"
        }
    }

    /// nil when there is no target.
    var met: Bool? {
        switch target {
        case .none: nil
        case .msPerDoc(let ms): msPerDoc <= ms
        case .msPerPage(let ms): msPerPage <= ms
        case .flatRSS(let mb): peakMB < mb && flat
        }
    }
}
