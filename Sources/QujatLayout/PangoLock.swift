import Foundation

/// The one place Qujat's workers wait for each other.
///
/// Every worker has its own font map, context and layouts, yet Pango 1.50 computing layouts
/// on two threads at once gave different glyph positions than one thread alone: 59 of 150
/// identical cases rendered on 2 workers came out with other text spacing numbers in the PDF
/// (invisible, but the bytes differ, and Qujat promises the same bytes for the same input).
/// Serializing Pango's line layout, and the making of font maps, removed every difference;
/// shaping is a small part of a document's time, and Cairo's drawing, compression and font
/// embedding still run in parallel (see Benchmarks/ for the measured cost).
enum PangoLock {
    static let lock = NSLock()

    static func run<T>(_ body: () throws(RenderError) -> T) throws(RenderError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    static func run<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
