import ArgumentParser
import Orchestration
import Reports

extension SweepCommand {
    /// `ftsweep sweep plan`.
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Check a sweep spec and print its trials, billed tokens and cost; submit nothing.",
            discussion: """
                Exit status: 0 when the plan is runnable, 1 when it breaks the budget, 64 for a bad spec, 65 for bad data.

                Examples:
                  ftsweep sweep plan experiments/sweeps/triage.yaml
                  ftsweep sweep plan spec.yaml -p n_epochs=2,3 -p learning_rate_multiplier=loguniform(0.05,2)
                """)

        @OptionGroup var sweep: SweepOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let (plan, _) = try await sweep.plan(try sweep.load(), ledger: ledger)
            switch output.format {
            case .json: print(try JSONOutput.render(PlanView(plan).document))
            case .table: print(PlanView(plan).render())
            }
            if !plan.budgetViolations.isEmpty {
                throw CommandFailure("the plan breaks the budget: " + plan.budgetViolations.joined(separator: "; "))
            }
        }
    }
}
