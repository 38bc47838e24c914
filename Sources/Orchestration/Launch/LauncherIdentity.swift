import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Names a launching process as 'pid@host' and tells whether another such launch is gone, so a
/// resume after a crash takes the sweep over at once while a live launch keeps it.
public struct LauncherIdentity: Sendable, Equatable, CustomStringConvertible {
    public var pid: Int32
    public var host: String

    public static var current: LauncherIdentity {
        LauncherIdentity(pid: getpid(), host: ProcessInfo.processInfo.hostName)
    }

    public init(pid: Int32, host: String) {
        self.pid = pid
        self.host = host
    }

    public init?(_ text: String) {
        guard let at = text.firstIndex(of: "@"), let pid = Int32(text[..<at]) else { return nil }
        self.init(pid: pid, host: String(text[text.index(after: at)...]))
    }

    public var description: String { "\(pid)@\(host)" }

    /// Seconds without a heartbeat after which a launch on another host counts as gone.
    static let staleAfter = 120

    /// True when the launch `holder` cannot still be running: its process is gone from this host, or a
    /// launch elsewhere has been silent for too long.
    func canTakeOver(from holder: String, heartbeat: Int, now: Int) -> Bool {
        guard let other = LauncherIdentity(holder) else { return true }
        if other.host == host { return other.pid == pid || !Self.processExists(other.pid) }
        return now - heartbeat > Self.staleAfter
    }

    static func processExists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
