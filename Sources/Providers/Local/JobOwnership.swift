import Foundation
import Synchronization

/// Which process trains a local job: the one whose pid the job's files name. A job whose process
/// stopped before ending it is taken over by the next process that owns the job folder (the server,
/// a launch, `collect --watch`), which resumes it from its last training state.
enum JobOwnership {
    /// The jobs this process trains. A process given its predecessor's pid (pid 1 in a container,
    /// restarted) must still see that predecessor's jobs as stopped.
    private static let here = Mutex<Set<String>>([])

    static func begin(_ id: JobID) { here.withLock { _ = $0.insert(id.rawValue) } }
    static func end(_ id: JobID) { here.withLock { _ = $0.remove(id.rawValue) } }

    /// Whether the job has not ended and the process that trained it is gone.
    static func hasStopped(_ stored: StoredJob) -> Bool {
        guard !stored.job.status.isTerminal else { return false }
        if stored.ownerPid == getpid() { return !here.withLock { $0.contains(stored.job.id.rawValue) } }
        return kill(stored.ownerPid, 0) != 0 && errno == ESRCH
    }

    /// Takes a stopped job over: under the job's lock, reads it again and, when it is still stopped,
    /// names this process its owner. Nil when it is not stopped (another process took it first).
    static func claim(_ files: LocalJobFiles) throws -> StoredJob? {
        let descriptor = open(files.ownerLock, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ProviderError.unavailable("cannot open \(files.ownerLock): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }  // closing releases the lock
        guard flock(descriptor, LOCK_EX) == 0 else { return nil }
        var stored = try files.readSnapshot()
        guard hasStopped(stored) else { return nil }
        stored.ownerPid = getpid()
        begin(stored.job.id)
        do {
            try LocalJobFiles.writeAtomically(try LocalJobFiles.encoder.encode(stored), to: files.snapshot)
        } catch {
            end(stored.job.id)
            throw error
        }
        return stored
    }
}
