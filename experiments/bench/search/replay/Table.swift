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

/// The recorded grid: every trial, read from record.sh's JSON lines.
struct Table {
    var trials: [RecordedTrial]

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        trials = try text.split(separator: "\n").map { line in
            let row = try JSONDecoder().decode(Row.self, from: Data(line.utf8))
            return RecordedTrial(
                values: ["model": .string(row.model), "n_epochs": .int(row.n_epochs), "batch_size": .int(row.batch_size),
                         "learning_rate_multiplier": ParamValue.number(row.learning_rate_multiplier).normalized],
                trainedTokens: row.trained_tokens, final: row.full_valid_loss, curve: row.tenths, length: 10 * row.n_epochs)
        }
    }

    var totalTokens: Int { trials.reduce(0) { $0 + $1.trainedTokens } }
    var best: Double { trials.map(\.final).min()! }
    var learningRates: [Double] { Set(trials.compactMap { $0.values["learning_rate_multiplier"]?.double }).sorted() }
}

private struct Row: Decodable {
    var model: String
    var n_epochs: Int
    var batch_size: Int
    var learning_rate_multiplier: Double
    var trained_tokens: Int
    var steps: Int
    var full_valid_loss: Double
    /// [step, sampled valid loss or null, full valid loss or null]
    var curve: [[Double?]]

    var tenths: [CurvePoint] {
        let stepsPerTenth = Double(steps) / Double(10 * n_epochs)
        var points: [CurvePoint] = []
        var last: Double?
        for tenth in 1...(10 * n_epochs) {
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
