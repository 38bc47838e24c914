import SweepCore

/// The ledger's API: what any storage of it (SQLite's `Ledger` today) keeps and answers.
///
/// Contract, tested for every store by `LedgerContractTests`:
/// - Writes are durable when they return; `transaction` makes its body's writes one unit, all or none,
///   and a call inside another is a part that fails alone.
/// - Identities are stable: a dataset is its digest, a sweep its name, a run its id; registering or
///   saving the same thing again updates, never duplicates.
/// - Reads never write, and a missing name or id is `LedgerError.notFound`.
/// - Ranking (`runs` with a sort) orders by a run's summary column: the goal's way, runs without the
///   figure last, ties by id.
public protocol LedgerStore: AnyObject {
    /// Where the ledger lives, as given.
    var path: String { get }
    /// This ledger's own identity, carried in every job's metadata.
    var identity: String { get throws(LedgerError) }
    /// Runs `body` as one unit of writes: all of them, or none when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T
    /// The schema version the store holds.
    var schemaVersion: Int { get throws(LedgerError) }
    /// Counts of what the store holds, and its versions.
    func info() throws(LedgerError) -> LedgerInfo
    /// What the store's own checks find damaged; empty when sound.
    func integrityProblems() throws(LedgerError) -> [String]

    // MARK: Datasets

    /// Registers a dataset (once per digest) and the path it was seen at.
    func registerDataset(_ dataset: DatasetRecord, path: String) throws -> DatasetRegistration
    /// Every dataset, newest first, with its paths.
    func datasets() throws(LedgerError) -> [DatasetRecord]
    /// The dataset a digest prefix or a name (held by one dataset only) names.
    func dataset(matching key: String) throws(LedgerError) -> DatasetRecord
    /// The datasets with these exact digests, in digest order.
    func datasets(digests: Set<String>) throws(LedgerError) -> [DatasetRecord]
    /// The file id a dataset already has at a provider.
    func uploadedFile(digest: String, provider: String) throws(LedgerError) -> String?
    func recordUpload(digest: String, provider: String, fileID: String) throws(LedgerError)
    /// Forgets an upload (the file was deleted at the provider).
    func forgetUpload(digest: String, provider: String) throws(LedgerError)

    // MARK: Sweeps

    /// Saves a sweep by name: the first save creates it, a later one updates it.
    func saveSweep(_ sweep: SweepRecord) throws -> SweepRecord
    /// The sweep with this name, or with this id when `key` is a number.
    func sweep(named key: String) throws(LedgerError) -> SweepRecord
    /// Every sweep, newest first.
    func sweeps() throws(LedgerError) -> [SweepRecord]
    /// Sets a sweep's state, only from one of `onlyFrom` when given; true when it changed.
    func setSweepState(_ id: Int, _ state: SweepState, reason: String?, onlyFrom: [SweepState]?) throws(LedgerError) -> Bool
    /// The sweep's state as stored now.
    func sweepState(_ id: Int) throws(LedgerError) -> (state: SweepState, reason: String?)
    /// What the sweep's jobs have cost so far.
    func spend(sweep id: Int) throws(LedgerError) -> SweepSpend
    /// Takes a sweep for `owner` unless another launch holds it and `canTakeOver` says it is alive;
    /// returns the holder that kept it, or nil.
    func claimSweep(_ id: Int, owner: String, now: Int, canTakeOver: (String, Int) -> Bool) throws -> String?
    /// Marks the owner's launch alive.
    func heartbeat(sweep id: Int, owner: String, now: Int) throws(LedgerError)
    /// Lets go of a sweep the owner holds.
    func releaseSweep(_ id: Int, owner: String) throws(LedgerError)
    /// The launch holding a sweep, if any.
    func sweepLauncher(_ id: Int) throws(LedgerError) -> String?

    // MARK: Runs

    /// Inserts a run before its job exists, as the next attempt of its trial key in its sweep, giving it its id.
    func insertRun(_ run: RunRecord) throws -> RunRecord
    /// Records the provider's job for a run, and its state.
    func attachJob(run: Int, jobID: String, state: RunState) throws(LedgerError)
    func setRunState(_ run: Int, _ state: RunState) throws(LedgerError)
    /// Ends a run: its state, model, tokens and error.
    func finishRun(_ run: Int, _ outcome: RunOutcome) throws(LedgerError)
    /// The run with this id.
    func run(_ id: Int) throws(LedgerError) -> RunRecord
    /// The runs a query selects, in its order.
    func runs(_ query: RunQuery) throws(LedgerError) -> [RunRecord]
    /// The newest succeeded run with this trial key, in any sweep.
    func finishedRun(trialKey: String) throws(LedgerError) -> RunRecord?
    /// The newest succeeded run that produced `model`.
    func run(producing model: String) throws(LedgerError) -> RunRecord?
    /// Runs of a sweep whose job has not ended.
    func unfinishedRuns(sweep: Int) throws(LedgerError) -> [RunRecord]
    /// The newest attempt of a trial in a sweep.
    func latestRun(sweep: String, trialKey: String) throws(LedgerError) -> RunRecord?
    /// The attempt of a trial in a sweep that has not finished.
    func unfinishedRun(sweep: Int, trialKey: String) throws(LedgerError) -> RunRecord?
    /// Runs whose job has not ended, of some sweeps or all: what `collect` polls.
    func runsToCollect(sweeps: [String]) throws(LedgerError) -> [RunRecord]
    /// The names of every parameter a run recorded.
    func parameterNames() throws(LedgerError) -> Set<String>
    /// Records the settings the provider resolved (`auto` made concrete).
    func recordResolved(run: Int, json: String) throws(LedgerError)
    /// The run imported from `origin` (a file's digest), if any.
    func run(origin: String) throws(LedgerError) -> Int?
    func origin(of run: Int) throws(LedgerError) -> String?
    func setOrigin(_ origin: String, run: Int) throws(LedgerError)

    // MARK: Metrics, events, checkpoints

    /// Stores metric rows by step (a step again replaces its figures), refreshing the run's summary
    /// columns unless the caller will; returns the series the rows carry.
    func recordMetrics(_ rows: [MetricRow], run: Int, refreshingSummary: Bool) throws -> Set<MetricSeries>
    /// A run's metric rows in step order.
    func metrics(run: Int) throws(LedgerError) -> [MetricRow]
    /// Up to `limit` metric rows after `step`, in step order.
    func metrics(run: Int, afterStep step: Int?, limit: Int) throws(LedgerError) -> [MetricRow]
    /// Recomputes a run's summary columns from its rows of `series`.
    func refreshSummary(of run: Int, series: Set<MetricSeries>) throws(LedgerError)
    /// The training loss sampled at `points` steps, for sparklines.
    func trainLossCurve(run: Int, points: Int) throws(LedgerError) -> [Double]
    /// Stores events by id; an id again changes nothing.
    func recordEvents(_ events: [(id: String, createdAt: Int, level: String, type: String, message: String, dataJSON: String?)], run: Int) throws
    func events(run: Int) throws(LedgerError) -> [StoredEvent]
    /// Up to `limit` events after the event id `after`, in event-id order.
    func events(run: Int, after: String?, limit: Int) throws(LedgerError) -> [StoredEvent]
    /// The newest message events, oldest of them first.
    func lastEvents(run: Int, limit: Int) throws(LedgerError) -> [(createdAt: Int, level: String, message: String)]
    /// The newest event id stored for a run.
    func lastEventID(run: Int) throws(LedgerError) -> String?
    /// Stores checkpoints by step.
    func recordCheckpoints(_ checkpoints: [(step: Int, modelID: String, metricsJSON: String?)], run: Int) throws
    func checkpoints(run: Int) throws(LedgerError) -> [(step: Int, model: String)]
    func storedCheckpoints(run: Int) throws(LedgerError) -> [StoredCheckpoint]
    /// Checkpoints of succeeded runs (of one sweep, or all), with their metrics.
    func checkpointCandidates(sweep: String?) throws(LedgerError) -> [CheckpointCandidate]

    // MARK: Aliases and evaluations

    /// Points an alias at a model: a new entry of its history.
    func setAlias(_ name: String, model: String, run: Int?, reason: String?, rollbackOf: Int?) throws(LedgerError) -> AliasRecord
    /// Every entry of the alias, oldest first.
    func aliasHistory(_ name: String) throws(LedgerError) -> [AliasRecord]
    /// The alias's current entry.
    func alias(_ name: String) throws(LedgerError) -> AliasRecord?
    /// Every alias's current entry, by name.
    func aliases() throws(LedgerError) -> [AliasRecord]
    /// Stores an evaluation, one per model and test file (a later one replaces it).
    func saveEvaluation(_ record: EvaluationRecord) throws -> EvaluationRecord
    func evaluation(model: String, testDigest: String) throws(LedgerError) -> EvaluationRecord?
    /// Stored evaluations of these models, newest first.
    func evaluations(models: [String]) throws(LedgerError) -> [EvaluationRecord]
    /// Each model's newest evaluation on the newest test file any of them was evaluated on.
    func latestEvaluations(models: [String]) throws(LedgerError) -> [String: EvaluationRecord]
}

