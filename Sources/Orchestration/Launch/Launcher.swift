import Datasets
import Foundation
import Ledger
import Providers
import SweepCore

/// What a launch did.
public struct LaunchOutcome: Sendable {
    public var sweep: SweepRecord
    /// Runs this launch started or re-attached to, in trial order.
    public var ran: [RunRecord]
    /// Trials skipped: a run with their key succeeded, or this sweep's last attempt failed and was not retried.
    public var skipped: [PlannedTrial]
    /// The sweep's succeeded runs, best first by its metric.
    public var ranked: [RunRecord]
    /// True when the launch was interrupted or the sweep cancelled.
    public var cancelled: Bool
    /// Why launching stopped early (a budget cap, a failure breaker, a pause, a daily job cap);
    /// unstarted trials wait for `sweep resume`.
    public var haltedReason: String?
}

/// Why a launch could not start.
public enum LaunchError: Error, Equatable, Sendable, CustomStringConvertible {
    case sweepBusy(sweep: String, launcher: String)
    case sweepCancelled(String)
    /// The spec ranks by another metric or goal than the sweep's runs were ranked by.
    case metricChanged(sweep: String, was: String, now: String)

    public var description: String {
        switch self {
        case let .sweepBusy(sweep, launcher):
            "sweep \(sweep) is being launched by process \(launcher); wait for it, or stop it with 'ftsweep sweep pause \(sweep)'"
        case let .sweepCancelled(sweep): "sweep \(sweep) was cancelled; launch it under another name to run it again"
        case let .metricChanged(sweep, was, now):
            "sweep \(sweep) ranks its runs by \(was); this spec ranks by \(now): launch it under another name, so no ranking mixes the two"
        }
    }
}

/// Runs a plan's trials on a provider, at most `maxParallel` at a time, writing each run's intent
/// to the ledger before its job exists and ingesting everything the job reports.
/// An actor: it owns the ledger connection, so trials running concurrently never share it unsafely.
/// The sweep's state in the ledger is the control channel: another process pauses or cancels it there.
public actor Launcher {
    let ledger: Ledger
    let provider: any FineTuningProvider
    private let sleeper: any Sleeper
    private let pollInterval: Duration
    private let identity: LauncherIdentity
    private let report: @Sendable (LaunchEvent) -> Void
    /// Set when no further trial may start (a cap, a breaker, a pause, the provider's refusal).
    var haltedReason: String?
    /// Set when the sweep was cancelled from elsewhere: running jobs are cancelled too.
    private var cancelRequested = false
    /// Trials between passing the budget gate and having a job in the ledger.
    private var reserved: [Int: PlannedTrial] = [:]
    private var lastControlCheck = ContinuousClock.now
    /// Uploads under way or done in this launch, by digest: trials started together share one.
    var uploads: [String: Task<RemoteFileID, any Error>] = [:]
    /// Files this launch uploaded (not reused from an earlier one), in upload order.
    var uploadedHere: [(digest: String, file: RemoteFileID)] = []
    /// Jobs this launch created; none means its uploads serve no job.
    var jobsCreated = 0
    /// Set when the provider refused to create jobs for good (training withdrawn), not just for now.
    var refusedForGood = false
    var sweepID = 0
    private var sweepName = ""
    /// The newest step and total steps each followed run reported, to count what a stopped run trained.
    private var progress: [Int: (step: Int, totalSteps: Int)] = [:]
    /// How many points of each followed run's curve the early-stopping rule has judged.
    var judgedPoints: [Int: Int] = [:]
    /// Ended runs' curves, as early-stopping rules compare with them (they no longer change).
    var endedCurves: [Int: PeerCurve] = [:]
    /// `warm_start`'s earlier trials, read at the first suggestion.
    var warmStart: [TrialRecord]?
    /// Trials the sampler suggested in this launch, in order (`method: tpe`); their runs may not be in the ledger yet.
    var suggested: [Trial] = []

    public init(ledger: sending Ledger, provider: any FineTuningProvider, sleeper: any Sleeper = TaskSleeper(),
                pollInterval: Duration = .milliseconds(100), identity: LauncherIdentity = .current,
                report: @escaping @Sendable (LaunchEvent) -> Void) {
        self.ledger = ledger
        self.provider = provider
        self.sleeper = sleeper
        self.pollInterval = pollInterval
        self.identity = identity
        self.report = report
    }

    public func launch(_ plan: SweepPlan, maxParallel: Int) async throws -> LaunchOutcome {
        let spec = plan.spec
        let owner = identity.description
        if let existing = try? ledger.sweep(named: spec.name) {
            if existing.state == .cancelled { throw LaunchError.sweepCancelled(spec.name) }
            if existing.metric != spec.metric.name || existing.goal != spec.metric.goal {
                throw LaunchError.metricChanged(
                    sweep: spec.name, was: "\(existing.metric) (\(existing.goal))", now: "\(spec.metric.name) (\(spec.metric.goal.rawValue))")
            }
            try claim(existing.id, name: spec.name, owner: owner)
        }
        for report in [plan.training] + (plan.validation.map { [$0] } ?? []) {
            try ledger.registerDataset(DatasetRecord(report: report), path: URL(fileURLWithPath: report.path).standardizedFileURL.path)
        }
        let sweep = try ledger.saveSweep(SweepRecord(
            name: spec.name, specText: spec.text, specDigest: DatasetDigest.of(bytes: Array(spec.text.utf8)).rawValue,
            method: spec.method.rawValue, metric: spec.metric.name, goal: spec.metric.goal, provider: spec.provider.key,
            specPath: URL(fileURLWithPath: spec.sourcePath).standardizedFileURL.path, overrides: spec.overrides))
        try claim(sweep.id, name: spec.name, owner: owner)
        defer { try? ledger.releaseSweep(sweep.id, owner: owner) }
        sweepID = sweep.id
        sweepName = sweep.name
        // An adaptive sweep's plan is only a preview: its trials are asked for as it runs.
        let skipped = spec.method.isAdaptive ? [] : plan.trials.skipped
        for trial in skipped {
            report(.skipped(trial: trial.trial, existingRun: trial.existingRun!, state: trial.existingState ?? .succeeded))
        }
        await scoreEarlierRuns(sweep: sweep.name, metric: spec.metric.name)
        // Read in order as slots free: a grid of a million trials is never held whole.
        var pending = plan.trials.lazy.filter(\.willRun).makeIterator()
        let gate = BudgetGate(budget: spec.budget)
        var breaker = FailureBreaker(policy: spec.failurePolicy, failedBefore: plan.totals.failedBefore)
        var finished: [Int: RunRecord] = [:]
        await withTaskGroup(of: (Int, RunRecord?).self) { group in
            // A planned sweep walks its list; an adaptive one asks the sampler each time a slot frees.
            func nextTrial() -> PlannedTrial? {
                if spec.method.isAdaptive {
                    if let resumed = resumedTrial(plan) { return resumed }
                    return suggestedTrial(plan)
                }
                return pending.next()
            }
            func startNext() {
                guard !Task.isCancelled, mayStart(), let trial = nextTrial(), admit(trial, gate: gate) else { return }
                group.addTask { (trial.trial.index, await self.run(trial, plan: plan, sweep: sweep.id)) }
            }
            for _ in 0..<max(1, maxParallel) { startNext() }
            while let (index, run) = await group.next() {
                if let run {
                    finished[index] = run
                    if let reason = breaker.record(state: run.state, error: run.errorMessage) { halt(reason) }
                }
                startNext()
            }
        }
        if refusedForGood { await removeUnusedUploads() }
        let cancelled = Task.isCancelled || cancelRequested
        if cancelled {
            // An interrupted launch stays resumable; only `sweep cancel` (which wrote its own state) ends a sweep.
            try ledger.setSweepState(sweep.id, .halted, reason: "interrupted: running trials were cancelled", onlyFrom: [.running])
        } else if let haltedReason {
            try ledger.setSweepState(sweep.id, .halted, reason: haltedReason, onlyFrom: [.running])
        } else {
            try ledger.setSweepState(sweep.id, .finished, onlyFrom: [.running])
        }
        let ranked = try ledger.runs(RunQuery(sweep: sweep.name, sortMetric: spec.metric.name, descending: spec.metric.goal == .maximize, states: [.succeeded]))
        return LaunchOutcome(
            sweep: try ledger.sweep(named: sweep.name), ran: finished.sorted { $0.key < $1.key }.map(\.value),
            skipped: skipped, ranked: ranked, cancelled: cancelled, haltedReason: haltedReason)
    }

    private func claim(_ id: Int, name: String, owner: String) throws {
        let now = Self.unixNow()
        let identity = identity
        if let holder = try ledger.claimSweep(id, owner: owner, now: now, canTakeOver: { identity.canTakeOver(from: $0, heartbeat: $1, now: now) }) {
            throw LaunchError.sweepBusy(sweep: name, launcher: holder)
        }
    }

    func halt(_ reason: String) {
        if haltedReason == nil { haltedReason = reason }
    }

    /// Whether another trial may start: nothing halted, and the sweep (read fresh) is still running.
    private func mayStart() -> Bool {
        checkControl(force: true)
        return haltedReason == nil && !cancelRequested
    }

    /// Reads the sweep's state, at most once per poll interval unless forced, and keeps the heartbeat.
    private func checkControl(force: Bool = false) {
        guard force || ContinuousClock.now - lastControlCheck >= pollInterval * 5 else { return }
        lastControlCheck = .now
        try? ledger.heartbeat(sweep: sweepID, owner: identity.description, now: Self.unixNow())
        guard let (state, reason) = try? ledger.sweepState(sweepID) else { return }
        switch state {
        case .paused: halt("paused\(reason.map { ": \($0)" } ?? "")")
        case .cancelled: cancelRequested = true
        default: break
        }
    }

    /// The budget gate: a trial that needs a new job reserves its estimate, or halts the launch.
    /// A trial whose job already exists (a launcher died while it ran) is re-attached without one.
    private func admit(_ planned: PlannedTrial, gate: BudgetGate) -> Bool {
        if (try? ledger.unfinishedRun(sweep: sweepID, trialKey: planned.trial.key.rawValue))??.jobID != nil { return true }
        let spent = (try? ledger.spend(sweep: sweepID)) ?? SweepSpend()
        if let refusal = gate.refusal(spent: spent, reserved: Array(reserved.values), next: planned) {
            halt(refusal)
            return false
        }
        reserved[planned.trial.index] = planned
        return true
    }

    /// One trial from intent to ingested result. Returns nil only when the ledger itself failed.
    private func run(_ planned: PlannedTrial, plan: SweepPlan, sweep: Int) async -> RunRecord? {
        let trial = planned.trial
        defer { reserved[trial.index] = nil }
        // A run left unfinished by a launcher that died is resumed, not duplicated.
        let unfinished = try? ledger.unfinishedRun(sweep: sweep, trialKey: trial.key.rawValue)
        guard let run = try? unfinished ?? ledger.insertRun(RunRecord(
            sweepID: sweep, trialKey: trial.key.rawValue, model: trial.model, hyperparameters: trial.hyperparameters, seed: trial.seed,
            trainingDigest: plan.training.digest.rawValue, validationDigest: plan.validation?.digest.rawValue,
            provider: provider.key, requestJSON: Self.requestJSON(trial, suffix: plan.spec.suffix), estimatedCostNanos: Int(planned.cost.nanos),
            estimatedTokens: planned.billedTokens))
        else { return nil }
        var job: JobID?
        do {
            let request = try await jobRequest(for: trial, attempt: run.attempt, plan: plan)
            // Job creation is not idempotent: first adopt a job this trial already has (a launcher may
            // have died between creating it and recording its id), unless that job failed.
            let snapshot: JobSnapshot
            if let running = run.jobID {
                snapshot = try await provider.job(JobID(running))
            } else if let adopted = try await provider.jobs(metadata: request.metadata).first(where: { ![.failed, .cancelled].contains($0.status) }) {
                snapshot = adopted
            } else {
                checkControl(force: true)
                if cancelRequested { throw CancellationError() }
                snapshot = try await provider.createJob(request)
                jobsCreated += 1
            }
            job = snapshot.id
            try ledger.attachJob(run: run.id, jobID: snapshot.id.rawValue, state: snapshot.status.runState)
            reserved[trial.index] = nil
            report(.started(run: run.id, trial: trial, job: snapshot.id.rawValue))
            let final = try await follow(snapshot.id, run: run.id, plan: plan)
            if let stop = final.stoppedBy {
                try recordStop(stop, run: run.id, planned: planned, snapshot: final.snapshot)
            } else {
                try await ingestResult(final.snapshot, run: run.id)
                await scoreOnValidation(run.id, metric: plan.spec.metric.name)
            }
        } catch let error as any TransientFailure where job == nil && error.stopsLaunching {
            // No job was created: the run stays pending, and the next launch resumes it.
            halt("\(error)")
            if error.refusesForGood { refusedForGood = true }
            try? ledger.setRunState(run.id, .pending)
        } catch is CancellationError {
            if let job { _ = try? await provider.cancel(job) }
            try? ledger.finishRun(run.id, RunOutcome(state: .cancelled, errorCode: RunState.cancelled.description, errorMessage: "stopped by the user"))
        } catch {
            try? ledger.finishRun(run.id, RunOutcome(state: .failed, errorCode: "launch_failed", errorMessage: "\(error)"))
        }
        let record = try? ledger.run(run.id)
        if let record { report(.finished(run: record.id, state: record.state, model: record.fineTunedModel, error: record.errorMessage)) }
        return record
    }

    /// The job's request; its metadata names this ledger, the trial key and the attempt, so exactly this
    /// run's job can be found again, and never by another ledger (two ledgers in one folder share the
    /// local provider's jobs; a launch adopts, and so may cancel, only what its own ledger created).
    private func jobRequest(for trial: Trial, attempt: Int, plan: SweepPlan) async throws -> JobRequest {
        let trainingFile = try await uploadOnce(path: plan.training.path, digest: plan.training.digest.rawValue)
        var validationFile: RemoteFileID?
        if let validation = plan.validation { validationFile = try await uploadOnce(path: validation.path, digest: validation.digest.rawValue) }
        return JobRequest(
            model: trial.model, trainingFile: trainingFile, validationFile: validationFile, hyperparameters: trial.hyperparameters.dictionary,
            suffix: plan.spec.suffix, seed: trial.seed, metadata: [
                "ftsweep_ledger": try ledger.identity, "ftsweep_trial_key": trial.key.rawValue, "ftsweep_attempt": String(attempt),
                "ftsweep_sweep": plan.spec.name,
            ])
    }

    /// Polls the job until it ends, ingesting events as they come; cancellation cancels the job.
    /// Transient provider failures while polling are waited out (the job runs on regardless), up to this many in a row.
    static let transientPollFailures = 30

    private func follow(_ job: JobID, run: Int, plan: SweepPlan) async throws -> (snapshot: JobSnapshot, stoppedBy: StopReason?) {
        var lastEvent: String?
        var failures = 0
        while true {
            try Task.checkCancellation()
            checkControl()
            if cancelRequested { throw CancellationError() }
            do {
                let poll = try await JobIngest(ledger: ledger).poll(job, on: provider, run: run, after: lastEvent)
                lastEvent = poll.lastEvent
                if let latest = poll.latestMetrics { reportProgress(latest, run: run) }
                if poll.snapshot.status.isTerminal { return (poll.snapshot, nil) }
                // A losing trial's job is cancelled at its provider: the rest of its training is never paid for.
                if poll.latestMetrics != nil, let reason = earlyStop(run: run, plan: plan) {
                    _ = try await cancelled(job)
                    let ended = try await JobIngest(ledger: ledger).poll(job, on: provider, run: run, after: lastEvent)
                    // A job that finished before the cancel reached it saved nothing: it is a result like any other.
                    return (ended.snapshot, ended.snapshot.status == .succeeded ? nil : reason)
                }
                try ledger.setRunState(run, poll.snapshot.status.runState)
                failures = 0
            } catch let error as any TransientFailure where error.isTransient && failures < Self.transientPollFailures {
                failures += 1
            }
            try await sleeper.sleep(for: pollInterval)
        }
    }

    /// Cancels a job and waits until its provider says it has ended.
    private func cancelled(_ job: JobID) async throws -> JobSnapshot {
        var snapshot = try await provider.cancel(job)
        while !snapshot.status.isTerminal {
            try await sleeper.sleep(for: pollInterval)
            snapshot = try await provider.job(job)
        }
        return snapshot
    }

    /// A run an early-stopping rule ended: `stopped`, with the rule, step and figures in its error message
    /// and an event, and the tokens it trained (reported, else its share of the plan's by steps done).
    private func recordStop(_ reason: StopReason, run: Int, planned: PlannedTrial, snapshot: JobSnapshot) throws {
        let share = progress[run].map { Double($0.step) / Double(max(1, $0.totalSteps)) } ?? 0
        let trained = snapshot.trainedTokens ?? Int((Double(planned.billedTokens) * share).rounded())
        // Rules count progress in examples trained (step × batch size), so runs of any batch size compare.
        let message = "stopped early by the \(reason.rule) after \(reason.step) training examples: \(reason.detail)"
        try ledger.recordEvents([(
            id: "ftsweep-early-stop", createdAt: Self.unixNow(), level: "info", type: "early_stop", message: message,
            dataJSON: Self.json(["rule": reason.rule, "examples": "\(reason.step)", "value": "\(reason.value)", "threshold": "\(reason.threshold)"])
        )], run: run)
        try ledger.finishRun(run, RunOutcome(
            state: .stopped, fineTunedModel: nil, trainedTokens: trained, errorCode: "early_stopped",
            errorMessage: message, resolvedJSON: Self.json(snapshot.hyperparameters)))
    }

    private func reportProgress(_ last: [String: Double], run: Int) {
        if let step = last["step"], let total = last["total_steps"], let loss = last[MetricSeries.trainLoss.eventKey] {
            progress[run] = (Int(step), Int(total))
            let validLoss = last[MetricSeries.validLoss.eventKey] ?? last[MetricSeries.fullValidLoss.eventKey]
            report(.progress(run: run, step: Int(step), totalSteps: Int(total), trainLoss: loss, validLoss: validLoss))
        }
    }

    private func ingestResult(_ snapshot: JobSnapshot, run: Int) async throws {
        try JobIngest(ledger: ledger).finish(try await JobIngest.Final.fetch(snapshot, from: provider), run: run)
    }

    /// What the job was asked for, kept so the run can be reproduced exactly.
    struct RequestRecord: Codable {
        var model: String
        var hyperparameters: ParameterValues
        var seed: Int
        var suffix: String?
        var trialKey: String
    }

    static func requestJSON(_ trial: Trial, suffix: String?) -> String {
        json(RequestRecord(model: trial.model, hyperparameters: trial.hyperparameters, seed: trial.seed, suffix: suffix, trialKey: trial.key.rawValue)) ?? "{}"
    }

    static func unixNow() -> Int { Int(Date().timeIntervalSince1970) }

    static func json<T: Encodable>(_ value: T) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }
}

extension DatasetRecord {
    /// The ledger's record of a validated dataset.
    public init(report: DatasetReport, name: String? = nil) {
        self.init(
            digest: report.digest.rawValue, name: name, bytes: report.bytes, examples: report.examples,
            tokens: report.tokens?.total ?? 0, assistantTokens: report.assistantTokens?.total ?? 0,
            encoding: report.encoding.rawValue, tokensExact: report.tokenCountsAreExact,
            format: report.format?.rawValue ?? "chat")
    }
}
