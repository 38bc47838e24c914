import Dispatch
import Foundation
import Ledger
import Orchestration
import SweepCore

/// Ingest of a `ResultWorkload` folder into a ledger through the code `ftsweep ingest --run` and
/// `collect` use: per run, one transaction that creates the run, reads and parses its CSV, stores
/// the rows and summary columns, and finishes it.
enum IngestBench {
    static let trainingDigest = "sha256:" + String(repeating: "0", count: 64)

    /// Prints `rows seconds rows_per_s` on stdout and `write_bytes=… db_bytes=…` on stderr.
    static func run(ledgerPath: String, folder: String) throws {
        let trials = try ResultWorkload.manifest(in: folder)
        let ledger = try Ledger.openOrCreate(at: ledgerPath)
        try ledger.registerDataset(
            DatasetRecord(digest: trainingDigest, name: "bench", bytes: 0, examples: 0, tokens: 0, assistantTokens: 0,
                          encoding: "o200k_base", tokensExact: true, format: "chat"),
            path: "\(folder)/train.jsonl")
        let sweep = try ledger.saveSweep(SweepRecord(
            name: "bench", specText: "name: bench\n", specDigest: trainingDigest, method: "grid", metric: "full_valid_loss",
            goal: "minimize", provider: "imported", state: "succeeded"))
        let writtenBefore = try bytesWritten()
        let start = DispatchTime.now().uptimeNanoseconds
        var rows = 0
        for trial in trials {
            let path = "\(folder)/\(trial.file)"
            guard let data = FileManager.default.contents(atPath: path) else { throw BenchFailure("cannot read \(path)") }
            let imported = try ImportedResults.read([UInt8](data), file: path)
            try ledger.database.transaction {
                let run = try ledger.insertRun(record(for: trial, sweep: sweep.id))
                try ledger.record([imported], run: run.id)
                try ledger.finishRun(run.id, RunOutcome(state: "succeeded", fineTunedModel: "ft:\(trial.model):bench:\(trial.seed)"))
            }
            rows += imported.metrics.count
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try ledger.database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let written = try bytesWritten() - writtenBefore
        let size = (try? FileManager.default.attributesOfItem(atPath: ledgerPath)[.size] as? Int) ?? 0
        print(rows, seconds, Double(rows) / seconds)
        FileHandle.standardError.write(Data("write_bytes=\(written) db_bytes=\(size)\n".utf8))
    }

    private static func record(for trial: ResultWorkload.Trial, sweep: Int) -> RunRecord {
        let hyperparameters: [String: ParamValue] = [
            "n_epochs": .int(trial.nEpochs), "batch_size": .int(trial.batchSize), "learning_rate_multiplier": .number(trial.learningRateMultiplier),
        ]
        let key = TrialKey(provider: "imported", model: trial.model, hyperparameters: hyperparameters, seed: trial.seed,
                           trainingDigest: trainingDigest, validationDigest: nil, suffix: nil)
        return RunRecord(
            sweepID: sweep, trialKey: key.rawValue, model: trial.model, nEpochs: trial.nEpochs, batchSize: trial.batchSize,
            learningRateMultiplier: trial.learningRateMultiplier, seed: trial.seed, trainingDigest: trainingDigest,
            validationDigest: nil, provider: "imported", requestJSON: "{}", estimatedCostNanos: nil)
    }

    /// Bytes this process has caused to be written to storage (`/proc/self/io`).
    static func bytesWritten() throws -> Int {
        let text = try String(contentsOfFile: "/proc/self/io", encoding: .utf8)
        let line = text.split(separator: "\n").first { $0.hasPrefix("write_bytes:") }
        return line.flatMap { Int($0.dropFirst("write_bytes:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
    }
}
