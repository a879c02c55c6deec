import Foundation
import Qujat
import Testing

/// A file is written under a temporary name beside it, then renamed: the name must stay in
/// the same folder (a rename does not cross file systems) and be hidden and unique.
@Suite struct AtomicFileTests {
    @Test("the temporary name is .NAME.PID.RANDOM.tmp in the output's own folder", arguments: [
        ("out/a.pdf", "out/"), ("/tmp/x/case.pdf", "/tmp/x/"), ("a.pdf", ""), ("/a.pdf", "/"), ("dir.v2/б.pdf", "dir.v2/"),
    ])
    func temporaryName(_ path: String, _ folder: String) {
        let name = AtomicFile.temporaryName(for: path)
        let file = String(path.dropFirst(folder.count))
        #expect(name.hasPrefix(folder + "." + file + ".\(getpid()).") && name.hasSuffix(".tmp"), "\(name)")
        #expect(!name.dropFirst(folder.count).contains("/"), "\(name)")
        #expect(AtomicFile.temporaryName(for: path) != name, "a random part")
    }

    @Test("written and renamed over the old file: the new bytes, and no temporary file left")
    func writesInPlace() throws {
        let folder = temporaryFolder()
        try AtomicFile.write(Array("one".utf8), to: folder.appendingPathComponent("a.txt").path)
        try AtomicFile.write(Array("two".utf8), to: folder.appendingPathComponent("a.txt").path)
        #expect(try String(contentsOf: folder.appendingPathComponent("a.txt"), encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.txt"])
    }
}
