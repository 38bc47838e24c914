/// Parses the `--where` language: `and`, `or`, `not`, parentheses; comparisons `= != < <= > >=`,
/// `in (…)`, `contains`, `is [not] null`. Words are case-insensitive; values are numbers, quoted
/// strings, or bare words such as `local-small` and `2026-11-01`.
public struct RunFilterParser {
    private struct Token: Equatable {
        enum Kind: Equatable { case word, string, number, symbol, end }
        var kind: Kind
        var text: String
        var column: Int
    }

    private var tokens: [Token] = []
    private var position = 0

    /// Each `and`, `or`, `not` and `(` nests the filter one level deeper.
    static let maxOperators = 256

    public static func parse(_ text: String) throws(QueryError) -> RunFilter {
        var parser = RunFilterParser()
        parser.tokens = try tokenize(text)
        // Parsing and compiling recurse once a level: thousands of `(` overflowed the stack (and
        // SQLite refuses expressions over 1000 deep anyway).
        let operators = parser.tokens.filter { $0.kind == .symbol ? $0.text == "(" : $0.kind == .word && ["and", "or", "not"].contains($0.text.lowercased()) }
        if operators.count > maxOperators {
            throw QueryError(column: operators[maxOperators].column, message: "more than \(maxOperators) of and, or, not and '(' in one filter")
        }
        let filter = try parser.orExpression()
        guard parser.current.kind == .end else { throw QueryError(column: parser.current.column, message: "unexpected '\(parser.current.text)'") }
        return filter
    }

    private var current: Token { tokens[position] }

    private mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func isKeyword(_ word: String) -> Bool { current.kind == .word && current.text.lowercased() == word }

    private mutating func orExpression() throws(QueryError) -> RunFilter {
        var left = try andExpression()
        while isKeyword("or") {
            _ = advance()
            left = .or(left, try andExpression())
        }
        return left
    }

    private mutating func andExpression() throws(QueryError) -> RunFilter {
        var left = try notExpression()
        while isKeyword("and") {
            _ = advance()
            left = .and(left, try notExpression())
        }
        return left
    }

    private mutating func notExpression() throws(QueryError) -> RunFilter {
        if isKeyword("not") {
            _ = advance()
            return .not(try notExpression())
        }
        return try primary()
    }

    private mutating func primary() throws(QueryError) -> RunFilter {
        if current.kind == .symbol && current.text == "(" {
            _ = advance()
            let inner = try orExpression()
            guard current.kind == .symbol && current.text == ")" else { throw QueryError(column: current.column, message: "expected ')'") }
            _ = advance()
            return inner
        }
        guard current.kind == .word, !["and", "or", "not", "in", "is", "contains", "null"].contains(current.text.lowercased()) else {
            throw QueryError(column: current.column, message: current.kind == .end ? "expected a field, found the end" : "expected a field, found '\(current.text)'")
        }
        let field = advance()
        let name = field.text.lowercased()
        if isKeyword("is") {
            _ = advance()
            var negated = false
            if isKeyword("not") {
                _ = advance()
                negated = true
            }
            guard isKeyword("null") else { throw QueryError(column: current.column, message: "expected 'null' after 'is'") }
            _ = advance()
            return .isNull(field: name, negated: negated, column: field.column)
        }
        if isKeyword("contains") {
            _ = advance()
            guard [.string, .word, .number].contains(current.kind) else { throw QueryError(column: current.column, message: "expected text after 'contains'") }
            return .contains(field: name, text: advance().text, column: field.column)
        }
        if isKeyword("in") {
            _ = advance()
            guard current.kind == .symbol && current.text == "(" else { throw QueryError(column: current.column, message: "expected '(' after 'in'") }
            _ = advance()
            var values = [try value()]
            while current.kind == .symbol && current.text == "," {
                _ = advance()
                values.append(try value())
            }
            guard current.kind == .symbol && current.text == ")" else { throw QueryError(column: current.column, message: "expected ',' or ')' in the list") }
            _ = advance()
            return .within(field: name, values: values, column: field.column)
        }
        guard current.kind == .symbol, let op = RunFilter.Comparison(rawValue: current.text) else {
            throw QueryError(column: current.column, message: "expected a comparison (= != < <= > >=), 'in', 'contains' or 'is' after \(field.text)")
        }
        _ = advance()
        return .compare(field: name, op: op, value: try value(), column: field.column)
    }

    private mutating func value() throws(QueryError) -> QueryValue {
        let token = advance()
        switch token.kind {
        case .number: return .number(Double(token.text) ?? 0)
        case .string, .word: return .text(token.text)
        case .symbol, .end: throw QueryError(column: token.column, message: token.kind == .end ? "expected a value, found the end" : "expected a value, found '\(token.text)'")
        }
    }

    private static func tokenize(_ text: String) throws(QueryError) -> [Token] {
        var tokens: [Token] = []
        let characters = Array(text)
        var index = 0
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || "_-:.".contains(c) }
        while index < characters.count {
            let c = characters[index]
            let column = index + 1
            if c.isWhitespace {
                index += 1
            } else if c == "'" || c == "\"" {
                var end = index + 1
                var value = ""
                while end < characters.count && characters[end] != c {
                    if characters[end] == "\\", end + 1 < characters.count { end += 1 }
                    value.append(characters[end])
                    end += 1
                }
                guard end < characters.count else { throw QueryError(column: column, message: "unterminated string") }
                tokens.append(Token(kind: .string, text: value, column: column))
                index = end + 1
            } else if "()=,".contains(c) {
                tokens.append(Token(kind: .symbol, text: String(c), column: column))
                index += 1
            } else if "<>!".contains(c) {
                var symbol = String(c)
                if index + 1 < characters.count, characters[index + 1] == "=" { symbol.append("=") }
                guard symbol != "!" else { throw QueryError(column: column, message: "expected '!='") }
                tokens.append(Token(kind: .symbol, text: symbol, column: column))
                index += symbol.count
            } else if isWord(c) {
                var end = index
                while end < characters.count && isWord(characters[end]) { end += 1 }
                let word = String(characters[index..<end])
                let isNumber = Double(word) != nil && (word.first?.isNumber == true || word.first == "-" || word.first == ".")
                tokens.append(Token(kind: isNumber ? .number : .word, text: word, column: column))
                index = end
            } else {
                throw QueryError(column: column, message: "unexpected character '\(c)'")
            }
        }
        tokens.append(Token(kind: .end, text: "", column: characters.count + 1))
        return tokens
    }
}
