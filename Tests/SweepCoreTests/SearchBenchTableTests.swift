import Foundation
import Providers
import SweepCore
import Testing
import TestSupport

/// The committed search benchmark (experiments/bench/search): the replays search grid.yaml's lists (or
/// space.yaml's ranges over them) and look every suggestion up in table.jsonl, so all three must
/// describe the same grid.
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

    /// space.yaml is the grid as ranges: the same parameters, each list's smallest and largest values as
    /// the range's ends, and the unordered lists (model names, batch sizes) as they are.
    @Test func theRangesSpanTheGridsListsExactly() throws {
        let kinds = ProviderRegistry.standard.kinds
        let grid = try SpecParser.load(path: "\(folder)/grid.yaml", providers: kinds).searchSpace
        let ranges = try SpecParser.load(path: "\(folder)/space.yaml", providers: kinds).searchSpace
        #expect(ranges.parameters.map(\.name) == grid.parameters.map(\.name))
        var ranged = 0
        for (name, values) in grid.gridAxes {
            let spec = try #require(ranges.parameters.first { $0.name == name }?.spec)
            let numbers = values.compactMap(\.double)
            switch spec {
            case .values(let listed):
                #expect(listed == values, "\(name)")
            case .distribution(.intUniform(let low, let high)):
                #expect(Double(low) == numbers.min() && Double(high) == numbers.max(), "\(name)")
                ranged += 1
            case .distribution(.uniform(let low, let high)), .distribution(.logUniformValues(let low, let high)):
                #expect(low == numbers.min() && high == numbers.max(), "\(name)")
                ranged += 1
            default:
                Issue.record("\(name): \(spec) is neither the grid's list nor a range over it")
            }
        }
        #expect(ranged >= 4, "space.yaml should give the numeric parameters as ranges")
    }
}
