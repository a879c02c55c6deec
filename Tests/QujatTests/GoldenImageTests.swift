import Foundation
import Qujat
import QujatTesting
import Testing

/// Page 1 of each document against a committed PNG, within a tolerance.
/// `QUJAT_UPDATE_GOLDEN=1 swift test --filter GoldenImageTests` rewrites the references.
@Suite struct GoldenImageTests {
    static let dpi = 50.0
    /// Share of pixels allowed to differ (anti-aliasing, a font version).
    static let tolerance = 0.004

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: Repo.examples.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }
            .filter { (try? Repo.library.prepare(json: Repo.example($0))) != nil }
            .sorted()
    }

    @Test(arguments: cases)
    func firstPageMatchesTheGoldenImage(_ name: String) throws {
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        let page = try #require(try renderer.png(json: try Repo.example(name), dpi: Self.dpi).first)
        let reference = Repo.golden.appendingPathComponent("\(name).png")
        if ProcessInfo.processInfo.environment["QUJAT_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Repo.golden, withIntermediateDirectories: true)
            try Data(page).write(to: reference)
            return
        }
        let golden = try #require(FileManager.default.contents(atPath: reference.path),
                                  "no golden image \(reference.lastPathComponent): run with QUJAT_UPDATE_GOLDEN=1")
        let result = try #require(ImageComparison.compare(page, [UInt8](golden)), "\(name): sizes differ")
        #expect(result.differingShare <= Self.tolerance, "\(name): \(result.differingShare * 100)% of pixels differ")
    }

    @Test func theComparisonNoticesAChangedPage() throws {
        let renderer = try Renderer(templates: Repo.library, fontsDirectory: Repo.fonts)
        let original = try renderer.png(json: try Repo.example("license"), dpi: Self.dpi)[0]
        let other = try renderer.png(json: try Repo.example("license_duplicate"), dpi: Self.dpi)[0]
        let result = try #require(ImageComparison.compare(original, other))
        #expect(result.differingShare > Self.tolerance)
        #expect(ImageComparison.compare(original, original)?.differingShare == 0)
    }
}
