/// The little DER (X.690) the CMS signature needs: lengths, sequences, sets in DER order,
/// object identifiers, integers and octet strings. Parsing is left to OpenSSL.
enum DER {
    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        [tag] + length(content.count) + content
    }

    static func length(_ count: Int) -> [UInt8] {
        guard count >= 0x80 else { return [UInt8(count)] }
        var bytes: [UInt8] = []
        var rest = count
        while rest > 0 {
            bytes.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }

    static func sequence(_ parts: [[UInt8]]) -> [UInt8] { tlv(0x30, parts.flatMap { $0 }) }

    /// A SET OF: DER orders the elements by their encodings.
    static func set(_ parts: [[UInt8]]) -> [UInt8] { tlv(0x31, sorted(parts).flatMap { $0 }) }

    static func sorted(_ parts: [[UInt8]]) -> [[UInt8]] {
        parts.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// `[n]` around an encoding: explicit tagging of `content`, or implicit tagging of a
    /// constructed type's contents.
    static func context(_ number: UInt8, _ content: [UInt8]) -> [UInt8] { tlv(0xA0 | number, content) }

    static func octetString(_ bytes: [UInt8]) -> [UInt8] { tlv(0x04, bytes) }

    static let null: [UInt8] = [0x05, 0x00]

    /// A small non-negative INTEGER.
    static func integer(_ value: Int) -> [UInt8] {
        precondition(value >= 0 && value < 128)
        return [0x02, 0x01, UInt8(value)]
    }

    static func oid(_ dotted: String) -> [UInt8] {
        let arcs = dotted.split(separator: ".").map { Int($0)! }
        var content = [UInt8(arcs[0] * 40 + arcs[1])]
        for arc in arcs.dropFirst(2) {
            var chunk = [UInt8(arc & 0x7F)]
            var rest = arc >> 7
            while rest > 0 {
                chunk.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
                rest >>= 7
            }
            content += chunk
        }
        return tlv(0x06, content)
    }

    /// `AlgorithmIdentifier`: an OID and, for RSA, a NULL parameter.
    static func algorithm(_ dotted: String, nullParameters: Bool = false) -> [UInt8] {
        sequence([oid(dotted)] + (nullParameters ? [null] : []))
    }

    /// A CMS attribute: its type and a set of one value.
    static func attribute(_ dotted: String, _ value: [UInt8]) -> [UInt8] {
        sequence([oid(dotted), set([value])])
    }
}

/// Object identifiers of the signature.
enum OID {
    static let data = "1.2.840.113549.1.7.1"
    static let signedData = "1.2.840.113549.1.7.2"
    static let sha256 = "2.16.840.1.101.3.4.2.1"
    static let rsaEncryption = "1.2.840.113549.1.1.1"
    static let ecdsaWithSHA256 = "1.2.840.10045.4.3.2"
    static let contentType = "1.2.840.113549.1.9.3"
    static let messageDigest = "1.2.840.113549.1.9.4"
    static let signingCertificateV2 = "1.2.840.113549.1.9.16.2.47"
}
