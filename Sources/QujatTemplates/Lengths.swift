import QujatCase
import Foundation
import QujatDocument

/// Lengths and sizes as templates write them: `20mm`, `11pt`, `11` (points), `35%`.
enum Lengths {
    /// Named page sizes, in millimetres.
    static let pageSizes: [String: (width: Double, height: Double)] = [
        "A4": (210, 297), "A5": (148, 210), "A4-landscape": (297, 210), "A5-landscape": (210, 148),
    ]

    static func points(_ text: String) -> Double? {
        let t = text.trimmingWhitespace()
        if t.hasSuffix("mm"), let v = Double(t.dropLast(2).trimmingWhitespace()) { return Length.mm(v) }
        if t.hasSuffix("cm"), let v = Double(t.dropLast(2).trimmingWhitespace()) { return Length.mm(v * 10) }
        if t.hasSuffix("pt"), let v = Double(t.dropLast(2).trimmingWhitespace()) { return v }
        return Double(t)
    }

    /// `35%` → 0.35; a bare number is a relative weight.
    static func fraction(_ text: String) -> Double? {
        let t = text.trimmingWhitespace()
        if t.hasSuffix("%"), let v = Double(t.dropLast()) { return v / 100 }
        return Double(t)
    }

    /// `20mm` (all sides), `20mm 15mm` (vertical, horizontal) or `top right bottom left`.
    static func edges(_ text: String) -> Edges? {
        let parts = text.split(separator: " ").compactMap { points(String($0)) }
        switch parts.count {
        case 1: return Edges(all: parts[0])
        case 2: return Edges(top: parts[0], right: parts[1], bottom: parts[0], left: parts[1])
        case 4: return Edges(top: parts[0], right: parts[1], bottom: parts[2], left: parts[3])
        default: return nil
        }
    }
}
