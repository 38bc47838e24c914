import Foundation
import TestSupport
import Testing

/// A budget that cannot be kept, or a price for no model, stops the plan before anything is paid.
@Suite struct PlanGuardsTests {
    private func plan(_ extra: [String], parameters: [String] = ["model: {value: local-small}", "n_epochs: {value: 1}"]) throws -> CommandResult {
        let folder = TriageSweep.workspace("guards", parameters: parameters, extra: extra)
        return try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml"], in: folder)
    }

    @Test func aMisspeltPriceKeyIsRefusedWithADidYouMean() throws {
        let result = try plan(["prices: {local-smal: 1.5}"])
        #expect(result.status == 64)
        #expect(result.stderr.hasSuffix("prices.local-smal: no trial trains local-smal; did you mean 'local-small'?\n"), "\(result.stderr)")
    }

    @Test func aCostCapOnAModelWithoutAPriceCannotBeKept() throws {
        let command = ["provider: {kind: command, run: \"true\"}", "budget: {max_cost_usd: 1}"]
        let result = try plan(command, parameters: ["model: {value: my-own-model}"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("max_cost_usd cannot be kept: no training price for my-own-model"), "\(result.stderr)")
        let priced = try plan(command + ["prices: {my-own-model: 2.5}"], parameters: ["model: {value: my-own-model}"])
        #expect(priced.status == 0, "\(priced.stderr)")
    }

    /// Costs come from the local price table, so a plan asks the API nothing: no key, no network.
    @Test(arguments: ["{kind: openai}", "{kind: openai, base_url: \"http://127.0.0.1:9/v1\"}"])
    func anOpenAIPlanNeedsNoKeyAndNoNetwork(provider: String) throws {
        let folder = TriageSweep.workspace(
            "offline-plan", parameters: ["model: {value: gpt-4o-mini-2024-07-18}", "n_epochs: {values: [1, 2]}"],
            extra: ["provider: \(provider)"])
        let result = try CommandRunner.ftsweep(
            ["sweep", "plan", "spec.yaml", "--format", "json"], in: folder, environment: ["OPENAI_API_KEY": ""])
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let trials = try #require(plan["trials"] as? [[String: Any]])
        #expect(trials.count == 2)
        #expect(trials.allSatisfy { ($0["cost_usd"] as? Double ?? 0) > 0 }, "\(trials)")
    }

    @Test func aModelThatCannotTrainOnTheDatasFormatIsRefusedAtItsLine() throws {
        let folder = TriageSweep.workspace(
            "format-plan", parameters: ["model: {values: [gpt-4o-mini-2024-07-18, babbage-002]}"], extra: ["provider: {kind: openai}"])
        let result = try CommandRunner.ftsweep(["sweep", "plan", "spec.yaml"], in: folder, environment: ["OPENAI_API_KEY": ""])
        #expect(result.status == 64)
        #expect(result.stderr.contains("parameters.model: babbage-002 trains on completion examples, not chat"), "\(result.stderr)")
    }

    @Test func runsWithoutAModelStillCompareTheirSettings() throws {
        let folder = TriageSweep.workspace(
            "failing", parameters: ["model: {value: my-own-model}", "seed: {values: [1, 2]}"],
            extra: ["provider: {kind: command, run: \"false\"}"])
        let launch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder)
        #expect(launch.status == 1, "both trials fail: \(launch.stderr)")
        let compare = try CommandRunner.ftsweep(["compare", "1", "2", "--format", "json"], in: folder)
        #expect(compare.status == 0, "\(compare.stderr)")
        let comparison = try #require(try JSONSerialization.jsonObject(with: Data(compare.stdout.utf8)) as? [String: Any])
        #expect((comparison["runs"] as? [[String: Any]])?.map { $0["state"] as? String } == ["failed", "failed"])
        #expect((comparison["differing"] as? [String])?.contains("seed") == true, "\(comparison)")
    }
}
