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
