import Foundation
import Qujat
import QujatTemplates
import QujatCase

/// Where a batch's documents come from: a JSON Lines manifest, or a folder of case files.
///
/// A manifest line is `{"id": "doc-00017", "group": "dept-2", "copies": 2, "case": {…}}`,
/// or has `"case_file": "path.json"` (relative to the manifest) instead of `"case"`.
/// A folder gives one document per `*.json` file, in name order, its id the file name.
public struct Manifest: Sendable {
    public let path: String
    public let isFolder: Bool
    /// The folder `case_file` paths are relative to.
    var base: String
    /// Whether lines may name case files. A server taking manifests from the network says
    /// no: a `case_file` there would read files on the server.
    public var allowsCaseFiles = true

    public init(path: String) throws(QujatError) {
        var folder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &folder) else {
            throw .missing("manifest not found: \(path)")
        }
        self.path = path
        isFolder = folder.boolValue
        base = isFolder ? path : (path as NSString).deletingLastPathComponent
        if base.isEmpty { base = "." }
    }

    /// The documents in order, unparsed: where each line is, not what it says (so a manifest
    /// of any length costs a few bytes a document). A bad line fails on its own when a worker
    /// parses it.
    func inputs() throws(QujatError) -> [ManifestInput] {
        if isFolder {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path)
                    .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            } catch {
                throw .missing("cannot read folder \(path): \(error.localizedDescription)")
            }
            return names.enumerated().map { index, name in
                ManifestInput(index: index, line: 0, bytes: 0..<0, file: (path as NSString).appendingPathComponent(name))
            }
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .missing("cannot read manifest \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var inputs: [ManifestInput] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var position = 0, lineStart = 0, lineNumber = 1, blank = true
        func endLine(at end: Int) {
            if !blank { inputs.append(ManifestInput(index: inputs.count, line: lineNumber, bytes: lineStart..<end, file: nil)) }
            lineNumber += 1
            lineStart = end + 1
            blank = true
        }
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw .missing("cannot read manifest \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            for offset in 0..<count {
                switch chunk[offset] {
                case 0x0A: endLine(at: position + offset)
                case 0x20, 0x09, 0x0D: break
                default: blank = false
                }
            }
            position += count
        }
        endLine(at: position)
        return inputs
    }

    /// The text of a manifest line.
    func text(of input: ManifestInput, descriptor: Int32) -> [UInt8] {
        if let file = input.file {
            return FileManager.default.contents(atPath: file).map { [UInt8]($0) } ?? []
        }
        guard !input.bytes.isEmpty else { return [] }
        var bytes = [UInt8](repeating: 0, count: input.bytes.count)
        var done = 0
        while done < bytes.count {
            let count = bytes[done...].withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(input.bytes.lowerBound + done)) }
            if count <= 0 { break }
            done += count
        }
        if bytes.last == 0x0D { bytes.removeLast() }
        return bytes
    }
}

/// One document of a manifest before parsing: a line, or a case file of a folder.
struct ManifestInput: Sendable {
    /// Position among the batch's documents.
    let index: Int
    /// 1-based line in the manifest (0 for a folder's file).
    let line: Int
    /// Where the line is in the manifest.
    let bytes: Range<Int>
    let file: String?

    /// How errors name this document when its id is not known.
    var label: String {
        if let file { return ((file as NSString).lastPathComponent as NSString).deletingPathExtension }
        return "line-\(line)"
    }
}

/// A parsed, checked manifest entry.
struct ManifestEntry: Sendable {
    var id: String
    var group: String?
    var copies: Int?
    var data: CaseValue
}

extension ManifestInput {
    /// Parses the line (or reads the case file); issue paths are relative to the line.
    /// - Parameter base: the folder case files are relative to; nil when they are not allowed.
    func entry(text: [UInt8], base: String?) -> Result<ManifestEntry, BatchFailure> {
        if file != nil {
            guard ManifestEntry.isName(label) else {
                return .failure(BatchFailure(id: label, line: nil, issues: [CaseIssue(path: "$", rule: "the file name must be letters, digits, '.', '_' or '-' (it becomes the document's id)")]))
            }
            do {
                return .success(ManifestEntry(id: label, group: nil, copies: nil, data: try CaseValue.parse(json: Data(text))))
            } catch {
                return .failure(BatchFailure(id: label, line: nil, issues: error.issues))
            }
        }
        let value: CaseValue
        do {
            value = try CaseValue.parse(json: Data(text))
        } catch {
            return .failure(BatchFailure(id: label, line: line, issues: error.issues))
        }
        guard case .object(let fields) = value else {
            return .failure(BatchFailure(id: label, line: line, issues: [CaseIssue(path: "$", rule: "a manifest line is a JSON object")]))
        }
        var issues: [CaseIssue] = []
        var id = label
        switch fields["id"] {
        case .string(let given) where ManifestEntry.isName(given): id = given
        case .string: issues.append(CaseIssue(path: "id", rule: "must be 1–128 letters, digits, '.', '_' or '-', not starting with '.'"))
        case nil: issues.append(CaseIssue(path: "id", rule: "is required"))
        default: issues.append(CaseIssue(path: "id", rule: "must be a string"))
        }
        var group: String?
        switch fields["group"] {
        case nil, .null?: break
        case .string(let given) where ManifestEntry.isName(given): group = given
        default: issues.append(CaseIssue(path: "group", rule: "must be a string of 1–128 letters, digits, '.', '_' or '-', not starting with '.'"))
        }
        var copies: Int?
        switch fields["copies"] {
        case nil, .null?: break
        case .int(let n) where (1...20).contains(n): copies = n
        default: issues.append(CaseIssue(path: "copies", rule: "must be a whole number from 1 to 20"))
        }
        var data: CaseValue?
        switch (fields["case"], fields["case_file"]) {
        case (.some(let inline), nil):
            data = inline
        case (nil, .string?) where base == nil:
            issues.append(CaseIssue(path: "case_file", rule: "is not allowed here: put the case inline as \"case\""))
        case (nil, .string(let relative)?):
            let base = base ?? "."
            let path = relative.hasPrefix("/") ? relative : (base as NSString).appendingPathComponent(relative)
            if let bytes = FileManager.default.contents(atPath: path) {
                do {
                    data = try CaseValue.parse(json: bytes)
                } catch {
                    issues += error.issues.map { CaseIssue(path: "case_file", rule: "\(relative): \($0.rule)") }
                }
            } else {
                issues.append(CaseIssue(path: "case_file", rule: "cannot read \(relative)"))
            }
        case (nil, .some):
            issues.append(CaseIssue(path: "case_file", rule: "must be a path string"))
        case (nil, nil):
            issues.append(CaseIssue(path: "case", rule: "is required (or case_file)"))
        case (.some, .some):
            issues.append(CaseIssue(path: "case", rule: "give case or case_file, not both"))
        }
        guard issues.isEmpty, let data else {
            return .failure(BatchFailure(id: id, line: line, issues: issues))
        }
        return .success(ManifestEntry(id: id, group: group, copies: copies, data: data))
    }
}

extension ManifestEntry {
    /// Ids and groups become file names: keep them plain.
    static func isName(_ text: String) -> Bool {
        guard (1...128).contains(text.utf8.count), !text.hasPrefix(".") else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            (scalar.value < 128 && (CharacterSet.alphanumerics.contains(scalar))) || scalar == "." || scalar == "_" || scalar == "-"
        }
    }
}
