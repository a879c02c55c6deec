import Foundation

/// Writes a file so that it is either complete under its final name or not there at all:
/// the bytes go to a temporary file in the same folder, which is then renamed.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(QujatError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        do {
            try Data(bytes).write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw QujatError.missing("cannot write \(path): \(reason)")
            }
        } catch let error as QujatError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .missing("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
