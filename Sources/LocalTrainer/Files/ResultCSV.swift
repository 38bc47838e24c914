/// OpenAI's current result file: `step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy`,
/// one row per step, values rounded to 5 decimals in Python's float repr, empty cells when absent.
public enum ResultCSV {
    public static let header = "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"

    public static func render(_ steps: [StepMetrics]) -> String {
        var lines = [header]
        for metrics in steps {
            let cells = [String(metrics.step), number(metrics.trainLoss), number(metrics.trainAccuracy),
                         metrics.validLoss.map(number) ?? "", metrics.validAccuracy.map(number) ?? ""]
            lines.append(cells.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `round(x, 5)` printed as Python's `repr` prints it (`0.0`, `1.0`, `0.69315`, `7e-05`).
    static func number(_ value: Double) -> String {
        let rounded = (value * 100_000).rounded() / 100_000
        // Swift's shortest round-trip form switches to exponents where Python's repr does.
        let text = "\(rounded == 0 ? 0 : rounded)"
        return text
    }
}
