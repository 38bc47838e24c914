import ArgumentParser

/// `ftsweep sweep`: plan, launch and follow sweeps.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Plan, launch and follow hyperparameter sweeps.",
        subcommands: [Plan.self, Launch.self, Resume.self, Pause.self, Cancel.self, List.self, Status.self])
}
