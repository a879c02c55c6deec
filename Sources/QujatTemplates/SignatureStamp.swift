import Foundation
import QujatDocument

/// What a document's visible signature stamp says, in the e-government style: who signed
/// (from the signing certificate, never from the case), the certificate and the time. The
/// template places it with a `signature:` block; without a stamp that block prints nothing.
public struct SignatureStamp: Sendable, Hashable {
    /// The certificate's CN: «ТӨСЕКБАЕВ ҚАЙРАТ».
    public var signer: String
    public var iin: String?
    public var organization: String?
    public var bin: String?
    /// The certificate's serial number, hexadecimal.
    public var serialNumber: String
    public var validFrom: Date?
    public var validUntil: Date?
    public var signedAt: Date

    public init(signer: String, iin: String? = nil, organization: String? = nil, bin: String? = nil,
                serialNumber: String, validFrom: Date?, validUntil: Date?, signedAt: Date) {
        self.signer = signer
        self.iin = iin
        self.organization = organization
        self.bin = bin
        self.serialNumber = serialNumber
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.signedAt = signedAt
    }

    /// Kazakhstan's time (UTC+5, one zone for the country since 1 March 2024).
    public static let zone = TimeZone(secondsFromGMT: 5 * 3600)!

    /// Every character the stamp prints (to check the fonts have them).
    public var text: String { lines.joined(separator: " ") }

    /// The stamp's lines, the first a heading.
    var lines: [String] {
        var lines = ["ЭЛЕКТРОНДЫҚ ЦИФРЛЫҚ ҚОЛТАҢБАМЕН ҚОЛ ҚОЙЫЛҒАН"]
        lines.append("Қол қойған: \(signer)" + (iin.map { ", ЖСН \($0)" } ?? ""))
        if let organization { lines.append("Ұйым: \(organization)" + (bin.map { ", БСН \($0)" } ?? "")) }
        else if let bin { lines.append("БСН \(bin)") }
        var certificate = "Сертификат № \(serialNumber)"
        if let validFrom, let validUntil {
            certificate += ", \(Self.format(validFrom)) – \(Self.format(validUntil)) аралығында жарамды"
        }
        lines.append(certificate)
        lines.append("Қол қойылған уақыты: \(Self.format(signedAt, time: true)) (Астана уақыты)")
        return lines
    }

    /// `dd.MM.yyyy`, or with `time` `dd.MM.yyyy HH:mm`, in Astana time.
    static func format(_ date: Date, time: Bool = false) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down)) + time_t(zone.secondsFromGMT())
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let day = "\(two(parts.tm_mday)).\(two(parts.tm_mon + 1)).\(parts.tm_year + 1900)"
        return time ? "\(day) \(two(parts.tm_hour)):\(two(parts.tm_min))" : day
    }

    /// A case's `signature.signed_at` ("YYYY-MM-DDTHH:MM", Astana time) as an instant.
    public static func instant(_ local: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.date(from: local)
    }
}
