/// A person's name as FORMS.md gives it: surname, given name, optional patronymic.
public struct PersonName: Hashable, Sendable {
    /// The surname, e.g. «Сейтқали».
    public var surname: String
    /// The given name, e.g. «Айгүл».
    public var given: String
    /// The patronymic, e.g. «Нұрланқызы»; nil (or empty) when the person has none.
    public var patronymic: String?

    /// A name from its parts.
    public init(surname: String, given: String, patronymic: String? = nil) {
        self.surname = surname
        self.given = given
        self.patronymic = patronymic
    }

    /// Surname, given name, patronymic: «Сейтқали Айгүл Нұрланқызы»; without patronymic «Иманғалиева Дина». Empty parts are skipped.
    public var full: String {
        [surname, given, patronymic ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Initials then surname: «А.Н. Сейтқали»; without patronymic «Д. Иманғалиева».
    public var initials: String {
        let i = initialLetters
        return i.isEmpty ? surname : (surname.isEmpty ? i : "\(i) \(surname)")
    }

    /// The same as `initials` (kept for templates).


    /// Surname then initials: «Сейтқали А.Н.».
    public var surnameInitials: String {
        let i = initialLetters
        return i.isEmpty ? surname : (surname.isEmpty ? i : "\(surname) \(i)")
    }

    /// «А.Н.»: the uppercased first letter of the given name and of the patronymic, each followed by a full stop.
    var initialLetters: String {
        [given, patronymic ?? ""].compactMap { $0.first.map { $0.uppercased() + "." } }.joined()
    }
}
