import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `ftsweep serve --port 0` in a child process, for tests that need the real HTTP API on loopback.
public final class ServeProcess: @unchecked Sendable {
    // @unchecked Sendable: `process` is started in `init` and only killed in `stop`.
    public let port: UInt16
    public let folder: String
    private let process: Process

    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Starts the server with its own ledger folder (or `folder`, to serve what an earlier server
    /// left) and waits for the line that names its port; `fileLimit` runs it under `ulimit -n`, for
    /// tests of descriptor exhaustion.
    public init(arguments: [String] = [], in directory: String? = nil, fileLimit: Int? = nil, folder existing: String? = nil) throws {
        folder = existing ?? TestPaths.scratchDirectory("serve")
        process = Process()
        let serve = ["serve", "--port", "0", "--ledger", "\(folder)/ledger.sqlite"] + arguments
        if let fileLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "ulimit -n \(fileLimit) && exec \"$0\" \"$@\"", CommandRunner.ftsweep] + serve
        } else {
            process.executableURL = URL(fileURLWithPath: CommandRunner.ftsweep)
            process.arguments = serve
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        process.standardOutput = output
        // What the server logs is kept beside its ledger, so tests can read every byte it wrote.
        FileManager.default.createFile(atPath: "\(folder)/serve.log", contents: nil)
        process.standardError = FileHandle(forWritingAtPath: "\(folder)/serve.log") ?? FileHandle.nullDevice
        try process.run()
        // The first line is "listening on http://127.0.0.1:PORT/v1"; reading blocks until it comes.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let portText = text.split(separator: ":").last?.split(separator: "/").first, let port = UInt16(portText) else {
            process.terminate()
            throw POSIXError(.ECONNREFUSED)
        }
        self.port = port
    }

    /// The server's process id (`ftsweep serve` execs the server, so it keeps this pid).
    public var pid: Int32 { process.processIdentifier }

    /// Whether the server process is still alive.
    public var isRunning: Bool { process.isRunning }

    /// Kills the server (SIGKILL: a child started from a concurrency thread may ignore SIGTERM).
    public func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
