import Yams

/// A YAML file read with Yams, keeping each node's line and column for messages.
package struct YAMLSource {
    package let file: String
    package let root: Node?

    package init(file: String, text: String) throws(TemplateError) {
        self.file = file
        do {
            root = try Self.compose(text)
        } catch let error as YamlError {
            throw TemplateError([YAMLExplanation.issue(error, file: file, text: text)])
        } catch {
            throw TemplateError(SourceLocation(file: file, line: 1, column: 1), "\(error)")
        }
    }

    /// Yams' `compose` with nothing it would compute per call and Qujat does not use:
    /// - `.basic` resolver: no tag resolution (seven ICU regular expressions per scalar, a third
    ///   of the time a template took to read); the readers interpret scalars themselves;
    /// - an empty constructor: Qujat never asks a node for `.any`, and `Constructor.default`
    ///   builds its three maps on every call;
    /// - UTF-8 said outright: `Parser.Encoding.default` builds the whole environment dictionary
    ///   on every call, and prints to standard output when YAMS_DEFAULT_ENCODING is set (which
    ///   would corrupt a PDF written to `-o -`).
    /// Together 0.5 ms of a cold render.
    package static func compose(_ text: String) throws -> Node? {
        try Yams.compose(yaml: text, .basic, Constructor([:], [:], [:]), .utf8)
    }

    package func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }
}

extension Node {
    /// The pairs of a mapping in file order; empty for other nodes.
    package var pairs: [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let mapping) = self else { return [] }
        return mapping.map { (key: $0.key.string ?? "", keyNode: $0.key, value: $0.value) }
    }

    /// The value for `key` in a mapping.
    package func value(_ key: String) -> Node? {
        guard case .mapping(let mapping) = self else { return nil }
        // A scalar key's text directly: `Node.string` builds it through Yams' constructor.
        for (name, value) in mapping {
            if case .scalar(let scalar) = name { if scalar.string == key { return value } } else if name.string == key { return value }
        }
        return nil
    }

    /// The items of a sequence; empty for other nodes.
    package var items: [Node] {
        guard case .sequence(let sequence) = self else { return [] }
        return Array(sequence)
    }

    package var isMapping: Bool { if case .mapping = self { true } else { false } }
    package var isSequence: Bool { if case .sequence = self { true } else { false } }
    package var isScalar: Bool { if case .scalar = self { true } else { false } }
}
