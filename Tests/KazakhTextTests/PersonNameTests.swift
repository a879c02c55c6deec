import Testing
import KazakhText

@Suite struct PersonNameTests {
    @Test func withPatronymic() {
        let name = PersonName(surname: "Сейтқали", given: "Айгүл", patronymic: "Нұрланқызы")
        #expect(name.full == "Сейтқали Айгүл Нұрланқызы")
        #expect(name.initials == "А.Н. Сейтқали")
        #expect(name.initials == "А.Н. Сейтқали")
        #expect(name.surnameInitials == "Сейтқали А.Н.")
    }

    @Test func withoutPatronymic() {
        let name = PersonName(surname: "Иманғалиева", given: "Дина")
        #expect(name.patronymic == nil)
        #expect(name.full == "Иманғалиева Дина")
        #expect(name.initials == "Д. Иманғалиева")
        #expect(name.surnameInitials == "Иманғалиева Д.")
    }

    @Test(arguments: [
        ("Әбенов", "әсет", "өмірұлы", "Ә.Ө. Әбенов", "Әбенов Ә.Ө."),
        ("Ұлықбек", "ілияс", nil, "І. Ұлықбек", "Ұлықбек І."),
        ("Нұрғали", "Ерлан", "", "Е. Нұрғали", "Нұрғали Е."),
    ] as [(String, String, String?, String, String)])
    func initialsUppercaseKazakhLetters(surname: String, given: String, patronymic: String?,
                                        initials: String, surnameInitials: String) {
        let name = PersonName(surname: surname, given: given, patronymic: patronymic)
        #expect(name.initials == initials)
        #expect(name.surnameInitials == surnameInitials)
        #expect(!name.full.contains("  "))
    }

    @Test func isMutableAndHashable() {
        var name = PersonName(surname: "Иманғалиева", given: "Дина")
        let before = name
        name.patronymic = "Маратқызы"
        #expect(name != before)
        #expect(name.full == "Иманғалиева Дина Маратқызы")
        #expect(Set([name, before, name]).count == 2)
    }
}
