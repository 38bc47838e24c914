import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A trial's processes: one process group, led by the supervisor that starts the trainer, so a
/// signal reaches the trainer and everything it forked, and the terminal's Ctrl-C reaches none.
struct ProcessGroup: Sendable {
    /// The leader's pid, which is also the group's id.
    let leader: pid_t

    /// Starts `arguments` (an absolute program path first) as the leader of a new process group and
    /// returns at once; the group outlives this process. `standardInput` becomes the leader's descriptor 0.
    static func spawn(_ arguments: [String], environment: [String: String], standardInput: Int32? = nil) throws
        -> ProcessGroup
    {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Default signal handling and an empty mask: the launcher ignores SIGINT and its threads
        // block signals, and a child inherits both, so SIGTERM could otherwise miss the trainer.
        var defaults = sigset_t()
        var mask = sigset_t()
        sigfillset(&defaults)
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        posix_spawnattr_setpgroup(&attributes, 0)
        // Only standard input, output and error reach the trainer: an inherited descriptor (the
        // ledger, or the pipe a parent watches for this process's exit) would outlive the launcher.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let standardInput { posix_spawn_file_actions_adddup2(&actions, standardInput, 0) }
        for descriptor in openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw ProviderError.unavailable("cannot start \(arguments[0]): \(String(cString: strerror(status)))")
        }
        return ProcessGroup(leader: pid)
    }

    /// This process's open file descriptors (glibc closes a listed one that is gone by then without complaint).
    private static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    }

    /// Whether the leader is still running. A zombie counts as ended: it has exited, and where PID 1
    /// does not reap orphans (some containers) it stays a zombie for good.
    var leaderIsRunning: Bool {
        // Reaps the leader when this process started it, so it does not linger as our zombie.
        _ = waitpid(leader, nil, WNOHANG)
        guard kill(leader, 0) == 0 || errno == EPERM else { return false }
        return !Self.isZombie(leader)
    }

    /// Whether any process of the group is still running (zombies excluded).
    var isRunning: Bool {
        _ = waitpid(leader, nil, WNOHANG)
        guard kill(-leader, 0) == 0 || errno == EPERM else { return false }
        #if os(Linux)
            return !Self.members(of: leader).isEmpty
        #else
            return true
        #endif
    }

    /// Sends `signal` to every process of the group.
    func signal(_ signal: Int32) {
        _ = kill(-leader, signal)
    }

    /// SIGTERM to the group, then SIGKILL to what is left once `grace` has passed; returns when the
    /// group has ended. A killed process can take a while to go (a model server freeing a GPU's memory,
    /// a process in uninterruptible I/O), and callers rely on it being gone, so the wait after SIGKILL
    /// is long; only a process that cannot die at all outlasts it.
    func terminate(grace: Duration) async {
        signal(SIGTERM)
        if await ended(within: grace) { return }
        signal(SIGKILL)
        _ = await ended(within: .seconds(60))
    }

    private func ended(within time: Duration) async -> Bool {
        let deadline = ContinuousClock.now + time
        while isRunning {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// `/proc/<pid>/stat`'s state letter is `Z`.
    static func isZombie(_ pid: pid_t) -> Bool {
        stat(of: pid)?.state == "Z"
    }

    /// The running (not zombie) processes whose group is `group`, from `/proc`.
    static func members(of group: pid_t) -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { pid_t($0) }.filter { pid in
            guard let stat = stat(of: pid) else { return false }
            return stat.group == group && stat.state != "Z"
        }
    }

    /// The state and process group fields of `/proc/<pid>/stat` (after the parenthesised name,
    /// which may itself hold spaces and parentheses).
    private static func stat(of pid: pid_t) -> (state: Character, group: pid_t)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 2, let state = fields[0].first, let group = pid_t(fields[2]) else { return nil }
        return (state, group)
    }
}
