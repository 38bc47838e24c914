import ArgumentParser
import Foundation
import LocalTrainer
import Providers
import SweepCore

/// `ftsweep chat`.
struct Chat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Ask a local model (base or fine-tuned) one question and print its answer.",
        discussion: """
            Examples:
              ftsweep chat ft:local-small:local:triage:AbC123xy "The app crashes when I upload a photo"
              ftsweep chat "$(ftsweep best -q)" --system "You route support tickets." "I forgot my password"
            """)

    @Argument(help: ArgumentHelp("The model id.", valueName: "model"))
    var model: String

    @Option(help: ArgumentHelp("A system message.", valueName: "text"))
    var system: String?

    @Argument(help: ArgumentHelp("The user message.", valueName: "prompt"))
    var prompt: String

    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        guard let provider = try SweepOptions.provider(for: .local, ledgerPath: ledger.ledgerPath) as? LocalProvider else { return }
        let loaded: LocalModel
        do { loaded = try provider.loadModel(model) } catch { throw CommandFailure("\(error)", status: ExitStatus.usage) }
        var messages: [(role: String, content: String)] = []
        if let system { messages.append(("system", system)) }
        messages.append(("user", prompt))
        print(loaded.reply(to: messages))
    }
}
