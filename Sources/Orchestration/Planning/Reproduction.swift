import Datasets
import Foundation
import Ledger
import SweepCore

/// Why a run cannot be reproduced as it was.
public enum ReproductionError: Error, Equatable, Sendable, CustomStringConvertible {
    case noSweep(run: Int)
    case dataChanged(role: String, path: String, recorded: String, found: String)
    case dataMissing(role: String, digest: String)
    case unreadableRequest(run: Int)
    case noTrainingData(run: Int)

    public var description: String {
        switch self {
        case let .noSweep(run): "run \(run) has no sweep to take its provider and settings from"
        case let .dataChanged(role, path, recorded, found):
            "the \(role) file \(path) has changed since the run (recorded \(recorded), now \(found)); give the original bytes with --data PATH"
        case let .dataMissing(role, digest): "no file with the \(role) data \(digest) is known; give it with --data PATH"
        case let .unreadableRequest(run): "run \(run) has no usable recorded request"
        case let .noTrainingData(run): "run \(run) was imported without its training data, so it cannot be re-run"
        }
    }
}

/// Plans the exact re-run of a run: the same model, resolved request, seed and data (verified by
/// digest), as the next attempt of the same trial in the same sweep.
public struct Reproduction {
    let ledger: Ledger
    let validator: DatasetValidator

    public init(ledger: Ledger, validator: DatasetValidator) {
        self.ledger = ledger
        self.validator = validator
    }

    private struct Request: Decodable {
        var model: String
        var hyperparameters: ParameterValues
        var seed: Int
        var suffix: String?
    }

    public func plan(run id: Int, data: [String]) throws -> SweepPlan {
        let run = try ledger.run(id)
        guard let sweepName = run.sweepName else { throw ReproductionError.noSweep(run: id) }
        let sweep = try ledger.sweep(named: sweepName)
        guard let request = try? JSONDecoder().decode(Request.self, from: Data(run.requestJSON.utf8)) else {
            throw ReproductionError.unreadableRequest(run: id)
        }
        let spec = try sweep.storedSpec()
        guard let trainingDigest = run.trainingDigest else { throw ReproductionError.noTrainingData(run: id) }
        let training = try verified(trainingDigest, role: "training", data: data)
        let validation = try run.validationDigest.map { try verified($0, role: "validation", data: data) }
        let trial = Trial(
            index: 0, model: request.model, hyperparameters: request.hyperparameters, seed: request.seed,
            key: TrialKey(rawValue: run.trialKey))
        let pricing = TrialPricing(
            spec: spec, training: training, cappedLimit: validator.model.trainingTokenLimit, catalog: .standard)
        return SweepPlan(
            spec: spec, training: training, validation: validation,
            trials: PlannedTrials(TrialList([trial]), pricing: pricing, settled: [:]), budgetViolations: [])
    }

    /// The report of a file holding exactly `digest`: the recorded paths first, then `--data` files.
    private func verified(_ digest: String, role: String, data: [String]) throws -> DatasetReport {
        let record = try? ledger.dataset(matching: digest)
        var changed: ReproductionError?
        for path in data + (record?.paths.reversed().map(\.path) ?? []) where FileManager.default.fileExists(atPath: path) {
            let report = try validator.validateTraining(path: path).report
            if report.digest.rawValue == digest { return report }
            if changed == nil, data.isEmpty { changed = .dataChanged(role: role, path: path, recorded: digest, found: report.digest.rawValue) }
        }
        throw changed ?? ReproductionError.dataMissing(role: role, digest: digest)
    }
}
