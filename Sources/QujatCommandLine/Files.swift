import Foundation
import Qujat
import QujatSign

/// A PKCS#12 key and the first line of its password file (the password is never printed).
package func loadSigningKey(_ signKey: String, passwordFile: String) throws(QujatError) -> SigningKey {
    let file = try readFile(signKey)
    let password = try readFile(passwordFile)
    let line = String(decoding: password, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
    do throws(SignError) {
        return try SigningKey(pkcs12: file, password: String(line.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))))
    } catch {
        throw .signing(SignError(error.kind, "\(signKey): \(error.message)"))
    }
}

/// A file's bytes, or exit 66 naming it.
package func readFile(_ path: String) throws(QujatError) -> [UInt8] {
    if path == "-" { return [UInt8](FileHandle.standardInput.readDataToEndOfFile()) }
    guard let data = FileManager.default.contents(atPath: path) else { throw .missing("cannot read \(path)") }
    return [UInt8](data)
}
