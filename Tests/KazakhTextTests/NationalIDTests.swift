import Testing
import KazakhText

@Suite struct NationalIDTests {
    static let validIINs: [(String, String, IINInfo.Sex)] = [
        ("920718300451", "1992-07-18", .male),
        ("881203401260", "1988-12-03", .female),
        ("850315400124", "1985-03-15", .female),
    ]
    static let validBINs = ["180140012349", "010640001239", "970440004562"]

    /// `prefix` (11 digits) followed by its check digit.
    static func withCheckDigit(_ prefix: String) throws -> String {
        prefix + String(try #require(NationalID.checkDigit(prefix)))
    }

    /// Every other last digit for `number`.
    static func otherLastDigits(_ number: String) -> [String] {
        let last = number.last!
        return "0123456789".filter { $0 != last }.map { String(number.dropLast()) + String($0) }
    }

    @Test(arguments: validIINs)
    func validIIN(_ number: String, _ birth: String, _ sex: IINInfo.Sex) throws {
        let info = try NationalID.iin(number).get()
        #expect(info.birthDate.iso == birth)
        #expect(info.sex == sex)
        #expect(info == IINInfo(birthDate: try #require(CivilDate(iso: birth)), sex: sex))
        #expect(NationalID.checkDigitProblem(number) == nil)
        #expect(NationalID.checkDigit(String(number.prefix(11))) == Int(String(number.last!)))
    }

    @Test(arguments: validIINs.map(\.0))
    func iinWithWrongLastDigit(_ number: String) {
        for wrong in Self.otherLastDigits(number) {
            #expect(NationalID.iin(wrong) == .failure(IDProblem(reason: "check digit does not match")), "\(wrong)")
            #expect(NationalID.checkDigitProblem(wrong) == "check digit does not match")
        }
    }

    @Test(arguments: validBINs)
    func validBIN(_ number: String) {
        #expect(NationalID.binProblem(number) == nil)
        #expect(NationalID.checkDigitProblem(number) == nil)
        for wrong in Self.otherLastDigits(number) {
            #expect(NationalID.binProblem(wrong)?.reason == "check digit does not match", "\(wrong)")
        }
    }

    @Test func binDoesNotJudgeTheEntityTypeDigit() throws {
        let unusualType = try Self.withCheckDigit("18014071234")
        #expect(NationalID.binProblem(unusualType) == nil)
    }

    /// Numbers with a correct check digit that are still not IINs.
    @Test(arguments: [
        ("92131830045", "birth date is not a real date"),     // month 13
        ("92023030045", "birth date is not a real date"),     // 30 February
        ("00022930012", "birth date is not a real date"),     // 29 February 1900
        ("92071800045", "7th digit must be 1 to 6"),
        ("92071870045", "7th digit must be 1 to 6"),
    ])
    func iinRejectsBadContent(_ prefix: String, _ reason: String) throws {
        let number = try Self.withCheckDigit(prefix)
        #expect(NationalID.checkDigitProblem(number) == nil)
        #expect(NationalID.iin(number) == .failure(IDProblem(reason: reason)))
    }

    @Test(arguments: [
        ("85031510012", "1885-03-15", IINInfo.Sex.male),
        ("05031550012", "2005-03-15", .male),
        ("05031560012", "2005-03-15", .female),
        ("00022950012", "2000-02-29", .male),
    ])
    func centuries(_ prefix: String, _ birth: String, _ sex: IINInfo.Sex) throws {
        let info = try NationalID.iin(try Self.withCheckDigit(prefix)).get()
        #expect(info.birthDate.iso == birth)
        #expect(info.sex == sex)
    }

    @Test(arguments: ["", "92071830045", "9207183004511", "92071830045a", "920718 00451", "９２０７１８３００４５１", "-20718300451"])
    func mustBeTwelveDigits(_ number: String) {
        #expect(NationalID.iin(number) == .failure(IDProblem(reason: "must be 12 digits")))
        #expect(NationalID.binProblem(number) == IDProblem(reason: "must be 12 digits"))
        #expect(NationalID.checkDigitProblem(number) == "must be 12 digits")
    }

    @Test func checkDigitAlgorithm() {
        #expect(NationalID.checkDigit("92071830045") == 1)
        #expect(NationalID.checkDigit("88120340126") == 0)
        #expect(NationalID.checkDigit("92071830140") == 3)   // first pass gives 10, second pass 3
        #expect(NationalID.checkDigit("00000752305") == nil) // 10 twice: no valid number
        #expect(NationalID.checkDigitProblem("000007523050") == "check digit cannot be computed")
        #expect(NationalID.checkDigit("1234567890") == nil)
        #expect(NationalID.checkDigit("920718300451") == nil)
        #expect(NationalID.checkDigit("9207183004a") == nil)
    }

    @Test func problemDescription() {
        let problem = IDProblem(reason: "must be 12 digits")
        #expect(problem.description == "must be 12 digits")
        #expect("\(problem)" == "must be 12 digits")
    }
}
