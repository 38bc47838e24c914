import SweepCore
import Testing

/// Crashes in what the fuzz targets in Fuzz/ run, with the inputs that showed them.
@Suite struct SweepCoreFuzzRegressionTests {
    /// FuzzRunFilter (debug build): 2,431 `(` overflowed the stack of the recursive parser.
    @Test func deepNestingIsAnErrorNotAStackOverflow() throws {
        let crash = String(repeating: "(", count: 2431)
        #expect(throws: QueryError(column: 257, message: "more than 256 of and, or, not and '(' in one filter")) {
            try RunFilterParser.parse(crash)
        }
        // A long chain nests as deep when compiled, so it counts too; 256 levels still parse.
        let chain = Array(repeating: "a = 1", count: 20_000).joined(separator: " and ")
        #expect(throws: QueryError.self) { try RunFilterParser.parse(chain) }
        let deepest = try RunFilterParser.parse(String(repeating: "not ", count: 256) + "a = 1")
        #expect(deepest != .compare(field: "a", op: .equal, value: .number(1), column: 1025))
    }

    /// `max_cost_usd` past Int64's nano-dollars overflowed `whole * 1_000_000_000` and trapped.
    /// Found reading USD while writing FuzzSpecParser and confirmed by running the target on this
    /// spec; libFuzzer had not reached it in four million runs.
    @Test func aBudgetPastInt64IsAnErrorNotATrap() {
        let spec = "name: s\ntraining_file: t\nbudget: {max_cost_usd: 99999999999}\nparameters:\n  model: {value: m}\n"
        let refusal = SpecError(file: "spec.yaml", line: 3, path: "budget.max_cost_usd", message: "must be an amount of dollars such as 25 or 12.50")
        #expect(throws: refusal) { try SpecParser(file: "spec.yaml", text: spec).parse() }
    }

    /// The largest amount accepted still formats: rounding to cents adds to the nanos.
    @Test func theLargestAmountFormatsAndOneDollarMoreIsRefused() throws {
        let largest = try #require(USD(dollars: "9223372035.999999999"))
        #expect(largest.description == "$9223372036.00")
        #expect(USD(dollars: "9223372036") == nil)
        #expect(USD(dollars: "9223372036854775807") == nil)
    }
}
