import Foundation
import HTTPClient

#if canImport(Glibc)
    import Glibc
#endif

/// One model server started from a command provider's `serve:` template, on a loopback port, in a
/// process group of its own. The group's leader is a small watchdog script holding the read end of
/// a pipe whose write end only this process has: however this process ends (done, error, Ctrl-C,
/// SIGKILL), the pipe closes and the watchdog stops the whole group, so no server outlives ftsweep.
struct ModelServer: Sendable {
    let group: ProcessGroup
    let port: Int
    /// Holds the server's `stdout.log`, `stderr.log` and `exit_status`; removed when it stops.
    let logFolder: String
    /// The pipe's write end (close-on-exec, so no other child holds it).
    let lifeline: Int32

    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Starts `command` in `workdir` on a free loopback port that `command(port)` is filled with.
    static func start(
        command: (Int) -> [String], workdir: String, environment: (Int) -> [String: String], grace: Duration
    ) throws -> ModelServer {
        let port = try LoopbackPort.free()
        let logFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ftsweep-serve-\(ProcessInfo.processInfo.processIdentifier)-\(port)-\(JobFiles.randomID(6))"
        ).path
        try FileManager.default.createDirectory(atPath: logFolder, withIntermediateDirectories: true)
        var ends: [Int32] = [0, 0]
        // Close-on-exec, so only the watchdog (given the read end as its input) holds either end.
        guard pipe(&ends) == 0, fcntl(ends[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0
        else {
            throw ProviderError.unavailable("cannot start a model server: no pipe (\(String(cString: strerror(errno))))")
        }
        defer { close(ends[0]) }
        let seconds = String(max(1, Int(grace.components.seconds)))
        let arguments = ["/bin/sh", "-c", watchdogScript, "ftsweep-serve", logFolder, seconds, workdir] + command(port)
        do {
            let group = try ProcessGroup.spawn(arguments, environment: environment(port), standardInput: ends[0])
            return ModelServer(group: group, port: port, logFolder: logFolder, lifeline: ends[1])
        } catch {
            close(ends[1])
            try? FileManager.default.removeItem(atPath: logFolder)
            throw error
        }
    }

    /// The leader: starts the server, then waits for it; a watchdog child waits for the pipe to close
    /// (this process gone) and stops the group. The leader and the watchdog ignore SIGTERM, so the
    /// group's SIGTERM reaches the server and the leader records how it ended.
    static let watchdogScript = """
        log=$1 grace=$2; shift 2
        exec >>"$log/stdout.log" 2>>"$log/stderr.log" 3<&0
        cd "$1" || exit 1; shift
        "$@" </dev/null 3<&- &
        server=$!
        trap '' TERM
        (read line; kill -TERM 0; sleep "$grace"; kill -KILL 0) <&3 &
        watchdog=$!
        exec 3<&-
        wait "$server"
        # Written whole, then renamed: a reader never sees the file before its number.
        echo $? >"$log/exit_status.part" && mv "$log/exit_status.part" "$log/exit_status"
        kill -KILL "$watchdog" 2>/dev/null
        """

    /// Whether the server is still running: the leader records its exit status as soon as it ends.
    var serverIsRunning: Bool {
        !FileManager.default.fileExists(atPath: "\(logFolder)/exit_status") && group.leaderIsRunning
    }

    /// How the server ended, in words, once it has.
    var ending: String {
        let text = (try? String(contentsOfFile: "\(logFolder)/exit_status", encoding: .utf8)) ?? ""
        guard let status = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return "it ended" }
        return status > 128 ? "it was killed by signal \(status - 128)" : "it exited with status \(status)"
    }

    /// The last `limit` bytes of the server's standard error on one line (`⏎` where it broke lines), so
    /// the error that carries it stays one line.
    func stderrTail(limit: Int = 1024) -> String {
        let data = FileManager.default.contents(atPath: "\(logFolder)/stderr.log") ?? Data()
        let lines = String(decoding: data.suffix(limit), as: UTF8.self).split(whereSeparator: \.isNewline)
        let text = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.joined(separator: " ⏎ ")
        return text.isEmpty ? "(nothing)" : text
    }

    /// Waits until `GET /v1/models` answers 200 and returns the model ids it lists; throws, naming the
    /// server's standard error, when it ends first or `timeout` passes.
    func waitUntilReady(timeout: Duration, model: String) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        let client = HTTPClient()
        while true {
            let request = HTTPRequest(url: "\(baseURL)/models", connectTimeout: 1, totalTimeout: 5)
            if let response = try? await client.send(request), response.isSuccess {
                return Self.modelIDs(in: response.body)
            }
            guard serverIsRunning else {
                throw ProviderError.unavailable(
                    "the model server for \(model) ended before it was ready (\(ending)); its standard error ends: "
                        + stderrTail())
            }
            guard ContinuousClock.now < deadline else {
                throw ProviderError.unavailable(
                    "the model server for \(model) did not answer GET /v1/models on port \(port) within "
                        + "\(timeout.components.seconds) s (provider.serve_timeout_seconds); its standard error ends: "
                        + stderrTail())
            }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    /// SIGTERM to the group, SIGKILL after `grace`; returns once every process of it is gone.
    func stop(grace: Duration) async {
        await group.terminate(grace: grace)
        close(lifeline)
        try? FileManager.default.removeItem(atPath: logFolder)
    }

    private static func modelIDs(in body: [UInt8]) -> [String] {
        let list = try? OpenAIWire.decoder().decode(OpenAIWire.List<OpenAIWire.Model>.self, from: Data(body))
        return list?.data.map(\.id) ?? []
    }
}
