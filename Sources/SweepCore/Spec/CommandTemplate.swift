import Foundation

/// A trainer command line with `{placeholder}`s, filled from each trial.
///
/// Without a shell the text is split into words first, as a POSIX shell splits them (single and
/// double quotes, backslash escapes), and placeholders are filled inside each word: a value always
/// lands in exactly one argument and is never split, globbed or expanded. With a shell the values
/// are single-quoted into the text, which `/bin/sh -c` then runs. `{{` and `}}` are literal braces.
public struct CommandTemplate: Sendable, Equatable {
    /// The text as written in the spec.
    public let text: String
    /// The words a shell would see, each a run of literal text and placeholders.
    let words: [[Piece]]
    /// The whole text as pieces, for `shell: true`.
    let pieces: [Piece]

    enum Piece: Sendable, Equatable {
        case literal(String)
        case placeholder(String)
    }

    /// Why a template cannot be used, without location (the parser adds file, line and key).
    public struct Problem: Error, Equatable, Sendable {
        public var message: String

        public init(message: String) { self.message = message }
    }

    /// The names a template may use; `FTSWEEP_<NAME>` carries the same value in the environment.
    public static let names = [
        "model", "n_epochs", "batch_size", "learning_rate_multiplier", "seed", "training_file", "validation_file",
        "run_dir", "trial_key", "attempt", "sweep", "suffix",
    ]

    /// The names a `serve:` template may use: the trial's, and where the model is and which port to answer on.
    public static let servingNames = names + ["model_dir", "port"]

    public init(parsing text: String, names allowed: [String] = names) throws(Problem) {
        self.text = text
        words = try Self.split(text).map { word throws(Problem) in try Self.pieces(of: word, names: allowed) }
        guard !words.isEmpty else { throw Problem(message: "is empty; expected a command") }
        pieces = try Self.pieces(of: text, names: allowed)
    }

    /// Every placeholder the template uses.
    public var placeholders: Set<String> {
        Set(pieces.compactMap { if case .placeholder(let name) = $0 { name } else { nil } })
    }

    /// The program and its arguments, each value filling part of one argument.
    public func arguments(_ values: [String: String]) -> [String] {
        words.map { Self.fill($0, values, quote: { $0 }) }
    }

    /// The text for `/bin/sh -c`, each value single-quoted so the shell takes it literally.
    public func shellCommand(_ values: [String: String]) -> String {
        Self.fill(pieces, values, quote: Self.shellQuoted)
    }

    /// `'text'`, with each `'` written as `'\''`.
    public static func shellQuoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func fill(_ pieces: [Piece], _ values: [String: String], quote: (String) -> String) -> String {
        pieces.map { piece in
            switch piece {
            case .literal(let text): text
            case .placeholder(let name): quote(values[name] ?? "")
            }
        }.joined()
    }

    /// Shell word splitting without expansion: blanks separate words, quotes and backslashes group.
    static func split(_ text: String) throws(Problem) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            switch character {
            case " ", "\t", "\n":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'":
                inWord = true
                guard scan(&iterator, until: "'", into: &word, escapes: []) else {
                    throw Problem(message: "has a ' with no closing '")
                }
            case "\"":
                inWord = true
                guard scan(&iterator, until: "\"", into: &word, escapes: ["\"", "\\", "$", "`"]) else {
                    throw Problem(message: "has a \" with no closing \"")
                }
            case "\\":
                inWord = true
                guard let next = iterator.next() else { throw Problem(message: "ends with a lone \\") }
                if next != "\n" { word.append(next) }
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// Copies characters up to `end`; inside double quotes a backslash escapes only `escapes`.
    private static func scan(
        _ iterator: inout String.Iterator, until end: Character, into word: inout String, escapes: Set<Character>
    ) -> Bool {
        while let character = iterator.next() {
            if character == end { return true }
            if character == "\\", !escapes.isEmpty, let next = iterator.next() {
                if !escapes.contains(next) { word.append("\\") }
                word.append(next)
                continue
            }
            word.append(character)
        }
        return false
    }

    /// Literal runs and `{name}` placeholders; `{{` and `}}` stand for one brace.
    static func pieces(of text: String, names: [String]) throws(Problem) -> [Piece] {
        var pieces: [Piece] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "}" {
                guard next < text.endIndex, text[next] == "}" else {
                    throw Problem(message: "has a lone }; write }} for a literal brace")
                }
                literal.append("}")
                index = text.index(after: next)
            } else if character == "{" {
                if next < text.endIndex, text[next] == "{" {
                    literal.append("{")
                    index = text.index(after: next)
                    continue
                }
                guard let close = text[next...].firstIndex(of: "}") else {
                    throw Problem(message: "has a { with no closing }; write {{ for a literal brace")
                }
                let name = String(text[next..<close])
                guard names.contains(name) else {
                    throw Problem(
                        message:
                            "unknown placeholder {\(name)}\(SpecParser.suggestion(for: name, among: names)) (write {{ for a literal brace)"
                    )
                }
                if !literal.isEmpty { pieces.append(.literal(literal)) }
                literal = ""
                pieces.append(.placeholder(name))
                index = text.index(after: close)
            } else {
                literal.append(character)
                index = next
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }
}
