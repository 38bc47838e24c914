import Foundation
import SweepCore

/// A deterministic set of runs with realistic loss curves, written as OpenAI result CSVs plus a
/// manifest (`manifest.jsonl`, one run's settings and file a line, as `ftsweep ingest --manifest`
/// reads it). The same seed gives the same bytes.
struct ResultWorkload {
    /// One run's settings, as the manifest records them.
    struct Trial: Codable {
        var file: String
        /// The data the runs were trained on (the demo's triage set, copied beside the manifest).
        var training = "train.jsonl"
        var model: String
        var nEpochs: Int
        var batchSize: Int
        var learningRateMultiplier: Double
        var seed: Int

        enum CodingKeys: String, CodingKey {
            case file, training, model, seed
            case nEpochs = "n_epochs", batchSize = "batch_size", learningRateMultiplier = "learning_rate_multiplier"
        }
    }

    static let header = "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy,full_valid_loss,full_valid_mean_token_accuracy\n"
    static let models = ["gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14"]
    static let epochs = [1, 2, 3, 4]
    static let batchSizes = [1, 2, 4, 8, 16]
    static let learningRates = [0.1, 0.25, 0.5, 1.0, 2.0]

    var runs: Int
    var steps: Int
    var seed: UInt64 = 20_261_121

    func trial(_ index: Int) -> Trial {
        var draw = SplitMix64(seed: seed, stream: UInt64(index))
        func pick<T>(_ values: [T]) -> T { values[Int(draw.next() % UInt64(values.count))] }
        return Trial(
            file: String(format: "run-%06d.csv", index + 1), model: pick(Self.models), nEpochs: pick(Self.epochs),
            batchSize: pick(Self.batchSizes), learningRateMultiplier: pick(Self.learningRates), seed: index + 1)
    }

    /// The run's result CSV: train metrics every step, validation every 10th, full validation at the end.
    func csv(for trial: Trial) -> [UInt8] {
        var noise = SplitMix64(seed: seed ^ 0x5EED, stream: UInt64(trial.seed))
        func jitter(_ scale: Double) -> Double { (Double(noise.next() >> 11) / Double(1 << 53) - 0.5) * 2 * scale }
        // The settings decide the floor the curve falls to and how fast; noise makes runs distinct.
        let floor = 0.25 + 0.12 * abs(log2(trial.learningRateMultiplier / 0.5)) + 0.04 * Double(4 - trial.nEpochs)
            + 0.015 * log2(Double(trial.batchSize)) + (trial.model == Self.models[0] ? 0.03 : 0) + jitter(0.02)
        let speed = 3 + 2 * min(trial.learningRateMultiplier, 1)
        var bytes: [UInt8] = Array(Self.header.utf8)
        bytes.reserveCapacity(steps * 64)
        for step in 1...steps {
            let progress = Double(step) / Double(steps)
            let clean = floor + (2.2 - floor) * exp(-speed * progress)
            let train = max(0.01, clean + jitter(0.08 * (1 - progress / 2)))
            bytes.appendNumber(step)
            bytes.appendCell(train)
            bytes.appendCell(min(1, max(0, 1 - train / 2.6)))
            if step % 10 == 0 || step == steps {
                let valid = clean + 0.05 + jitter(0.03)
                bytes.appendCell(valid)
                bytes.appendCell(min(1, max(0, 1 - valid / 2.6)))
            } else {
                bytes += Array(",,".utf8)
            }
            if step == steps {
                let full = clean + 0.06 + jitter(0.01)
                bytes.appendCell(full)
                bytes.appendCell(min(1, max(0, 1 - full / 2.6)))
            } else {
                bytes += Array(",,".utf8)
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// Writes `manifest.jsonl` and one CSV a run into `folder`.
    func write(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var manifest = Data()
        for index in 0..<runs {
            let trial = trial(index)
            manifest += try encoder.encode(trial) + Data("\n".utf8)
            guard FileManager.default.createFile(atPath: "\(folder)/\(trial.file)", contents: Data(csv(for: trial))) else {
                throw BenchFailure("cannot write \(folder)/\(trial.file)")
            }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        try? FileManager.default.removeItem(atPath: "\(folder)/train.jsonl")
        try FileManager.default.copyItem(atPath: root.appendingPathComponent("experiments/data/triage/train.jsonl").path, toPath: "\(folder)/train.jsonl")
        try manifest.write(to: URL(fileURLWithPath: "\(folder)/manifest.jsonl"))
    }

    /// The manifest of a folder `write(to:)` made.
    static func manifest(in folder: String) throws -> [Trial] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/manifest.jsonl"))
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(Trial.self, from: $0) }
    }
}

/// A benchmark that cannot go on, with the reason.
struct BenchFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension [UInt8] {
    /// Appends a whole number in decimal.
    mutating func appendNumber(_ value: Int) { append(contentsOf: String(value).utf8) }

    /// Appends `,` and the value with six decimals (exact and fast; `String(format:)` is slow at 10M rows).
    mutating func appendCell(_ value: Double) {
        append(UInt8(ascii: ","))
        let micros = Int((value * 1_000_000).rounded())
        appendNumber(micros / 1_000_000)
        append(UInt8(ascii: "."))
        let fraction = String(micros % 1_000_000)
        append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 6 - fraction.utf8.count))
        append(contentsOf: fraction.utf8)
    }
}
