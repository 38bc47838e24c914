import Foundation
import Providers
import SweepCore
import Testing
import TestSupport

/// The committed search benchmark (experiments/bench/search): the replays search grid.yaml's lists and
/// look every suggestion up in table.jsonl, so the two must describe the same grid.
@Suite struct SearchBenchTableTests {
    private let folder = "\(TestPaths.repository)/experiments/bench/search"

    private struct Row: Decodable {
        var values: [String: ParamValue]
        var trained_tokens: Int
        var full_valid_loss: Double
        var curve: [[Double?]]
    }

    private func rows() throws -> [Row] {
        let text = try String(contentsOfFile: "\(folder)/table.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Row.self, from: Data($0.utf8)) }
    }

    @Test func theGridVariesTheLocalTrainersRegularisationKnobsOverAtLeast96Trials() throws {
        let space = try SpecParser.load(path: "\(folder)/grid.yaml", providers: ProviderRegistry.standard.kinds).searchSpace
        #expect((space.finiteSize ?? 0) >= 96)
        let varied = Set(space.gridAxes.filter { $0.values.count > 1 }.map(\.name))
        #expect(varied.isSuperset(of: ["model", "n_epochs", "batch_size", "learning_rate_multiplier"]))
        let regularisers = [LocalHyperparameter.weightDecay, .dropout].map(\.name)
        #expect(varied.isSuperset(of: regularisers))
    }

    @Test func theTableHoldsEveryPointOfTheGridOnceWithItsCurve() throws {
        let space = try SpecParser.load(path: "\(folder)/grid.yaml", providers: ProviderRegistry.standard.kinds).searchSpace
        let table = try rows()
        let points = Set((0..<(space.finiteSize ?? 0)).map(space.gridPoint(at:)))
        let recorded = table.map(\.values)
        #expect(recorded.count == points.count)
        #expect(Set(recorded) == points)
        for row in table {
            #expect(row.trained_tokens > 0 && row.full_valid_loss.isFinite && !row.curve.isEmpty, "\(row.values)")
        }
    }
}
