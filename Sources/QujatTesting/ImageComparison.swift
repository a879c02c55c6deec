import QujatLayout
import QujatPDF

/// Compares two PNG images pixel by pixel (for golden-image tests and previews).
public enum ImageComparison {
    public struct Result: Sendable {
        /// Share of pixels whose grey level differs by more than the threshold (0…1).
        public let differingShare: Double
        public let width: Int
        public let height: Int
    }

    /// - Parameter threshold: grey-level difference (0…255) below which pixels count as equal.
    /// - Returns: nil when either image cannot be decoded or the sizes differ.
    public static func compare(_ a: [UInt8], _ b: [UInt8], threshold: Int = 48) -> Result? {
        guard let first = GrayImage(png: a), let second = GrayImage(png: b),
              first.width == second.width, first.height == second.height else { return nil }
        var differing = 0
        for i in 0..<first.pixels.count where abs(Int(first.pixels[i]) - Int(second.pixels[i])) > threshold {
            differing += 1
        }
        return Result(differingShare: Double(differing) / Double(max(1, first.pixels.count)),
                      width: first.width, height: first.height)
    }
}
