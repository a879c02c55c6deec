/// Kazakhstan's 12-digit identification numbers: the IIN (ЖСН) of a person and the BIN (БСН) of an organisation.
///
/// Check digit (the 12th): weights 1…11 over the first 11 digits, sum mod 11; when that is 10,
/// weights 3 4 5 6 7 8 9 10 11 1 2, sum mod 11; when that is 10 again, no valid number has these 11 digits.
public enum NationalID {
    static let firstWeights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    static let secondWeights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]

    /// The check digit for exactly 11 ASCII digits; nil for other input or when the algorithm yields 10 twice.
    public static func checkDigit(_ first11: String) -> Int? {
        guard let digits = ASCIIDigits.digits(first11), digits.count == 11 else { return nil }
        return checkDigit(digits)
    }

    /// The check digit of the first 11 elements of `digits`, or nil when it yields 10 twice.
    static func checkDigit(_ digits: [Int]) -> Int? {
        for weights in [firstWeights, secondWeights] {
            let sum = zip(digits.prefix(11), weights).reduce(0) { $0 + $1.0 * $1.1 } % 11
            if sum != 10 { return sum }
        }
        return nil
    }

    /// nil when `number` is 12 digits with a matching check digit; otherwise a short lowercase reason:
    /// "must be 12 digits", "check digit cannot be computed" or "check digit does not match".
    public static func checkDigitProblem(_ number: String) -> String? {
        guard let digits = ASCIIDigits.digits(number), digits.count == 12 else { return "must be 12 digits" }
        guard let check = checkDigit(digits) else { return "check digit cannot be computed" }
        return check == digits[11] ? nil : "check digit does not match"
    }

    /// Validates an IIN (ЖСН): 12 digits; 7th digit 1...6 (1/2 = 1800s male/female, 3/4 = 1900s, 5/6 = 2000s);
    /// YYMMDD a real date in that century; the check digit. Returns the birth date and sex, or the first problem found.
    public static func iin(_ number: String) -> Result<IINInfo, IDProblem> {
        guard let digits = ASCIIDigits.digits(number), digits.count == 12 else {
            return .failure(IDProblem(reason: "must be 12 digits"))
        }
        let code = digits[6]
        guard (1...6).contains(code) else {
            return .failure(IDProblem(reason: "7th digit must be 1 to 6"))
        }
        let century = 1800 + (code - 1) / 2 * 100
        let year = century + digits[0] * 10 + digits[1]
        let month = digits[2] * 10 + digits[3]
        let day = digits[4] * 10 + digits[5]
        guard let birth = CivilDate(year: year, month: month, day: day) else {
            return .failure(IDProblem(reason: "birth date is not a real date"))
        }
        if let problem = checkDigitProblem(number) {
            return .failure(IDProblem(reason: problem))
        }
        return .success(IINInfo(birthDate: birth, sex: code % 2 == 1 ? .male : .female))
    }

    /// Validates a BIN (БСН): 12 digits and the check digit. The 5th digit (entity type, normally 4, 5 or 6)
    /// is not checked. nil when valid.
    public static func binProblem(_ number: String) -> IDProblem? {
        checkDigitProblem(number).map { IDProblem(reason: $0) }
    }
}
