import Foundation
import Hummingbird
import QujatSign

/// Who may call the server: `--api-keys FILE`, one key a line, `NAME SHA256-HEX-OF-TOKEN
/// SCOPES` (scopes from `render,sign,batch`, comma-separated; `#` starts a comment). Only the
/// tokens' hashes are on disk. A request carries `Authorization: Bearer TOKEN`; its hash is
/// compared with every key's in constant time.
public struct APIKeys: Sendable {
    public enum Scope: String, Sendable, CaseIterable {
        case render, sign, batch
    }

    struct Key: Sendable {
        let name: String
        let hash: [UInt8]
        let scopes: Set<Scope>
    }

    let keys: [Key]

    /// - Throws: a message naming the line at fault.
    public init(file text: String, path: String = "API keys") throws(APIKeysError) {
        var keys: [Key] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard !fields.isEmpty else { continue }
            let at = "\(path):\(index + 1)"
            guard fields.count == 3 else { throw APIKeysError("\(at): write NAME SHA256-HEX SCOPES") }
            guard let hash = Self.hexBytes(fields[1]), hash.count == 32 else {
                throw APIKeysError("\(at): the token's SHA-256 must be 64 hexadecimal digits")
            }
            var scopes: Set<Scope> = []
            for name in fields[2].split(separator: ",") {
                guard let scope = Scope(rawValue: String(name)) else {
                    throw APIKeysError("\(at): unknown scope '\(name)' (render, sign, batch)")
                }
                scopes.insert(scope)
            }
            guard !keys.contains(where: { $0.name == fields[0] }) else { throw APIKeysError("\(at): the name '\(fields[0])' is used twice") }
            keys.append(Key(name: String(fields[0]), hash: hash, scopes: scopes))
        }
        guard !keys.isEmpty else { throw APIKeysError("\(path): no key") }
        self.keys = keys
    }

    /// The key a request's bearer token belongs to, if it has `scope`.
    /// - Throws: 401 without a known token, 403 when its key lacks the scope.
    func authorize(_ request: Request, _ scope: Scope) throws -> String {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
              case let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces), !token.isEmpty else {
            throw Problem(status: .unauthorized, title: "Unauthorized", detail: "send Authorization: Bearer TOKEN")
        }
        let presented = SHA256Digest.bytes(Array(token.utf8))
        var found: Key?
        for key in keys {
            // Every key is compared whole, whatever matched before: no timing tells which.
            var difference: UInt8 = 0
            for (a, b) in zip(key.hash, presented) { difference |= a ^ b }
            if difference == 0 { found = key }
        }
        guard let found else {
            throw Problem(status: .unauthorized, title: "Unauthorized", detail: "the token is not known to this server")
        }
        guard found.scopes.contains(scope) else {
            throw Problem(status: .forbidden, title: "Forbidden", detail: "the key '\(found.name)' may not \(scope.rawValue)")
        }
        return found.name
    }

    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2, limitedBy: text.endIndex) ?? text.endIndex
            guard let byte = UInt8(text[index..<next], radix: 16), text.distance(from: index, to: next) == 2 else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

public struct APIKeysError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// One line per signature, appended to `--audit-log` (and logged): the API key's name, the
/// document and its title, the SHA-256 of the signed PDF, the time. No case data.
final class AuditLog: @unchecked Sendable {
    private let lock = NSLock()
    private let descriptor: Int32?

    init(path: String?) throws(APIKeysError) {
        guard let path else {
            descriptor = nil
            return
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        guard fd >= 0 else { throw APIKeysError("cannot open the audit log \(path): \(String(cString: strerror(errno)))") }
        descriptor = fd
    }

    deinit { if let descriptor { close(descriptor) } }

    struct Line: Encodable {
        var time: String
        var event: String
        var key: String
        var document: String?
        var title: String?
        var sha256: String
    }

    /// Writes the line; false when it could not be written whole.
    func record(_ line: Line) -> Bool {
        guard let descriptor else { return true }
        let bytes = JSONBody.bytes(line) + [0x0A]
        return lock.withLock {
            bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == bytes.count
        }
    }
}
