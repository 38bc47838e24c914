import SweepCore
import Testing

@Suite struct RunFilterParserTests {
    @Test(arguments: [
        ("n_epochs = 3", RunFilter.compare(field: "n_epochs", op: .equal, value: .number(3), column: 1)),
        ("batch_size >= 8", .compare(field: "batch_size", op: .greaterOrEqual, value: .number(8), column: 1)),
        ("model = local-small", .compare(field: "model", op: .equal, value: .text("local-small"), column: 1)),
        ("model != 'a b'", .compare(field: "model", op: .notEqual, value: .text("a b"), column: 1)),
        ("MODEL = \"x\"", .compare(field: "model", op: .equal, value: .text("x"), column: 1)),
        ("created > 2026-11-01", .compare(field: "created", op: .greater, value: .text("2026-11-01"), column: 1)),
        ("learning_rate_multiplier < 1e-1", .compare(field: "learning_rate_multiplier", op: .less, value: .number(0.1), column: 1)),
        ("valid_loss:min <= 0.5", .compare(field: "valid_loss:min", op: .lessOrEqual, value: .number(0.5), column: 1)),
        ("model in (a, 'b c', 3)", .within(field: "model", values: [.text("a"), .text("b c"), .number(3)], column: 1)),
        ("fine_tuned_model contains triage", .contains(field: "fine_tuned_model", text: "triage", column: 1)),
        ("job is null", .isNull(field: "job", negated: false, column: 1)),
        ("job is not null", .isNull(field: "job", negated: true, column: 1)),
        ("not state = failed", .not(.compare(field: "state", op: .equal, value: .text("failed"), column: 5))),
        ("a = 1 and b = 2 or c = 3", .or(.and(.compare(field: "a", op: .equal, value: .number(1), column: 1), .compare(field: "b", op: .equal, value: .number(2), column: 11)), .compare(field: "c", op: .equal, value: .number(3), column: 20))),
        ("a = 1 and (b = 2 or c = 3)", .and(.compare(field: "a", op: .equal, value: .number(1), column: 1), .or(.compare(field: "b", op: .equal, value: .number(2), column: 12), .compare(field: "c", op: .equal, value: .number(3), column: 21)))),
        ("seed = -1", .compare(field: "seed", op: .equal, value: .number(-1), column: 1)),
    ])
    func parses(_ text: String, _ expected: RunFilter) throws {
        #expect(try RunFilterParser.parse(text) == expected)
    }

    @Test(arguments: [
        ("", 1, "expected a field, found the end"),
        ("n_epochs", 9, "expected a comparison (= != < <= > >=), 'in', 'contains' or 'is' after n_epochs"),
        ("n_epochs =", 11, "expected a value, found the end"),
        ("n_epochs = = 3", 12, "expected a value, found '='"),
        ("(n_epochs = 3", 14, "expected ')'"),
        ("n_epochs = 3)", 13, "unexpected ')'"),
        ("model = 'open", 9, "unterminated string"),
        ("a = 1 and", 10, "expected a field, found the end"),
        ("a = 1 or or b = 2", 10, "expected a field, found 'or'"),
        ("a ! 1", 3, "expected '!='"),
        ("a = 1; drop table runs", 6, "unexpected character ';'"),
        ("a in 1, 2", 6, "expected '(' after 'in'"),
        ("a in (1 2)", 9, "expected ',' or ')' in the list"),
        ("a is nul", 6, "expected 'null' after 'is'"),
        ("a = 1 b = 2", 7, "unexpected 'b'"),
        ("a contains", 11, "expected text after 'contains'"),
        ("a = 1 & b = 2", 7, "unexpected character '&'"),
    ])
    func errorsPointAtTheColumn(_ text: String, _ column: Int, _ message: String) {
        #expect(throws: QueryError(column: column, message: message)) { try RunFilterParser.parse(text) }
    }
}
