import Datasets
import Foundation
import Ledger
import SweepCore

/// A run for results made elsewhere (`ingest --new-run k=v…`): its settings, its data registered
/// by digest, and the trial key a sweep with the same settings would give it.
public struct ImportedRun {
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    static let keys = ["model", "n_epochs", "batch_size", "learning_rate_multiplier", "seed", "training", "validation", "provider", "job", "suffix"]

    /// What an ingest did: the run the results are in, and whether it was made now or by an earlier
    /// import of the same files with the same settings (then nothing was written).
    public struct Outcome: Sendable, Equatable {
        public var run: Int
        public var alreadyImported: Bool
    }

    /// Validates the settings and data, registers the datasets (unless `registered` has their path's
    /// digest already: many runs on one file check it once), and writes the run (not yet finished),
    /// unless a run with the same origin exists: then it returns that run and writes nothing more.
    static func create(
        _ settings: [String], imports: [ImportedResults], ledger: Ledger, validator: DatasetValidator, registered: inout [String: String]
    ) throws -> Outcome {
        var values: [String: String] = [:]
        for pair in settings {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, keys.contains(parts[0]) else {
                throw Failure(message: "--new-run takes key=value with keys \(keys.joined(separator: ", ")); found '\(pair)'")
            }
            values[parts[0]] = parts[1]
        }
        guard let model = values["model"] else {
            throw Failure(message: "--new-run needs model=NAME (training=FILE too, when the training data is at hand)")
        }
        var hyperparameters = ParameterValues()
        for name in ParameterName.apiHyperparameters {
            let value = values[name.rawValue].map(ParameterOverride.value) ?? .auto
            if let problem = ParameterSchema.standard.problem(with: value, for: name) { throw Failure(message: "\(name): \(problem)") }
            hyperparameters[name] = value.normalized
        }
        // No seed given is no seed recorded (the trial key keeps 0, as keys made before did).
        let seed = try values["seed"].map { text in
            guard let seed = Int(text) else { throw Failure(message: "seed: expected a whole number; found '\(text)'") }
            return seed
        }
        func register(_ path: String) throws -> String {
            if let digest = registered[path] { return digest }
            let report = try validator.validateTraining(path: path).report
            try ledger.registerDataset(DatasetRecord(report: report), path: URL(fileURLWithPath: path).standardizedFileURL.path)
            registered[path] = report.digest.rawValue
            return report.digest.rawValue
        }
        // Results made elsewhere may come without their data: the run then has no training digest.
        let training = try values["training"].map { path in try register(path) }
        let validation = try values["validation"].map { path in try register(path) }
        let provider = values["provider"] ?? "imported"
        let key = TrialKey(provider: provider, model: model, hyperparameters: hyperparameters.dictionary, seed: seed ?? 0,
                           trainingDigest: training ?? "", validationDigest: validation, suffix: values["suffix"])
        let origin = Self.origin(trialKey: key.rawValue, job: values["job"], imports: imports)
        if let existing = try ledger.run(origin: origin) { return Outcome(run: existing, alreadyImported: true) }
        let run = try ledger.insertRun(RunRecord(
            sweepID: nil, trialKey: key.rawValue, model: model, hyperparameters: hyperparameters, seed: seed, trainingDigest: training, validationDigest: validation, provider: provider,
            requestJSON: Launcher.json(Launcher.RequestRecord(model: model, hyperparameters: hyperparameters, seed: seed ?? 0, suffix: values["suffix"], trialKey: key.rawValue)) ?? "{}",
            estimatedCostNanos: nil))
        if let job = values["job"] { try ledger.attachJob(run: run.id, jobID: job, state: .pending) }
        try ledger.setOrigin(origin, run: run.id)
        return Outcome(run: run.id, alreadyImported: false)
    }

    /// The digest of what was imported: the trial the settings make, the job named, and each file's
    /// bytes. Importing the same files with the same settings again finds the run it made.
    static func origin(trialKey: String, job: String?, imports: [ImportedResults]) -> String {
        let text = ([trialKey, job ?? ""] + imports.map(\.digest).sorted()).joined(separator: "\n")
        return "ingest:" + DatasetDigest.of(bytes: Array(text.utf8)).rawValue
    }

    /// Creates the run and writes the imported results to it as one unit, or finds the run an
    /// earlier import of the same files made.
    public static func ingest(
        _ imports: [ImportedResults], settings: [String], ledger: Ledger, validator: DatasetValidator
    ) throws -> Outcome {
        var registered: [String: String] = [:]
        return try ingest(imports, settings: settings, ledger: ledger, validator: validator, registered: &registered)
    }

    static func ingest(
        _ imports: [ImportedResults], settings: [String], ledger: Ledger, validator: DatasetValidator, registered: inout [String: String]
    ) throws -> Outcome {
        try ledger.transaction {
            let outcome = try create(settings, imports: imports, ledger: ledger, validator: validator, registered: &registered)
            guard !outcome.alreadyImported else { return outcome }
            try ledger.record(imports, run: outcome.run)
            try ledger.finishRun(outcome.run, RunOutcome(state: .succeeded))
            return outcome
        }
    }
}
