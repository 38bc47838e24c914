import ArgumentParser
import Foundation
import LocalServer
import Providers
import SweepCore

/// `ftsweep serve`.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve OpenAI's fine-tuning API (files, jobs, events, checkpoints, models, chat) over the local trainer.",
        discussion: """
            Binds loopback unless told otherwise; another address needs --api-key or --api-key-file. Request
            bodies over --max-upload-bytes and malformed ids are refused. Jobs and models live beside the ledger,
            so `ftsweep chat` and sweeps see them too.

            Examples:
              ftsweep serve
              ftsweep serve --port 0            # an ephemeral port, printed on the first line
              ftsweep serve --instant-jobs      # jobs succeed at once: measure a client's overhead
              ftsweep serve --host 0.0.0.0 --api-key-file ~/.config/ftsweep/serve.key
              OPENAI_BASE_URL=http://127.0.0.1:8089/v1 python train_client.py
            """)

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port (0 picks a free one).")
    var port: UInt16 = 8089

    @Option(help: ArgumentHelp("Require this bearer token on every request (visible to other users in ps; prefer --api-key-file).", valueName: "key"))
    var apiKey: String?

    @Option(help: ArgumentHelp("Require the bearer token in this file, which only its owner may read.", valueName: "path"))
    var apiKeyFile: String?

    @Option(help: ArgumentHelp("The largest request body in bytes.", valueName: "bytes"))
    var maxUploadBytes = 512 << 20

    @Option(help: ArgumentHelp("Inject faults for testing clients, e.g. 429=0.1,500=0.05,drop=0.02,latency=0.1:200ms,seed=7.", valueName: "spec"))
    var faults: String?

    @Flag(help: "Jobs succeed at once, with one step of metrics and no model weights: for benchmarking clients.")
    var instantJobs = false

    @OptionGroup var ledger: LedgerOptions

    func run() async throws {
        guard var provider = try SweepOptions.provider(for: .local, ledgerPath: ledger.ledgerPath) as? LocalProvider else { return }
        provider.finishesJobsAtOnce = instantJobs
        let server: LocalAPIServer
        do {
            let plan = try faults.map { text throws(SpecError) in try FaultPlan(parsing: text) }
            let key = try apiKeyFile.map { path throws(APIKeyFile.Failure) in try APIKeyFile.read(path) } ?? apiKey
            server = try LocalAPIServer(provider: provider, options: .init(host: host, port: port, apiKey: key, maxUploadBytes: maxUploadBytes, faults: plan))
        } catch {
            throw CommandFailure("\(error)", status: ExitStatus.usage)
        }
        let host = self.host
        try await server.run { port in
            FileHandle.standardOutput.write(Data("listening on http://\(host):\(port)/v1\n".utf8))
        }
    }
}
