import ArgumentParser
import Ledger
import Orchestration
import Reports
import SweepCore

/// `ftsweep promote`.
struct Promote: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Point an alias at a run's model (or a model id), for deployment.",
        discussion: """
            The alias's history is append-only; `alias rollback` goes back. With --require-better the \
            candidate must beat the current holder on its sweep's metric, or nothing changes; two \
            promotions at once are compared one after the other. A model id no run of the ledger \
            produced is refused (exit 66) unless --force.

            Examples:
              ftsweep promote 14 --alias support-prod --reason "best of triage-demo"
              ftsweep promote "$(ftsweep best -q)" --alias support-prod --require-better
              ftsweep promote 14 --alias support-prod --require-better --by eval.macro_f1
            """)

    @Argument(help: ArgumentHelp("A run id or a model id.", valueName: "run|model"))
    var candidate: String

    @Option(help: ArgumentHelp("The alias to set.", valueName: "name"))
    var alias: String

    @Option(help: ArgumentHelp("Why, for the history.", valueName: "text"))
    var reason: String?

    @Flag(help: "Refuse unless the candidate beats the alias's current holder.")
    var requireBetter = false

    @Flag(help: "Promote a model id that no run of this ledger produced (a model made elsewhere).")
    var force = false

    @Option(help: ArgumentHelp(
        "The metric --require-better compares: a run metric, or eval.accuracy, eval.macro_f1, … (from `ftsweep eval` on a test set both models were scored on).",
        valueName: "metric"))
    var by: String?

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: FormatOption

    func run() async throws {
        let ledger = try ledger.openExisting()
        let run: RunRecord?
        let model: String
        do {
            if let id = Int(candidate) {
                let record = try ledger.run(id)
                guard record.state == .succeeded, let produced = record.fineTunedModel else {
                    throw PromotionError.noModel(run: id, state: record.state)
                }
                (run, model) = (record, produced)
            } else {
                (run, model) = (try ledger.run(producing: candidate), candidate)
                guard run != nil || force else {
                    throw CommandFailure(
                        "no run of this ledger produced model '\(candidate)'; promote a run id, or pass --force to promote a model made elsewhere",
                        status: ExitStatus.notFound)
                }
            }
            let record = try Promotion(ledger: ledger).promote(run: run, model: model, alias: alias, reason: reason, requireBetter: requireBetter, metric: by)
            switch output.format {
            case .json: print(try JSONOutput.render(record))
            case .table: print("\(alias) → \(record.modelID)\(record.runID.map { " (run \($0))" } ?? "")")
            }
        } catch let error as LedgerError {
            throw CommandFailure(error)
        } catch let error as PromotionError {
            throw CommandFailure(error.description)
        }
    }
}

/// `ftsweep alias`.
struct AliasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alias",
        abstract: "List, resolve, trace and roll back model aliases.",
        subcommands: [List.self, Resolve.self, History.self, Rollback.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ls", abstract: "List aliases and the models they name.",
            discussion: "Example:\n  ftsweep alias ls")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let aliases = try ledger.openForReading().aliases()
            switch output.format {
            case .json: print(try JSONOutput.render(aliases))
            case .table: print(AliasTableView(aliases).render())
            }
        }
    }

    struct Resolve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve",
            abstract: "Print the model an alias names (for deploy scripts); exit 66 when there is no such alias.",
            discussion: "Example:\n  MODEL=$(ftsweep alias resolve support-prod)")
        @Argument(help: ArgumentHelp("The alias.", valueName: "name")) var name: String
        @OptionGroup var ledger: LedgerOptions

        func run() async throws {
            guard let record = try ledger.openForReading().alias(name) else { throw CommandFailure("no alias named \(name)", status: ExitStatus.notFound) }
            print(record.modelID)
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Show every model an alias has named, oldest first.",
            discussion: "Example:\n  ftsweep alias history support-prod")
        @Argument(help: ArgumentHelp("The alias.", valueName: "name")) var name: String
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        func run() async throws {
            let history = try ledger.openForReading().aliasHistory(name)
            guard !history.isEmpty else { throw CommandFailure("no alias named \(name)", status: ExitStatus.notFound) }
            switch output.format {
            case .json: print(try JSONOutput.render(history))
            case .table: print(AliasTableView(history).render())
            }
        }
    }

    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rollback",
            abstract: "Point an alias back at the model it named before (recorded as a new entry).",
            discussion: "Example:\n  ftsweep alias rollback support-prod")
        @Argument(help: ArgumentHelp("The alias.", valueName: "name")) var name: String
        @OptionGroup var ledger: LedgerOptions

        func run() async throws {
            do {
                let record = try Promotion(ledger: try ledger.openExisting()).rollback(alias: name)
                print("\(name) → \(record.modelID)")
            } catch let error as PromotionError {
                throw CommandFailure(error.description)
            }
        }
    }
}
