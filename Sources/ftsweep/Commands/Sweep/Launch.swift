import ArgumentParser

extension SweepCommand {
    /// `ftsweep sweep launch`.
    struct Launch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "launch",
            abstract: "Launch every trial of a sweep that has not run yet, and rank the results.",
            discussion: """
                Registers the datasets, writes the sweep and each run to the ledger before starting it, runs up to \
                max_parallel trials at once (default: the number of cores), and ends with the ranked table and the \
                best model. A trial whose key already has a succeeded run is skipped, and said so; --force runs it \
                again. A trial that failed or was cancelled in this sweep is skipped unless --retry-failed. \
                Launching stops before a trial would cross a budget cap, when max_failed or \
                max_consecutive_failures trip, or when the sweep is paused; 'sweep resume' goes on from there. \
                Ctrl-C stops cleanly: running trials are cancelled and recorded as such.

                Exit status: 0 when every trial run succeeded (or the sweep was paused), 1 when a trial did not \
                succeed (it failed, or was cancelled from another shell) or launching stopped early, 130 after \
                Ctrl-C.

                Examples:
                  ftsweep sweep launch experiments/sweeps/triage.yaml
                  ftsweep sweep launch spec.yaml -p batch_size=4,8 --max-parallel 1
                  ftsweep sweep launch spec.yaml --force
                """)

        @OptionGroup var sweep: SweepOptions
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: FormatOption

        @Option(help: ArgumentHelp("Trials to run at once (default: the spec's max_parallel, else the number of cores).", valueName: "n"))
        var maxParallel: Int?

        @Flag(help: "Wait for every trial to finish (the default for the local provider).")
        var wait = false

        func run() async throws {
            let spec = try sweep.load()
            let (plan, provider) = try await sweep.plan(spec, ledger: ledger, forLaunch: true)
            try await LaunchSession(ledger: ledger, format: output.format).run(plan, provider: provider, maxParallel: maxParallel)
        }
    }
}
