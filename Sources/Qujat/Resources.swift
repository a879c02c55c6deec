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
        // Plain paths, not `Bundle.main` and `URL`: setting those up cost a cold render 0.5 ms.
        var starts: [String] = []
        if let folder = executableDirectory { starts.append(folder) }
        starts.append(files.currentDirectoryPath)
        for start in starts {
            var folder = start
            for _ in 0..<8 {
                let candidate = folder == "/" ? "/" + name : folder + "/" + name
                let check = marker.map { candidate + "/" + $0 } ?? candidate
                if files.fileExists(atPath: check) { return candidate }
                let up = parent(of: folder)
                if up == folder { break }
                folder = up
            }
        }
        throw .missing("\(name) folder not found next to the qujat executable or in the current directory; pass --\(name.lowercased()) DIR")
    }

    /// The folder of the running executable, symbolic links resolved (`/proc/self/exe`).
    public static var executableDirectory: String? {
        guard let executable = realpath("/proc/self/exe", nil) else { return nil }
        defer { free(executable) }
        return parent(of: String(cString: executable))
    }

    /// The folder holding `path` (absolute): `/a/b` → `/a`, `/a` → `/`, `/` → `/`.
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }
}
