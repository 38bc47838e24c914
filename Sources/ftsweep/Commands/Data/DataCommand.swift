import ArgumentParser

/// `ftsweep data`: check and register training data.
struct DataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Check training data and register it in the ledger by the SHA-256 of its bytes.",
        subcommands: [Validate.self, Add.self, List.self, Show.self, Digest.self, CountTokens.self])
}
