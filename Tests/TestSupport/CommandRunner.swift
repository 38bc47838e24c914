import Foundation

/// What a finished child process printed and returned.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs the built `ftsweep` binary (or any program) the way a user would, and waits for it.
public enum CommandRunner {
    /// The `ftsweep` binary built beside the test bundle.
    public static var ftsweep: String {
        let bundleFolder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleFolder, bundleFolder.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("ftsweep").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return "\(TestPaths.repository)/.build/debug/ftsweep"
    }

    /// Runs `ftsweep` with `arguments` in `directory`, with the built-in rank files and no ledger variable.
    public static func ftsweep(_ arguments: [String], in directory: String, environment extra: [String: String] = [:], stdin: String? = nil) throws -> CommandResult {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "FTSWEEP_TOKENIZERS")
        environment.removeValue(forKey: "FTSWEEP_LEDGER")
        environment.merge(extra) { $1 }
        return try run(ftsweep, arguments, in: directory, environment: environment, stdin: stdin)
    }

    /// Starts `ftsweep` without waiting for it, output discarded: for tests that signal or kill it.
    public static func start(_ arguments: [String], in directory: String, environment extra: [String: String] = [:]) throws
        -> Process
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ftsweep)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "FTSWEEP_TOKENIZERS")
        environment.removeValue(forKey: "FTSWEEP_LEDGER")
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    public static func run(_ program: String, _ arguments: [String], in directory: String, environment: [String: String], stdin: String? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a chatty child never blocks on a full pipe.
        let group = DispatchGroup()
        let stdoutBox = DataBox(), stderrBox = DataBox()
        for (pipe, box) in [(out, stdoutBox), (err, stderrBox)] {
            group.enter()
            DispatchQueue.global().async {
                box.data = pipe.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
        }
        group.wait()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: stdoutBox.data, as: UTF8.self),
            stderr: String(decoding: stderrBox.data, as: UTF8.self))
    }
}

private final class DataBox: @unchecked Sendable {
    // @unchecked Sendable: written by one reader thread, read after the DispatchGroup wait.
    var data = Data()
}
