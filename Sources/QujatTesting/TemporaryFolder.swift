import Foundation

/// Scratch folders of this test process: one parent folder, removed when the process exits.
private let scratch: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("qujat-tests-\(getpid())")
    try? FileManager.default.removeItem(at: url)
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit {
        try? FileManager.default.removeItem(at: FileManager.default.temporaryDirectory.appendingPathComponent("qujat-tests-\(getpid())"))
    }
    return url
}()

/// A fresh folder of its own under this test process's scratch folder.
public func temporaryFolder() -> URL {
    let url = scratch.appendingPathComponent(UUID().uuidString)
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
