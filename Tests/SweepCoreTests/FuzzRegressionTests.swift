import SweepCore
import Testing

/// Crashes in what the spec fuzz target (Fuzz/Sources/FuzzSpecParser) runs. This one was found
/// reading USD while writing the target and confirmed by running the target on the input below;
/// libFuzzer had not reached it in 4 million runs.
@Suite struct SweepCoreFuzzRegressionTests {
    /// `max_cost_usd` past Int64's nano-dollars overflowed `whole * 1_000_000_000` and trapped.
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
