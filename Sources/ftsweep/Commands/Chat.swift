import ArgumentParser
import Foundation
import Ledger
import LocalTrainer
import Providers
import SweepCore

/// `ftsweep chat`.
struct Chat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Ask a model (local, or one a run of the ledger produced) one question and print its answer.",
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
        var messages: [ChatMessage] = []
        if let system { messages.append(ChatMessage(role: "system", content: system)) }
        messages.append(ChatMessage(role: "user", content: prompt))
        // A model a run of the ledger produced answers through its sweep's provider (a command
        // trainer's through its serve command); anything else is a local model file.
        let ledger = FileManager.default.fileExists(atPath: self.ledger.ledgerPath) ? try self.ledger.openExisting() : nil
        if let run = try ledger?.run(producing: model) {
            let answer = try await ModelServers.using { servers in
                let provider = try ModelTargets.provider(of: run, ledger: ledger, ledgerPath: self.ledger.ledgerPath, servers: servers)
                do { return try await provider.complete(model: model, messages: messages) } catch {
                    throw CommandFailure("\(error)", status: ExitStatus.unavailable)
                }
            }
            return print(answer)
        }
        let provider = LocalProvider.beside(ledgerPath: self.ledger.ledgerPath)
        let loaded: LocalModel
        do { loaded = try provider.loadModel(model) } catch { throw CommandFailure("\(error)", status: ExitStatus.usage) }
        print(loaded.reply(to: messages.map { (role: $0.role, content: $0.content) }))
    }
}
