import ArgumentParser
import Foundation
import ServeOptions

/// `ftsweep serve`.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve OpenAI's fine-tuning API (files, jobs, events, checkpoints, models, chat) over the local trainer.",
        discussion: """
            Binds loopback unless told otherwise; another address needs --api-key or --api-key-file. Request \
            bodies over --max-upload-bytes and malformed ids are refused. Jobs and models live beside the ledger, \
            so `ftsweep chat` and sweeps see them too.

            Examples:
              ftsweep serve
              ftsweep serve --port 0            # an ephemeral port, printed on the first line
              ftsweep serve --instant-jobs      # jobs succeed at once: measure a client's overhead
              ftsweep serve --host 0.0.0.0 --api-key-file ~/.config/ftsweep/serve.key
              OPENAI_BASE_URL=http://127.0.0.1:8089/v1 python train_client.py
            """)

    @OptionGroup var options: ServeOptions

    /// Hands over to `ftsweep-serve` beside this executable, in this process (same pid, signals and streams).
    func run() throws {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("ftsweep-serve").path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw CommandFailure("\(executable) is missing: `ftsweep serve` runs it (make install puts it beside ftsweep)")
        }
        let arguments = [executable] + options.arguments
        var pointers = arguments.map { strdup($0) } + [nil]
        execv(executable, &pointers)
        throw CommandFailure("cannot start \(executable): \(String(cString: strerror(errno)))")
    }
}
