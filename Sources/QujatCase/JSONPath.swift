/// A place in case data — keys and array indexes from the root — written as every error
/// writes it: `licensee.address`, `items[2].code`, `$` for the root. Kept as steps, so the
/// text is built only when a problem needs it.
package struct JSONPath {
    package enum Step {
        case key(String)
        case index(Int)
    }

    package private(set) var steps: [Step] = []

    package mutating func append(_ step: Step) { steps.append(step) }
    package mutating func removeLast() { steps.removeLast() }

    package func appending(_ step: Step) -> JSONPath {
        var path = self
        path.append(step)
        return path
    }

    package var text: String {
        var text = ""
        for step in steps {
            switch step {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text.isEmpty ? "$" : text
    }
}
