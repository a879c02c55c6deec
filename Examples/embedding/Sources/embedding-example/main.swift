// Renders Examples/license.json with the Qujat library: one render pool for the whole
// program, used from many tasks at once; a bad case shows its JSON paths.
//
//   swift run --package-path Examples/embedding embedding-example [REPO_ROOT] [OUT.pdf]
import Foundation
import Qujat

let arguments = CommandLine.arguments
let root = arguments.count > 1 ? arguments[1] : FileManager.default.currentDirectoryPath
let output = arguments.count > 2 ? arguments[2] : "license.pdf"

do {
    // Once per program: templates are read once, each worker thread loads the fonts once.
    let pool = try RenderPool(templatesDirectory: "\(root)/Templates", fontsDirectory: "\(root)/Fonts")
    let license = try Data(contentsOf: URL(fileURLWithPath: "\(root)/Examples/license.json"))

    // Any number of tasks may call the pool; Pango and Cairo stay on its worker threads.
    let pdfs = try await withThrowingTaskGroup(of: [UInt8].self) { group in
        for _ in 0..<8 { group.addTask { try await pool.pdf(json: license) } }
        var results: [[UInt8]] = []
        for try await pdf in group { results.append(pdf) }
        return results
    }
    precondition(Set(pdfs).count == 1, "the same case must give the same bytes")
    try Data(pdfs[0]).write(to: URL(fileURLWithPath: output))
    print("wrote \(output): \(pdfs[0].count) bytes, rendered 8 times in parallel, identical")

    // Validation without rendering; errors are typed and carry every JSON path.
    var broken = try JSONSerialization.jsonObject(with: license) as! [String: Any]
    broken["license"] = ["number": 42]
    let brokenJSON = try JSONSerialization.data(withJSONObject: broken)
    do throws(QujatError) {
        try pool.validate(json: brokenJSON)
    } catch {
        guard case .invalidCase(let problems) = error else { throw error }
        for issue in problems.issues { print("invalid: \(issue.path): \(issue.rule)") }
    }
    pool.shutdown()
} catch {
    FileHandle.standardError.write(Data("embedding-example: \(error)\n".utf8))
    exit(1)
}
