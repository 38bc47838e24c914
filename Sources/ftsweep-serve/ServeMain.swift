import ArgumentParser
import Foundation
import Ledger
import LocalServer
import Providers
import ServeOptions
import SweepCore

/// `ftsweep-serve`: the server behind `ftsweep serve`, which starts it with the options it parsed.
@main
struct ServeMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ftsweep-serve", abstract: "The server behind `ftsweep serve` (see `ftsweep serve --help`).")

    @OptionGroup var options: ServeOptions

    func run() async throws {
        var provider = LocalProvider.beside(
            ledgerPath: Ledger.location(explicit: options.ledger, environment: ProcessInfo.processInfo.environment))
        provider.finishesJobsAtOnce = options.instantJobs
        provider.runSlots = RunSlots(options.maxRunning)
        provider.resumesStoppedJobs = true
        let server: LocalAPIServer
        do {
            let plan = try options.faults.map { text throws(SpecError) in try FaultPlan(parsing: text) }
            let key =
                try options.apiKeyFile.map { path throws(APIKeyFile.Failure) in try APIKeyFile.read(path) }
                ?? options.apiKey
            var settings = LocalAPIServer.Options(
                host: options.host, port: options.port, apiKey: key, maxUploadBytes: options.maxUploadBytes,
                faults: plan)
            settings.maxJSONBytes = options.maxJSONBytes
            settings.allowedHosts = options.allowedHost
            settings.maxConnections = options.maxConnections
            settings.idleTimeout = .seconds(options.idleTimeout)
            settings.readTimeout = .seconds(options.readTimeout)
            server = try LocalAPIServer(provider: provider, options: settings)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(64)
        }
        // Jobs that were training when a server (or another owner of this folder) stopped go on from their last checkpoint.
        let resumed = provider.resumeStoppedJobs()
        if !resumed.isEmpty {
            FileHandle.standardError.write(Data("ftsweep-serve: resumed \(resumed.count) job(s) whose process had stopped\n".utf8))
        }
        let host = options.host.contains(":") ? "[\(options.host)]" : options.host
        try await server.run { port in
            FileHandle.standardOutput.write(Data("listening on http://\(host):\(port)/v1\n".utf8))
        }
    }
}
