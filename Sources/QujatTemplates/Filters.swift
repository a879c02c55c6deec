import QujatCase
import KazakhText

/// What a filter may consult besides its input.
struct FilterContext: Sendable {
    let calendar: WorkCalendar
}

/// A filter could not handle its input; the binder adds the template location.
struct FilterFailure: Error {
    let message: String
    /// The value itself is at fault (a case error naming its JSON path), not the template.
    let blamesValue: Bool
    init(_ message: String, blamesValue: Bool = false) {
        self.message = message
        self.blamesValue = blamesValue
    }
}

/// The filters templates may use after `|`. Every filter passes null through unchanged,
/// except `default` and `count`. docs/TEMPLATES.md describes each one with an example.
enum Filters {
    typealias Function = @Sendable (CaseValue, [CaseValue], FilterContext) throws(FilterFailure) -> CaseValue

    struct Entry: Sendable {
        let arguments: ClosedRange<Int>
        let passesNull: Bool
        let apply: Function
    }

    static let all: [String: Entry] = [
        "date": date { .string(KazakhDate.numeric($0)) },
        "date_attr": date { .string(KazakhDate.attributive($0)) },
        "date_loc": date { .string(KazakhDate.locative($0)) },
        "date_nom": date { .string(KazakhDate.nominative($0)) },
        "date_long": date { .string(KazakhDate.long($0)) },
        "date_gen": date { .string(KazakhDate.genitive($0)) },
        "date_dat": date { .string(KazakhDate.dative($0)) },
        "date_abl": date { .string(KazakhDate.ablative($0)) },
        "time": Entry(arguments: 0...0, passesNull: true) { value, _, _ throws(FilterFailure) in
            guard case .string(let text) = value, let time = CivilDateTime(iso: text) else {
                throw FilterFailure("needs a date-time YYYY-MM-DDTHH:MM, got \(value.text)")
            }
            return .string(KazakhDate.time(time))
        },
        "full_name": name { .string($0.full) },
        "initials": name { .string($0.initials) },
        "surname_initials": name { .string($0.surnameInitials) },
        "genitive": Entry(arguments: 0...0, passesNull: true) { value, _, _ in .string(KazakhCase.genitive(value.text)) },
        "possessive": Entry(arguments: 0...0, passesNull: true) { value, _, _ in .string(KazakhCase.possessive(value.text)) },
        "upper": Entry(arguments: 0...0, passesNull: true) { value, _, _ in .string(value.text.uppercased()) },
        "lower": Entry(arguments: 0...0, passesNull: true) { value, _, _ in .string(value.text.lowercased()) },
        "number": integer { .string(KazakhNumber.grouped($0)) },
        "words": integer { n throws(FilterFailure) in
            guard let words = KazakhNumber.words(n) else { throw FilterFailure("\(n) is out of range for words") }
            return .string(words)
        },
        "with_words": integer { n throws(FilterFailure) in
            guard let words = KazakhNumber.withWords(n) else { throw FilterFailure("\(n) is out of range for words") }
            return .string(words)
        },
        "money": integer { n throws(FilterFailure) in
            guard let words = KazakhNumber.money(n) else { throw FilterFailure("\(n) is out of range for words") }
            return .string(words)
        },
        "ordinal": Entry(arguments: 1...1, passesNull: true) { value, arguments, _ throws(FilterFailure) in
            guard let n = integerValue(value) else { throw FilterFailure("needs a whole number, got \(value.text)") }
            return .string(KazakhNumber.ordinal(n, arguments[0].text))
        },
        "default": Entry(arguments: 1...1, passesNull: false) { value, arguments, _ in
            value.isFalsy ? arguments[0] : value
        },
        "prefix": Entry(arguments: 1...1, passesNull: true) { value, arguments, _ in
            value.isFalsy ? .null : .string(arguments[0].text + value.text)
        },
        "suffix": Entry(arguments: 1...1, passesNull: true) { value, arguments, _ in
            value.isFalsy ? .null : .string(value.text + arguments[0].text)
        },
        "join": Entry(arguments: 0...1, passesNull: true) { value, arguments, _ in
            guard case .array(let items) = value else { return value }
            return .string(items.map(\.text).joined(separator: arguments.first?.text ?? ", "))
        },
        "count": Entry(arguments: 0...0, passesNull: false) { value, _, _ in
            if case .array(let items) = value { return .int(items.count) }
            return .int(value == .null ? 0 : 1)
        },
        "hyphenate": Entry(arguments: 0...0, passesNull: true) { value, _, _ in
            .string(Hyphenator.softHyphenated(value.text))
        },
        "choose": Entry(arguments: 1...32, passesNull: true) { value, arguments, _ throws(FilterFailure) in
            for argument in arguments {
                let parts = argument.text.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 && parts[0] == value.text { return .string(parts[1]) }
            }
            // '*=text' is the choice for any other value.
            for argument in arguments where argument.text.hasPrefix("*=") {
                return .string(String(argument.text.dropFirst(2)))
            }
            throw FilterFailure("has no choice for '\(value.text)'")
        },
        "service_term": Entry(arguments: 0...0, passesNull: true) { value, _, _ throws(FilterFailure) in
            guard let term = serviceTerm(value.text) else {
                throw FilterFailure("is a service whose term is not known (license or permit issue 15, reissue 3, duplicate 2, attachment 1 working days): give result_on", blamesValue: true)
            }
            return .int(term)
        },
        "working_days": Entry(arguments: 1...1, passesNull: true) { value, arguments, context throws(FilterFailure) in
            guard let start = dateValue(value) else { throw FilterFailure("needs a date, got \(value.text)") }
            guard let n = integerValue(arguments[0]), (1...366).contains(n) else { throw FilterFailure("needs a number of days from 1 to 366") }
            switch context.calendar.dueDate(n, after: start) {
            case .success(let due): return .string(due.iso)
            case .failure(let gap):
                throw FilterFailure("cannot count working days through \(gap.year): Templates/calendar.txt has no data for that year "
                    + "(its Kurban ait date and decree transfers; it has \(gap.known.map(String.init).joined(separator: ", "))). Add them from the government decree")
            }
        },
    ]

    /// The term of a service in working days (FORMS.md): reissue 3, duplicate 2, attachment
    /// to a primary-care organization 1, issuing a license or permit 15; nil for a service
    /// whose term is not known (never a silent 15).
    static func serviceTerm(_ service: String) -> Int? {
        let name = service.lowercased()
        if name.contains("қайта ресімде") { return 3 }
        if name.contains("телнұсқа") { return 2 }
        if name.contains("бекіту") { return 1 }
        if name.contains("лицензия беру") || name.contains("рұқсат беру") { return 15 }
        return nil
    }

    static func integerValue(_ value: CaseValue) -> Int? {
        switch value {
        case .int(let n): n
        case .double(let d): Int(exactly: d)
        case .string(let s): Int(s)
        default: nil
        }
    }

    /// A date, or the date part of a date-time.
    static func dateValue(_ value: CaseValue) -> CivilDate? {
        guard case .string(let text) = value else { return nil }
        return CivilDate(iso: text) ?? CivilDateTime(iso: text)?.date
    }

    private static func date(_ body: @escaping @Sendable (CivilDate) -> CaseValue) -> Entry {
        Entry(arguments: 0...0, passesNull: true) { value, _, _ throws(FilterFailure) in
            guard let date = dateValue(value) else { throw FilterFailure("needs a date YYYY-MM-DD, got '\(value.text)'") }
            return body(date)
        }
    }

    private static func name(_ body: @escaping @Sendable (PersonName) -> CaseValue) -> Entry {
        Entry(arguments: 0...0, passesNull: true) { value, _, _ throws(FilterFailure) in
            switch value {
            case .string:
                return value
            case .object(let fields):
                guard case .string(let surname)? = fields["surname"], case .string(let given)? = fields["given"] else {
                    throw FilterFailure("needs a name with surname and given")
                }
                var patronymic: String?
                if case .string(let p)? = fields["patronymic"], !p.isEmpty { patronymic = p }
                return body(PersonName(surname: surname, given: given, patronymic: patronymic))
            default:
                throw FilterFailure("needs a name, got \(value.typeName)")
            }
        }
    }

    private static func integer(_ body: @escaping @Sendable (Int) throws(FilterFailure) -> CaseValue) -> Entry {
        Entry(arguments: 0...0, passesNull: true) { value, _, _ throws(FilterFailure) in
            guard let n = integerValue(value) else { throw FilterFailure("needs a whole number, got '\(value.text)'") }
            return try body(n)
        }
    }
}

extension Filters {
    /// "unknown filter 'prefx' (did you mean 'prefix'?)", or the list of filters when none is close.
    static func unknown(_ name: String) -> String {
        let hint = Suggestion.nearest(name, in: all.keys).map { "did you mean '\($0)'?" }
            ?? "known: \(all.keys.sorted().joined(separator: ", "))"
        return "unknown filter '\(name)' (\(hint))"
    }
}
