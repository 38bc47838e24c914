import Foundation
import Providers
import SweepCore

// ftsweep-bench-search: the cost-to-best benchmark of search methods on the recorded grid.
//   ftsweep-bench-search replay TABLE GRID [SEEDS] [BUDGET] [SPACE] [METHOD...]
//                                                                     a table per method (all, or those named;
//                                                                     SPACE may be GRID); JSON on the last line
//   ftsweep-bench-search curves TABLE GRID                            the replay's curves as JSON (for the Optuna peer)
// GRID is the spec the table was recorded from (grid.yaml): its lists are the space searched, unless
// SPACE names a spec with ranges over the same parameters (space.yaml), whose suggestions run as the
// grid's nearest trials.

let arguments = CommandLine.arguments.dropFirst().map { $0 }
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: ftsweep-bench-search replay|curves TABLE GRID [SEEDS] [BUDGET] [SPACE] [METHOD...]\n".utf8))
    exit(2)
}
let table: Table, grid: SearchSpace, space: SearchSpace
do {
    table = try Table(path: arguments[1])
    grid = try SpecParser.load(path: arguments[2], providers: ProviderRegistry.standard.kinds).searchSpace
    space = arguments.count > 5 ? try SpecParser.load(path: arguments[5], providers: ProviderRegistry.standard.kinds).searchSpace : grid
} catch {
    FileHandle.standardError.write(Data("ftsweep-bench-search: \(error)\n".utf8))
    exit(1)
}
// Every point of the grid must be a recorded trial, and nothing else: else the table is stale.
let gridSize = grid.finiteSize ?? 0
let missing = (0..<gridSize).map(grid.gridPoint(at:)).filter { table.trial($0) == nil }
guard missing.isEmpty, table.trials.count == gridSize else {
    FileHandle.standardError.write(Data("ftsweep-bench-search: \(arguments[1]) holds \(table.trials.count) trials, not the \(gridSize) of \(arguments[2])\(missing.first.map { " (no trial \($0))" } ?? ""); run record.sh\n".utf8))
    exit(1)
}
guard Set(space.parameters.map(\.name)) == Set(grid.parameters.map(\.name)) else {
    FileHandle.standardError.write(Data("ftsweep-bench-search: \(arguments[5]) must search the parameters of \(arguments[2]), no more and no fewer\n".utf8))
    exit(1)
}

switch arguments[0] {
case "curves":
    func json(_ value: ParamValue) -> Any { value.double ?? value.description }
    let rows = table.trials.map { trial -> [String: Any] in
        ["values": trial.values.mapValues(json), "trained_tokens": trial.trainedTokens,
         "length": trial.length, "final": trial.final, "curve": trial.curve.map { [$0.step, $0.value] }]
    }
    let axes = Dictionary(uniqueKeysWithValues: grid.gridAxes.map { ($0.name, $0.values.map(json)) })
    let data = try JSONSerialization.data(withJSONObject: ["best": table.best, "total_tokens": table.totalTokens, "grid": axes, "trials": rows],
                                          options: [.sortedKeys])
    FileHandle.standardOutput.write(data)
case "replay":
    let seeds = arguments.count > 3 ? Int(arguments[3]) ?? 20 : 20
    let share = arguments.count > 4 ? Double(arguments[4]) ?? 0.3 : 0.3
    let total = table.totalTokens
    let replay = Replay(table: table, grid: grid, space: space, budget: Int(Double(total) * share))
    let named = Set(arguments.dropFirst(6))
    let methods = [
        Method(name: "random", sampler: RandomSampler(), rule: nil),
        Method(name: "random+ASHA", sampler: RandomSampler(), rule: SuccessiveHalvingRule(minResource: 3, reductionFactor: 3)),
        Method(name: "quasi (Halton)", sampler: HaltonSampler(), rule: nil),
        Method(name: "TPE", sampler: TPESampler(), rule: nil),
        Method(name: "TPE+median", sampler: TPESampler(), rule: MedianStoppingRule(startupTrials: 5, warmupSteps: 3)),
    ]
    let unknown = named.subtracting(methods.map(\.name))
    guard unknown.isEmpty else {
        FileHandle.standardError.write(Data("ftsweep-bench-search: no method \(unknown.sorted().joined(separator: ", ")); the methods: \(methods.map(\.name).joined(separator: ", "))\n".utf8))
        exit(2)
    }
    let chosen = methods.filter { named.isEmpty || named.contains($0.name) }
    let searched = space == grid ? "the grid's lists" : "the ranges of \(arguments[5])"
    print("cost-to-best on \(table.trials.count) recorded trials, \(total) tokens in all, \(seeds) seeds, searching \(searched); best \(table.best)")
    print("method             tokens to within 1 % of the best: median (IQR), % of the grid   found   regret at \(Int(share * 100)) %: median (IQR)")
    var results: [[String: Any]] = []
    for method in chosen {
        let outcomes = (1...seeds).map { replay.run(method, seed: UInt64($0)) }
        let costs = outcomes.map { $0.tokensToBest.map(Double.init) ?? .infinity }
        let regrets = outcomes.map { $0.bestWithinBudget.map { 100 * ($0 - table.best) / table.best } ?? .infinity }
        let cost = Summary(costs), regret = Summary(regrets)
        print(method.name.padding(toLength: 18, withPad: " ", startingAt: 0), String(format: "%8.0f (%.0f–%.0f) %5.1f %%   %8d/%d   %6.2f %% (%.2f–%.2f)",
                     cost.median, cost.lower, cost.upper, 100 * cost.median / Double(total), outcomes.filter { $0.tokensToBest != nil }.count, seeds,
                     regret.median, regret.lower, regret.upper))
        results.append(["method": method.name, "tokens_to_best": costs.map { $0.isFinite ? $0 as Any : NSNull() },
                        "regret_percent": regrets.map { $0.isFinite ? $0 as Any : NSNull() },
                        "median_tokens": cost.median.isFinite ? cost.median as Any : NSNull(), "median_share": cost.median.isFinite ? cost.median / Double(total) as Any : NSNull()])
    }
    let json = try JSONSerialization.data(withJSONObject: ["total_tokens": total, "budget_share": share, "seeds": seeds,
                                                           "space": space == grid ? "grid" : "ranges", "methods": results], options: [.sortedKeys])
    print(String(decoding: json, as: UTF8.self))
default:
    FileHandle.standardError.write(Data("unknown command \(arguments[0])\n".utf8))
    exit(2)
}

/// The median and quartiles of a sample, interpolated linearly as numpy's `quantile` does.
struct Summary {
    var median: Double, lower: Double, upper: Double

    init(_ values: [Double]) {
        let sorted = values.sorted()
        func quantile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let low = Int(position), fraction = position - Double(low)
            guard fraction > 0 else { return sorted[low] }
            // A replay that never found the best counts as infinitely costly.
            guard sorted[low + 1].isFinite else { return .infinity }
            return sorted[low] + (sorted[low + 1] - sorted[low]) * fraction
        }
        median = quantile(0.5)
        lower = quantile(0.25)
        upper = quantile(0.75)
    }
}
