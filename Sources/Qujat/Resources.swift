import Foundation

/// Finds the `Templates/` and `Fonts/` folders without `Bundle.module`: an explicit path
/// wins; otherwise the folder next to the executable, or in a parent of it (a build inside
/// the repository), or in the current directory or a parent of it.
public enum Resources {
    public static func templatesDirectory(_ explicit: String? = nil) throws(QujatError) -> String {
        try find("Templates", explicit: explicit, marker: "types.yaml")
    }

    public static func fontsDirectory(_ explicit: String? = nil) throws(QujatError) -> String {
        try find("Fonts", explicit: explicit, marker: nil)
    }

    static func find(_ name: String, explicit: String?, marker: String?) throws(QujatError) -> String {
        let files = FileManager.default
        if let explicit {
            var isFolder: ObjCBool = false
            guard files.fileExists(atPath: explicit, isDirectory: &isFolder), isFolder.boolValue else {
                throw .missing("\(name) folder not found at \(explicit)")
            }
            return explicit
        }
        var starts: [URL] = []
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            starts.append(executable.deletingLastPathComponent())
        }
        starts.append(URL(fileURLWithPath: files.currentDirectoryPath))
        for start in starts {
            var folder = start
            for _ in 0..<8 {
                let candidate = folder.appendingPathComponent(name)
                let check = marker.map { candidate.appendingPathComponent($0).path } ?? candidate.path
                if files.fileExists(atPath: check) { return candidate.path }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        throw .missing("\(name) folder not found next to the qujat executable or in the current directory; pass --\(name.lowercased()) DIR")
    }
}
