import Datasets
import Foundation
import Ledger
import Providers
import SweepCore

/// The adaptive half of a launch: trials asked of the sampler when a slot frees (`method: tpe`), the
/// history it learns from (this sweep's trials, and earlier sweeps' with `warm_start`), and the
/// early-stopping rule that cancels a losing trial's job.
extension Launcher {
    /// The next trial the sampler suggests from everything so far, priced like the plan's; nil when the
    /// sweep has its `run_cap` trials or the space has nothing left. A suggestion whose key already
    /// succeeded anywhere in the ledger is learned from, never paid for twice.
    func suggestedTrial(_ plan: SweepPlan) -> PlannedTrial? {
        let spec = plan.spec
        let space = spec.searchSpace
        // Earlier sweeps' trials do not change while this one runs: read once per launch.
        if warmStart == nil { warmStart = (try? warmStartHistory(plan, space: space)) ?? [] }
        let warm = warmStart ?? []
        for _ in 0..<50 {
            guard let own = try? sweepHistory(plan, space: space), own.count < (spec.runCap ?? 10) else { return nil }
            guard let point = spec.method.sampler.suggest(space: space, history: warm + own.map(\.record), goal: spec.metric.goal, seed: spec.seed) else {
                return nil
            }
            let context = TrialContext(
                provider: provider.key, trainingDigest: plan.training.digest.rawValue, validationDigest: plan.validation?.digest.rawValue,
                suffix: spec.suffix)
            let trial = spec.makeTrial(index: own.count, Dictionary(uniqueKeysWithValues: point.map { (ParameterName($0.key), $0.value) }), context)
            suggested.append(trial)
            if (try? ledger.finishedRun(trialKey: trial.key.rawValue)) ?? nil != nil { continue }
            return plan.planned(trial)
        }
        return nil
    }

    /// A trial of this sweep a dead launcher left unfinished, to be re-attached before anything new is
    /// asked for, so a resumed sweep learns from exactly what an uninterrupted one would have.
    func resumedTrial(_ plan: SweepPlan) -> PlannedTrial? {
        guard let unfinished = try? ledger.unfinishedRuns(sweep: sweepID), !unfinished.isEmpty,
              let all = try? ledger.runs(RunQuery(sweep: plan.spec.name)) else { return nil }
        for run in unfinished where !suggested.contains(where: { $0.key.rawValue == run.trialKey }) {
            guard let request = try? JSONDecoder().decode(RequestRecord.self, from: Data(run.requestJSON.utf8)) else { continue }
            var positions: [String] = []
            for other in all where !positions.contains(other.trialKey) { positions.append(other.trialKey) }
            let trial = Trial(
                index: positions.firstIndex(of: run.trialKey) ?? positions.count, model: request.model,
                hyperparameters: request.hyperparameters, seed: request.seed, key: TrialKey(rawValue: run.trialKey))
            suggested.append(trial)
            return plan.planned(trial)
        }
        return nil
    }

    /// This sweep's trials in the order they were proposed: its runs (the last attempt of each key)
    /// and the suggestions of this launch not yet in the ledger, which count as running.
    private func sweepHistory(_ plan: SweepPlan, space: SearchSpace) throws -> [(key: String, record: TrialRecord)] {
        var order: [String] = []
        var records: [String: TrialRecord] = [:]
        for run in try ledger.runs(RunQuery(sweep: plan.spec.name)) {
            if records[run.trialKey] == nil { order.append(run.trialKey) }
            records[run.trialKey] = record(of: run, space: space, metric: plan.spec.metric) ?? records[run.trialKey]
        }
        for trial in suggested where records[trial.key.rawValue] == nil {
            order.append(trial.key.rawValue)
            records[trial.key.rawValue] = TrialRecord(values: Self.assignment(of: trial, in: space), state: .running)
        }
        // A suggestion that had succeeded before (another sweep) is learned from as that run.
        for trial in suggested {
            if let done = try ledger.finishedRun(trialKey: trial.key.rawValue), let record = record(of: done, space: space, metric: plan.spec.metric) {
                records[trial.key.rawValue] = record
            }
        }
        return order.compactMap { key in records[key].map { (key, $0) } }
    }

    /// With `warm_start`, the finished trials of earlier sweeps on the same data whose values lie in this space.
    private func warmStartHistory(_ plan: SweepPlan, space: SearchSpace) throws -> [TrialRecord] {
        guard let warm = plan.spec.warmStart else { return [] }
        let sweeps: [String]
        switch warm {
        case .sameData: sweeps = try ledger.sweeps().map(\.name).filter { $0 != plan.spec.name }
        case .sweeps(let names): sweeps = names
        }
        var records: [TrialRecord] = []
        for sweep in sweeps {
            let runs = (try? ledger.runs(RunQuery(sweep: sweep, states: [.succeeded]))) ?? []
            for run in runs where run.trainingDigest == plan.training.digest.rawValue && run.validationDigest == plan.validation?.digest.rawValue {
                if let record = record(of: run, space: space, metric: plan.spec.metric), space.contains(record.values) { records.append(record) }
            }
        }
        return records
    }

    /// A run as the sampler sees it: its requested values and how it stands.
    private func record(of run: RunRecord, space: SearchSpace, metric: MetricSpec) -> TrialRecord? {
        guard let request = try? JSONDecoder().decode(RequestRecord.self, from: Data(run.requestJSON.utf8)) else { return nil }
        var values: Assignment = [:]
        for parameter in space.parameters {
            switch ParameterName(parameter.name) {
            case .model: values[parameter.name] = .string(request.model)
            case .seed: values[parameter.name] = .int(request.seed)
            case let name: values[parameter.name] = request.hyperparameters[name] ?? .auto
            }
        }
        let state: TrialRecord.State = switch run.state {
        case .succeeded: run.metric(metric.name).map(TrialRecord.State.completed) ?? .failed
        case .stopped: .stopped
        case .failed, .cancelled: .failed
        default: .running
        }
        return TrialRecord(values: values, state: state, curve: (try? curve(of: run, metric: metric)) ?? [])
    }

    static func assignment(of trial: Trial, in space: SearchSpace) -> Assignment {
        var values: Assignment = [:]
        for parameter in space.parameters {
            switch ParameterName(parameter.name) {
            case .model: values[parameter.name] = .string(trial.model)
            case .seed: values[parameter.name] = .int(trial.seed)
            case let name: values[parameter.name] = trial[name]
            }
        }
        return values
    }

    /// A run's learning curve as rules judge it: the validation loss (validation accuracy for a metric
    /// to maximize) against the examples trained so far, step times batch size, so that runs with
    /// different batch sizes are compared after the same amount of data.
    func curve(of run: RunRecord, metric: MetricSpec) throws -> [CurvePoint] {
        let maximize = metric.goal == .maximize
        let resolved = run.resolvedJSON.flatMap { try? JSONDecoder().decode([String: ParamValue].self, from: Data($0.utf8)) }
        let batch = max(1, run.batchSize ?? resolved?["batch_size"]?.int ?? 1)
        return try ledger.metrics(run: run.id).compactMap { row in
            (maximize ? row.validAccuracy : row.validLoss ?? row.fullValidLoss).map { CurvePoint(step: row.step * batch, value: $0) }
        }
    }

    /// Whether the spec's rule stops this run now, judged against the sweep's other runs. Each new
    /// point of its curve is judged in turn, so the step a run is stopped at does not depend on how
    /// many points one poll brought.
    func earlyStop(run: Int, plan: SweepPlan) -> StopReason? {
        guard let rule = plan.spec.earlyStop?.rule else { return nil }
        let metric = plan.spec.metric
        guard let record = try? ledger.run(run), let own = try? curve(of: record, metric: metric), !own.isEmpty else { return nil }
        let others = (try? ledger.runs(RunQuery(sweep: plan.spec.name))) ?? []
        let peers = others.filter { $0.id != run }.compactMap { other -> PeerCurve? in
            // An ended run's curve never changes: read once, not at every poll of every running trial.
            if let ended = endedCurves[other.id] { return ended }
            guard let points = try? curve(of: other, metric: metric), !points.isEmpty else { return nil }
            let peer = PeerCurve(points: points, completed: other.state == .succeeded)
            if other.hasEnded { endedCurves[other.id] = peer }
            return peer
        }
        defer { judgedPoints[run] = own.count }
        for end in (judgedPoints[run] ?? 0)..<own.count {
            if case .stop(let reason) = rule.decide(curve: Array(own[...end]), peers: peers, goal: plan.spec.metric.goal) { return reason }
        }
        return nil
    }
}
