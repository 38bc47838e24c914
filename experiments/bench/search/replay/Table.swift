import Foundation
import SweepCore

/// One recorded trial of the grid, with its curve as the replay presents it.
struct RecordedTrial {
    var values: Assignment
    var trainedTokens: Int
    var final: Double
    /// The sampled validation loss per tenth of an epoch (the mean of the samples in that tenth,
    /// else the last one before it), so trials of any batch size and length report at common steps.
    var curve: [CurvePoint]
    /// The trial's length in tenths of an epoch.
    var length: Int

    /// Tokens trained up to the end of step `step` (tenths of an epoch).
    func tokens(upTo step: Int) -> Int { trainedTokens * step / length }
}

/// The recorded grid: every trial, read from record.sh's JSON lines, keyed by its values.
struct Table {
    var trials: [RecordedTrial]
    private var byValues: [Assignment: Int] = [:]

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        trials = try text.split(separator: "\n").map { line in
            let row = try JSONDecoder().decode(Row.self, from: Data(line.utf8))
            let epochs = row.values["n_epochs"]?.int ?? 1
            return RecordedTrial(values: row.values.mapValues(\.normalized), trainedTokens: row.trained_tokens, final: row.full_valid_loss,
                                 curve: row.tenths(epochs: epochs), length: 10 * epochs)
        }
        // ParamValue hashes and compares normalised, so a spec's `1` finds the ledger's `1.0`.
        for (index, trial) in trials.enumerated() { byValues[trial.values] = index }
    }

    /// The recorded trial with these values; nil when the grid has none.
    func trial(_ values: Assignment) -> RecordedTrial? { byValues[values].map { trials[$0] } }

    var totalTokens: Int { trials.reduce(0) { $0 + $1.trainedTokens } }
    var best: Double { trials.map(\.final).min()! }
}

private struct Row: Decodable {
    /// Every parameter of the grid by name (model, n_epochs, …, and the local trainer's knobs).
    var values: [String: ParamValue]
    var trained_tokens: Int
    var steps: Int
    var full_valid_loss: Double
    /// [step, sampled valid loss or null, full valid loss or null]
    var curve: [[Double?]]

    func tenths(epochs: Int) -> [CurvePoint] {
        let stepsPerTenth = Double(steps) / Double(10 * epochs)
        var points: [CurvePoint] = []
        var last: Double?
        for tenth in 1...(10 * epochs) {
            let window = curve.filter { point in
                let step = point[0]!
                return step > Double(tenth - 1) * stepsPerTenth && step <= Double(tenth) * stepsPerTenth + 1e-9 && point[1] != nil
            }.map { $0[1]! }
            if !window.isEmpty { last = window.reduce(0, +) / Double(window.count) }
            if let last { points.append(CurvePoint(step: tenth, value: last)) }
        }
        return points
    }
}
