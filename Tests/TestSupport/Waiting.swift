import Foundation

/// Waits for a condition with a deadline: synchronisation by state, never by a fixed sleep.
public enum Waiting {
    /// Checks `condition` every few milliseconds until it holds or `seconds` pass; returns whether it held.
    @discardableResult
    public static func until(seconds: Double = 60, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return try await condition()
    }

    /// The same, for synchronous tests.
    @discardableResult
    public static func until(seconds: Double = 60, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(10_000)
        }
        return try condition()
    }
}
