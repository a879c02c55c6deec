/// What a valid IIN (ЖСН) says about its holder.
public struct IINInfo: Hashable, Sendable {
    /// The holder's sex as the 7th digit encodes it.
    public enum Sex: Sendable, Hashable {
        /// Odd 7th digit (1, 3, 5).
        case male
        /// Even 7th digit (2, 4, 6).
        case female
    }

    /// The date of birth from digits 1–6 (YYMMDD) and the century in digit 7.
    public let birthDate: CivilDate
    /// The sex from digit 7.
    public let sex: Sex

    /// Info from its parts.
    public init(birthDate: CivilDate, sex: Sex) {
        self.birthDate = birthDate
        self.sex = sex
    }
}
