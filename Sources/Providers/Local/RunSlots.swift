import Foundation

/// How many local jobs train at once (`serve --max-running`): a job past the limit stays `queued`
/// until a running one ends, so a burst of creations does not split the cores fifty ways.
public final class RunSlots: Sendable {
    // Sendable: DispatchSemaphore is thread-safe; it is only waited on and signalled.
    private let semaphore: DispatchSemaphore
    public let count: Int

    public init(_ count: Int) {
        self.count = count
        semaphore = DispatchSemaphore(value: count)
    }

    /// Waits for a slot on the job's own thread; false when `cancelled` says to stop first.
    func acquire(unless cancelled: () -> Bool) -> Bool {
        while semaphore.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            if cancelled() { return false }
        }
        return true
    }

    func release() { semaphore.signal() }
}
