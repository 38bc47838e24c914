import ArgumentParser

/// The options of `ftsweep serve`, shared by the `ftsweep` command that documents them and the
/// `ftsweep-serve` executable that runs the server (its own binary, so that the HTTP server's
/// libraries are not loaded by every other command).
public struct ServeOptions: ParsableArguments {
    @Option(help: "The address to listen on.")
    public var host = "127.0.0.1"

    @Option(help: "The port (0 picks a free one).")
    public var port: UInt16 = 8089

    @Option(
        help: ArgumentHelp(
            "Require this bearer token on every request (visible to other users in ps; prefer --api-key-file).",
            valueName: "key"))
    public var apiKey: String?

    @Option(
        help: ArgumentHelp("Require the bearer token in this file, which only its owner may read.", valueName: "path"))
    public var apiKeyFile: String?

    @Option(help: ArgumentHelp("The largest request body in bytes.", valueName: "bytes"))
    public var maxUploadBytes = 512 << 20

    @Option(help: ArgumentHelp("The largest JSON request body (job creation, chat) in bytes.", valueName: "bytes"))
    public var maxJSONBytes = 1 << 20

    @Option(
        help: ArgumentHelp(
            "Also accept this name in Host and Origin headers (repeatable); the bind address and localhost always are.",
            valueName: "name"))
    public var allowedHost: [String] = []

    @Option(help: ArgumentHelp("Connections served at once; more are answered 503.", valueName: "count"))
    public var maxConnections = 512

    @Option(help: ArgumentHelp("Close a connection after this many seconds without a request.", valueName: "seconds"))
    public var idleTimeout = 60

    @Option(
        help: ArgumentHelp("Answer 408 when a request body stops arriving for this many seconds.", valueName: "seconds")
    )
    public var readTimeout = 30

    @Option(help: ArgumentHelp("Jobs trained at once; later ones wait, queued.", valueName: "count"))
    public var maxRunning = 2

    @Option(
        help: ArgumentHelp(
            "Inject faults for testing clients, e.g. 429=0.1,500=0.05,drop=0.02,latency=0.1:200ms,seed=7.",
            valueName: "spec"))
    public var faults: String?

    @Flag(help: "Jobs succeed at once, with one step of metrics and no model weights: for benchmarking clients.")
    public var instantJobs = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The ledger file (default: $FTSWEEP_LEDGER, else .ftsweep/ledger.sqlite).", valueName: "path"))
    public var ledger: String?

    public init() {}

    /// Refuses limits that would make the server unusable, before it starts.
    public func validate() throws {
        for (name, value) in [
            ("max-json-bytes", maxJSONBytes), ("max-upload-bytes", maxUploadBytes), ("max-connections", maxConnections),
            ("idle-timeout", idleTimeout), ("read-timeout", readTimeout), ("max-running", maxRunning),
        ] where value < 1 {
            throw ValidationError("--\(name) must be at least 1")
        }
    }

    /// The options as arguments again, for handing them to `ftsweep-serve`.
    public var arguments: [String] {
        var arguments = ["--host", host, "--port", String(port), "--max-upload-bytes", String(maxUploadBytes)]
        arguments += ["--max-json-bytes", String(maxJSONBytes), "--max-connections", String(maxConnections)]
        arguments += [
            "--idle-timeout", String(idleTimeout), "--read-timeout", String(readTimeout), "--max-running",
            String(maxRunning),
        ]
        for host in allowedHost { arguments += ["--allowed-host", host] }
        if let apiKey { arguments += ["--api-key", apiKey] }
        if let apiKeyFile { arguments += ["--api-key-file", apiKeyFile] }
        if let faults { arguments += ["--faults", faults] }
        if instantJobs { arguments.append("--instant-jobs") }
        if let ledger { arguments += ["--ledger", ledger] }
        return arguments
    }
}
