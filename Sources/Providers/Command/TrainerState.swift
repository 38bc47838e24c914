import Foundation
import SweepCore

/// Hugging Face Trainer's `trainer_state.json`, so an unmodified Transformers or TRL script reports
/// to ftsweep: its `log_history` becomes OpenAI-named step metrics (`loss` → `train_loss`,
/// `eval_loss` → `valid_loss`, the eval at `max_steps` also → `full_valid_loss`).
struct TrainerState {
    /// The file's path, for messages.
    let path: String
    /// The history's entries in order; nil where an entry carries no metric ftsweep keeps.
    let entries: [[String: Double]?]

    private struct File: Decodable {
        var logHistory: [[String: JSONField]]
        var maxSteps: Int?

        enum CodingKeys: String, CodingKey {
            case logHistory = "log_history"
            case maxSteps = "max_steps"
        }
    }

    /// The Trainer's names for what ftsweep keeps, train logs and eval logs.
    static let renames = [
        "loss": MetricSeries.trainLoss.eventKey, "mean_token_accuracy": MetricSeries.trainAccuracy.eventKey,
        "eval_loss": MetricSeries.validLoss.eventKey, "eval_mean_token_accuracy": MetricSeries.validAccuracy.eventKey,
        "epoch": "epoch", "learning_rate": "learning_rate",
    ]

    /// The newest state in a run directory: `trainer_state.json` at its top (written when training
    /// ends) or in a `checkpoint-N/` folder (written at each save).
    static func newest(in runDirectory: String) -> String? {
        let checkpoints = ((try? FileManager.default.contentsOfDirectory(atPath: runDirectory)) ?? []).filter {
            $0.hasPrefix("checkpoint-")
        }
        let candidates = (["trainer_state.json"] + checkpoints.map { "\($0)/trainer_state.json" }).map {
            "\(runDirectory)/\($0)"
        }
        func modified(_ path: String) -> Date? {
            (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        }
        return candidates.compactMap { path in modified(path).map { (path, $0) } }
            .max { ($0.1, Self.step(of: $0.0) ?? .max) < ($1.1, Self.step(of: $1.0) ?? .max) }?.0  // ties: the final state
    }

    init(path: String) throws(ProviderError) {
        self.path = path
        guard let bytes = try TrainerFile.contents(of: path) else {
            throw .badTrainerOutput(file: path, line: nil, field: nil, expected: "cannot read the file")
        }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: Data(bytes)) } catch {
            throw .badTrainerOutput(
                file: path, line: nil, field: "log_history",
                expected: "expected Hugging Face Trainer's state: an object whose log_history is a list of objects")
        }
        entries = try file.logHistory.enumerated().map { index, entry throws(ProviderError) in
            try Self.metrics(entry, maxSteps: file.maxSteps, field: "log_history[\(index)]", path: path)
        }
    }

    /// One history entry in OpenAI's names; the end-of-training summary (`train_runtime`) is skipped.
    private static func metrics(_ entry: [String: JSONField], maxSteps: Int?, field: String, path: String)
        throws(ProviderError) -> [String: Double]?
    {
        guard entry["train_runtime"] == nil else { return nil }
        guard case .number(let step) = entry["step"], step >= 0, step.rounded() == step, step < 1e15 else {
            throw .badTrainerOutput(
                file: path, line: nil, field: "\(field).step",
                expected: "expected a whole number, found \(entry["step"]?.kind ?? "nothing")")
        }
        var data: [String: Double] = ["step": step]
        for (name, renamed) in renames {
            switch entry[name] {
            case .number(let value)?: data[renamed] = value
            case .other(let kind)?:
                throw .badTrainerOutput(
                    file: path, line: nil, field: "\(field).\(name)", expected: "expected a number, found \(kind)")
            case .null?, nil: break
            }
        }
        guard data[MetricSeries.trainLoss.eventKey] != nil || data[MetricSeries.validLoss.eventKey] != nil else { return nil }
        if let maxSteps {
            data["total_steps"] = Double(maxSteps)
            if Int(step) == maxSteps {
                data[MetricSeries.fullValidLoss.eventKey] = data[MetricSeries.validLoss.eventKey]
                data[MetricSeries.fullValidAccuracy.eventKey] = data[MetricSeries.validAccuracy.eventKey]
            }
        }
        return data
    }

    /// The Trainer's saved checkpoints, `checkpoint-N/` folders, as the run's checkpoints.
    static func checkpoints(in runDirectory: String) -> [JobCheckpoint] {
        ((try? FileManager.default.contentsOfDirectory(atPath: runDirectory)) ?? [])
            .compactMap { name in step(of: name).map { (name, $0) } }
            .sorted { $0.1 < $1.1 }
            .map { JobCheckpoint(id: $0.0, step: $0.1, model: "\(runDirectory)/\($0.0)", metrics: [:]) }
    }

    /// N in a path ending `checkpoint-N` or `checkpoint-N/trainer_state.json`.
    private static func step(of path: String) -> Int? {
        let name =
            path.hasSuffix("/trainer_state.json")
            ? ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
            : (path as NSString).lastPathComponent
        return name.hasPrefix("checkpoint-") ? Int(name.dropFirst("checkpoint-".count)) : nil
    }
}
