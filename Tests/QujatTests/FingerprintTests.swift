import Foundation
import Qujat
@testable import QujatBatch
import Testing

/// The fingerprints that decide whether a batch resumes a document and which version a server
/// reports: read fast from memory, they must stay the values they were.
@Suite struct FingerprintTests {
    @Test("a Data's fingerprint, read from memory, equals the byte-by-byte one")
    func dataAsBytes() {
        var state: UInt64 = 7
        for length in [0, 1, 2, 7, 64, 1000, 65_537] {
            let bytes = (0..<length).map { _ -> UInt8 in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: state >> 56)
            }
            var fromData = Fingerprint(), fromBytes = Fingerprint()
            fromData.add(Data(bytes))
            fromBytes.add(bytes)  // the generic Sequence path
            #expect(fromData.hex == fromBytes.hex, "\(length) bytes")
        }
    }

    @Test("the templates' and fonts' versions: SHA-256 over name, length and bytes of each file, as Python computes it")
    func versionAsPython() throws {
        for folder in [Repo.templates, Repo.fonts] {
            let files = folder == Repo.fonts ? ResourceFiles.fonts(folder) : ResourceFiles.templates(folder)
            #expect(!files.isEmpty)
            let script = """
            import hashlib, os, sys
            folder, files = sys.argv[1], sys.argv[2:]
            h = hashlib.sha256()
            for name in files:
                data = open(os.path.join(folder, name), 'rb').read()
                h.update(name.encode() + b'\\0' + str(len(data)).encode() + b'\\0' + data)
            print(h.hexdigest()[:16])
            """
            let python = try run("python3", ["-c", script, folder] + files)
            #expect(python.status == 0, "\(python.stderr)")
            #expect(ResourceFiles.version(of: files, in: folder) == python.text.trimmingCharacters(in: .whitespacesAndNewlines), "\(folder)")
        }
    }
}
