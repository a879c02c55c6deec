/// Parsing of fixed-width runs of ASCII digits, shared by the date and ID parsers.
enum ASCIIDigits {
    /// The decimal value of `bytes` when every byte is an ASCII digit `0`...`9`; nil when empty or when any byte is not.
    static func value(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var result = 0
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            result = result * 10 + Int(byte - 0x30)
        }
        return result
    }

    /// The digits of `string` as numbers 0...9 when it consists of ASCII digits only; nil otherwise.
    static func digits(_ string: String) -> [Int]? {
        var result: [Int] = []
        for byte in string.utf8 {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            result.append(Int(byte - 0x30))
        }
        return result
    }

    /// `n` written in decimal, left-padded with zeros to at least `width` digits (n must be >= 0).
    static func padded(_ n: Int, width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
