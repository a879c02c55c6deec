import Foundation
import Qujat
import QujatSign

extension Scenarios {
    /// Scenario A with a signature: each license rendered with its stamp, signed (PAdES B-B)
    /// and written to its own file. Compare with the unsigned "license → separate PDFs" row.
    func signed(_ cases: Cases, count: Int, keyFile: String, passwordFile: String, label: String,
                pagesPerDoc: Int) throws -> Result {
        let password = try String(contentsOfFile: passwordFile, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let key = try SigningKey(pkcs12: [UInt8](try Data(contentsOf: URL(fileURLWithPath: keyFile))), password: password)
        let folder = output.appendingPathComponent("signed-\(label)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let jsons = cases.jsons(0..<count)
        let files = (0..<count).map { folder.appendingPathComponent(String(format: "%05d.pdf", $0)) }
        let signing = Renderer.Signing(key: key, time: Date())
        _ = try renderer.render(json: jsons[0], signing: signing)
        Memory.resetPeak()
        var total = Stopwatch()
        try total.time {
            for i in 0..<count {
                let bytes = try renderer.render(json: jsons[i], signing: signing).pdf
                try writeFile(bytes, to: files[i].path)
            }
        }
        return Result(scenario: "license → separate PDFs, signed \(label)", docs: count, pages: count * pagesPerDoc,
                      seconds: total.seconds, peakMB: Memory.peakMB, target: .none)
    }
}
