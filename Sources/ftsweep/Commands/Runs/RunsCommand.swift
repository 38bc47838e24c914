import ArgumentParser
import SweepCore
import Ledger
import Reports

/// `ftsweep runs`.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "Query the runs in the ledger.",
        subcommands: [List.self, Show.self, Cancel.self])

    /// `ftsweep runs show`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show one run: settings, datasets, job and model, loss curves, checkpoints, events and cost.",
            discussion: """
                Examples:
                  ftsweep runs show 14
                  ftsweep runs show 14 --format json
                """)

        @Argument(help: ArgumentHelp("The run id.", valueName: "run"))
        var run: Int

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let ledger = try ledger.openForReading()
            let record: RunRecord
            do { record = try ledger.run(run) } catch { throw CommandFailure(error) }
            let metrics = try ledger.metrics(run: record.id)
            switch output.format {
            case .json: print(try JSONOutput.render(RunDetail(run: record, metrics: metrics)))
            case .table:
                let datasets = try [record.trainingDigest, record.validationDigest].compactMap { $0 }.map { try ledger.dataset(matching: $0) }
                print(RunDetailView(
                    run: record, metrics: metrics, checkpoints: try ledger.checkpoints(run: record.id),
                    events: try ledger.lastEvents(run: record.id, limit: 50), datasets: datasets,
                    evaluations: try ledger.evaluations(models: record.fineTunedModel.map { [$0] } ?? [])).render())
            }
        }
    }

    /// `ftsweep runs ls`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls",
            abstract: "List runs, optionally of one sweep, sorted by a metric.",
            discussion: """
                Sort keys: \((RunQuery.sortColumns.keys.sorted() + RunQuery.evaluationKeys).joined(separator: ", ")); comma-separated, \
                a leading - sorts descending. eval.NAME is the newest `ftsweep eval` figure of the run's model. \
                Runs without the metric come last; ties go to the older run. \
                --where takes and, or, not, parentheses; = != < <= > >=, in (…), contains, is [not] null; fields are \
                the settings, model, state, sweep, provider, training/validation (digest prefix), created, finished, \
                summary metrics and aggregates (valid_loss:min, valid_loss:last, valid_loss:last5; the legacy API's \
                classification_accuracy, _precision, _recall, _auroc, _auprc, _f1 of an ingested compiled_results.csv), alias, cost.

                Examples:
                  ftsweep runs ls --sweep triage-demo --sort full_valid_loss --limit 5
                  ftsweep runs ls --where 'batch_size = 8 and n_epochs >= 2' --sort "full_valid_loss,-n_epochs"
                  ftsweep runs ls --where "model in (local-small, local-base) and created > 2026-11-01" --format csv
                  ftsweep runs ls --sweep triage-demo --sort -eval.macro_f1 --where 'eval.accuracy >= 0.8'
                  ftsweep runs ls --where 'classification_accuracy > 0.9' --sort -classification_f1
                """)

        @Option(name: .customLong("where"), help: ArgumentHelp("A filter expression (see above).", valueName: "expression"))
        var filter: String?

        @Option(help: ArgumentHelp("Only runs of this sweep (name or id).", valueName: "sweep"))
        var sweep: String?

        @Option(parsing: .unconditional, help: ArgumentHelp("The metric or column to sort by; prefix - for descending.", valueName: "metric"))
        var sort: String?

        @Option(help: ArgumentHelp("At most this many runs.", valueName: "n"))
        var limit: Int?

        @Option(help: "Output format: table, json, jsonl, csv or markdown.")
        var format: RunFormat = .table

        @Flag(help: "Show only the columns whose values differ between the runs (table, csv, markdown).")
        var changedOnly = false

        @OptionGroup var ledger: LedgerOptions

        func validate() throws {
            if let sort, RunQuery.sortKeys(sort) == nil {
                throw ValidationError("unknown sort key in '\(sort)'; expected keys from \((RunQuery.sortColumns.keys.sorted() + RunQuery.evaluationKeys).joined(separator: ", "))")
            }
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            var query = RunQuery(sweep: sweep, limit: limit)
            query.sort = sort.flatMap(RunQuery.sortKeys) ?? []
            if let filter {
                do { query.filter = try RunFilterParser.parse(filter) } catch {
                    throw CommandFailure("--where: \(error)", status: ExitStatus.usage)
                }
            }
            let metric = query.sort.first?.column
            let runs: [RunRecord]
            var evaluations: [String: EvaluationRecord] = [:]
            do {
                let ledger = try ledger.openForReading()
                runs = try ledger.runs(query)
                if metric?.hasPrefix("eval.") == true { evaluations = try ledger.latestEvaluations(models: runs.compactMap(\.fineTunedModel)) }
            } catch let error as LedgerError {
                if case .badFilter = error { throw CommandFailure(error.description, status: ExitStatus.usage) }
                if case .badSort = error { throw CommandFailure(error.description, status: ExitStatus.usage) }
                throw CommandFailure(error)
            }
            let view = RunTableView(
                runs, metric: metric ?? MetricSpec.default.name, changedOnly: changedOnly, evaluations: evaluations, ranked: metric != nil)
            switch format {
            case .table: print(view.render())
            case .json: print(try JSONOutput.render(runs))
            case .jsonl: for run in runs { print(try JSONOutput.line(run)) }
            case .csv: print(view.csv(), terminator: "")
            case .markdown: print(view.markdown(), terminator: "")
            }
        }
    }
}

/// How `runs ls` prints.
enum RunFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, jsonl, csv, markdown
}

private struct RunDetail: Encodable {
    var run: RunRecord
    var metrics: [MetricRow]
}
