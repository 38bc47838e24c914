import SweepCore

/// The ledger's schema, as ordered migrations. Each runs once and sets `PRAGMA user_version` to its number;
/// the pending ones run in one transaction. Never edit a migration once released: add the next one.
enum Migrations {
    static let all: [(name: String, sql: String)] = [
        ("initial schema", v1), ("sweep lifecycle and spend", v2), ("ranking indexes", v3), ("evaluations", v4),
        ("ledger identity and run origins", v5), ("any hyperparameter", v6), ("runs imported without their data", v7),
        (legacyClassificationName, v8), ("figures on the validation file", v9),
        ("classification series apart", v10),
    ]

    /// Migrations that rewrite a table's SQL text in `sqlite_schema` (SQLite's documented way to drop a
    /// NOT NULL constraint without copying the table): the runner bumps `schema_version` after them, so
    /// every connection reloads the schema.
    static let editingSchemaText: Set<Int> = [7]

    static var latestVersion: Int { all.count }

    static let v1 = """
        CREATE TABLE datasets (
            digest TEXT PRIMARY KEY,            -- 'sha256:' + hex of the exact bytes
            name TEXT,
            bytes INTEGER NOT NULL,
            examples INTEGER NOT NULL,
            tokens INTEGER NOT NULL,            -- per the cookbook's chat counting
            assistant_tokens INTEGER NOT NULL,
            encoding TEXT NOT NULL,
            tokens_exact INTEGER NOT NULL,      -- 0 when counted without a rank file
            format TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX datasets_name ON datasets(name);
        CREATE TABLE dataset_paths (
            digest TEXT NOT NULL REFERENCES datasets(digest),
            path TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            PRIMARY KEY (digest, path)
        ) WITHOUT ROWID;
        CREATE INDEX dataset_paths_path ON dataset_paths(path);
        CREATE TABLE uploads (
            digest TEXT NOT NULL REFERENCES datasets(digest),
            provider TEXT NOT NULL,
            file_id TEXT NOT NULL,
            uploaded_at TEXT NOT NULL,
            PRIMARY KEY (digest, provider)
        ) WITHOUT ROWID;
        CREATE TABLE sweeps (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            spec_text TEXT NOT NULL,
            spec_digest TEXT NOT NULL,
            method TEXT NOT NULL,
            metric TEXT NOT NULL,
            goal TEXT NOT NULL,
            provider TEXT NOT NULL,
            state TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            sweep_id INTEGER REFERENCES sweeps(id),
            trial_key TEXT NOT NULL,
            attempt INTEGER NOT NULL DEFAULT 1,     -- a forced re-run of a key is the next attempt
            model TEXT NOT NULL,
            n_epochs INTEGER,
            batch_size INTEGER,
            learning_rate_multiplier REAL,
            seed INTEGER,
            training_digest TEXT NOT NULL REFERENCES datasets(digest),
            validation_digest TEXT REFERENCES datasets(digest),
            provider TEXT NOT NULL,
            job_id TEXT,
            state TEXT NOT NULL,
            fine_tuned_model TEXT,
            trained_tokens INTEGER,
            error_code TEXT,
            error_message TEXT,
            request_json TEXT NOT NULL,
            resolved_json TEXT,
            created_at TEXT NOT NULL,
            finished_at TEXT,
            steps INTEGER,
            final_train_loss REAL,
            min_valid_loss REAL,
            final_valid_loss REAL,
            full_valid_loss REAL,
            full_valid_accuracy REAL,
            est_cost_nanos INTEGER
        );
        CREATE UNIQUE INDEX runs_sweep_trial ON runs(sweep_id, trial_key, attempt);
        CREATE INDEX runs_trial_key ON runs(trial_key);
        CREATE INDEX runs_job ON runs(provider, job_id);
        CREATE TABLE metrics (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            step INTEGER NOT NULL,
            train_loss REAL,
            train_accuracy REAL,
            valid_loss REAL,
            valid_accuracy REAL,
            full_valid_loss REAL,
            full_valid_accuracy REAL,
            PRIMARY KEY (run_id, step)
        ) WITHOUT ROWID;
        CREATE TABLE events (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            event_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            level TEXT NOT NULL,
            type TEXT NOT NULL,
            message TEXT NOT NULL,
            data_json TEXT,
            PRIMARY KEY (run_id, event_id)
        ) WITHOUT ROWID;
        CREATE TABLE checkpoints (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            step INTEGER NOT NULL,
            model_id TEXT NOT NULL,
            metrics_json TEXT,
            PRIMARY KEY (run_id, step)
        ) WITHOUT ROWID;
        CREATE TABLE aliases (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            model_id TEXT NOT NULL,
            run_id INTEGER REFERENCES runs(id),
            set_at TEXT NOT NULL,
            reason TEXT
        );
        CREATE INDEX aliases_name ON aliases(name, id);
        """

    /// Lifecycle (who is launching a sweep, why it stopped, where its spec lives) and what runs cost.
    static let v2 = """
        ALTER TABLE sweeps ADD COLUMN spec_path TEXT;           -- the spec's file, to resolve its data paths on resume
        ALTER TABLE sweeps ADD COLUMN overrides_json TEXT;      -- the -p overrides the launch applied, as a JSON array
        ALTER TABLE sweeps ADD COLUMN state_reason TEXT;        -- why a sweep is halted, paused or cancelled
        ALTER TABLE sweeps ADD COLUMN launcher TEXT;            -- 'pid@host' of the launch driving the sweep
        ALTER TABLE sweeps ADD COLUMN heartbeat_at INTEGER;     -- unix seconds of that launch's last sign of life
        ALTER TABLE runs ADD COLUMN est_tokens INTEGER;         -- billed tokens the plan expected
        ALTER TABLE runs ADD COLUMN cost_nanos INTEGER;         -- cost from trained_tokens, once the job reports them
        CREATE INDEX runs_sweep_state ON runs(sweep_id, state);
        """

    /// Ranking reads an index in metric order and stops at the limit, so `best` and `runs ls --sort
    /// METRIC --limit K` take the same time at 1,000 runs as at 100,000. Each index matches the ORDER
    /// BY that `Ledger.sql(for:)` writes (`metric IS NULL, metric, id`: runs without the metric last),
    /// for all runs and within one sweep.
    static let v3 = [Metric.fullValidLoss, .minValidLoss, .finalValidLoss, .finalTrainLoss, .fullValidAccuracy]
        .map(rankingIndexes).joined(separator: "\n")

    /// A metric's two ranking indexes, in its goal's order: over all runs and within one sweep.
    static func rankingIndexes(_ metric: Metric) -> String {
        let column = metric.column, key = column + (metric.goal == .maximize ? " DESC" : "")
        return """
            CREATE INDEX runs_rank_\(column) ON runs(\(column) IS NULL, \(key), id);
            CREATE INDEX runs_sweep_rank_\(column) ON runs(sweep_id, \(column) IS NULL, \(key), id);
            """
    }

    /// Evaluations on held-out test sets, one per (model, test-set digest). Summary figures are
    /// columns, so `runs ls --sort eval.accuracy` reads one indexed row a run.
    static let v4 = """
        CREATE TABLE evaluations (
            id INTEGER PRIMARY KEY,
            model TEXT NOT NULL,
            run_id INTEGER REFERENCES runs(id),
            test_digest TEXT NOT NULL,          -- 'sha256:' + hex of the test file's bytes
            test_path TEXT NOT NULL,
            kind TEXT NOT NULL,                 -- 'labels' or 'text'
            examples INTEGER NOT NULL,
            exact_matches INTEGER NOT NULL,
            accuracy REAL NOT NULL,
            macro_precision REAL,
            macro_recall REAL,
            macro_f1 REAL,
            token_f1 REAL NOT NULL,
            details_json TEXT NOT NULL,         -- per-class figures, confusion matrix, answers
            created_at TEXT NOT NULL,
            UNIQUE (model, test_digest)
        );
        CREATE INDEX evaluations_model ON evaluations(model, id);
        CREATE INDEX evaluations_run ON evaluations(run_id);
        """

    /// A ledger's own identity, recorded in every job it creates so that no other ledger adopts the job
    /// (two ledgers in one folder share the local provider's jobs); where each imported run came from,
    /// so importing the same results or bundle again changes nothing; and which entry an alias rollback
    /// undid, so rollbacks step back through the history.
    static let v5 = """
        CREATE TABLE ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        INSERT INTO ledger_meta VALUES ('ledger_id', lower(hex(randomblob(16))));
        ALTER TABLE runs ADD COLUMN origin TEXT;    -- 'ingest:sha256:…' or '<ledger id>/<run id>' of a bundle's run
        CREATE UNIQUE INDEX runs_origin ON runs(origin) WHERE origin IS NOT NULL;
        ALTER TABLE aliases ADD COLUMN rollback_of INTEGER REFERENCES aliases(id);  -- the entry a rollback undid
        """

    /// Hyperparameters beyond the standard columns (`lora_r`, `scheduler`, …): the run's set as a JSON
    /// object for reading, and one row a name for `--where` and `--sort`. A value keeps the type the
    /// spec gave it (SQLite's dynamic typing), so numbers compare as numbers and names as text.
    static let v6 = """
        ALTER TABLE runs ADD COLUMN params_json TEXT;
        CREATE TABLE run_params (
            run_id INTEGER NOT NULL REFERENCES runs(id),
            name TEXT NOT NULL,
            value,
            PRIMARY KEY (run_id, name)
        ) WITHOUT ROWID;
        CREATE INDEX run_params_name ON run_params(name, value);
        """

    /// A run whose results were made elsewhere may come without its training file (`ingest --new-run`
    /// with no `training=`): its training digest is then NULL. Only the constraint changes, so no row is
    /// rewritten, however big the ledger.
    static let v7 = """
        PRAGMA writable_schema = ON;
        UPDATE sqlite_schema
            SET sql = replace(sql, 'training_digest TEXT NOT NULL REFERENCES', 'training_digest TEXT REFERENCES')
            WHERE type = 'table' AND name = 'runs';
        PRAGMA writable_schema = OFF;
        """

    static let legacyClassificationName = "legacy classification metrics"

    /// The legacy `/v1/fine-tunes` API's classification figures of `compiled_results.csv`: a series
    /// column each in `metrics`, and a ranked summary column each in `runs`.
    static let v8 = (
        [MetricSeries.classificationAccuracy, .classificationPrecision, .classificationRecall, .classificationAUROC, .classificationAUPRC,
         .classificationF1].map { "ALTER TABLE metrics ADD COLUMN \($0.column) REAL;" }
        + [Metric.classificationAccuracy, .classificationPrecision, .classificationRecall, .classificationAUROC, .classificationAUPRC,
           .classificationF1].map { "ALTER TABLE runs ADD COLUMN \($0.column) REAL;\n" + rankingIndexes($0) }
    ).joined(separator: "\n")

    /// The run's model scored on its own validation file (a sweep with `metric: {name: valid_exact_match}`):
    /// a ranked summary column each in `runs`, copied from the evaluation of that model on that digest
    /// when it is stored; evaluations already stored fill them here. Runs are found by their model.
    static let v9 = (
        ["CREATE INDEX runs_model ON runs(fine_tuned_model);"]
        + [Metric.validExactMatch, .validMacroF1].map { metric in
            "ALTER TABLE runs ADD COLUMN \(metric.column) REAL;\n" + rankingIndexes(metric) + "\n"
                + "UPDATE runs SET \(metric.column) = (SELECT e.\(metric.evaluationColumn ?? "NULL") FROM evaluations e "
                + "WHERE e.model = runs.fine_tuned_model AND e.test_digest = runs.validation_digest) "
                + "WHERE fine_tuned_model IS NOT NULL AND validation_digest IS NOT NULL;"
        }
    ).joined(separator: "\n")

    /// The legacy classification series move out of `metrics` into a table of their own: their six
    /// columns, NULL in nearly every row, cost ingest about 14 % (docs/PERFORMANCE.md). `metrics` is
    /// copied once without them. The columns are spelled out: a migration never changes once released.
    static let v10: String = {
        let kept: [MetricSeries] = [.trainLoss, .trainAccuracy, .validLoss, .validAccuracy, .fullValidLoss, .fullValidAccuracy]
        let moved: [MetricSeries] = [
            .classificationAccuracy, .classificationPrecision, .classificationRecall, .classificationAUROC, .classificationAUPRC, .classificationF1,
        ]
        func definition(_ name: String, _ series: [MetricSeries]) -> String {
            "CREATE TABLE \(name) (\n    run_id INTEGER NOT NULL REFERENCES runs(id),\n    step INTEGER NOT NULL,\n"
                + series.map { "    \($0.column) REAL,\n" }.joined() + "    PRIMARY KEY (run_id, step)\n) WITHOUT ROWID;"
        }
        func columns(_ series: [MetricSeries]) -> String { series.map(\.column).joined(separator: ", ") }
        return [
            definition("classification_metrics", moved),
            "INSERT INTO classification_metrics SELECT run_id, step, \(columns(moved)) FROM metrics WHERE "
                + moved.map { "\($0.column) IS NOT NULL" }.joined(separator: " OR ") + ";",
            definition("metrics_narrow", kept),
            "INSERT INTO metrics_narrow SELECT run_id, step, \(columns(kept)) FROM metrics;",
            "DROP TABLE metrics;",
            "ALTER TABLE metrics_narrow RENAME TO metrics;",
        ].joined(separator: "\n")
    }()
}
