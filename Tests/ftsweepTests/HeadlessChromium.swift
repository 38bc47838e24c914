import Foundation
import TestSupport

/// Debian's `chromium` run headless, for tests that load a page the way a reader would.
enum HeadlessChromium {
    /// `$CHROMIUM`, else the first browser binary on the usual paths; nil when none is installed
    /// (`make test` installs Debian's `chromium` first).
    static let path: String? = {
        let candidates = [ProcessInfo.processInfo.environment["CHROMIUM"]].compactMap { $0 }
            + ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/local/bin/chromium"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Loads `file` and returns what Chromium printed: with `--dump-dom`, the DOM after the page's
    /// scripts ran; its console messages go to standard error (`--enable-logging=stderr`).
    static func run(_ browser: String, file: String, _ extra: [String]) throws -> CommandResult {
        let profile = TestPaths.scratchDirectory("chromium-profile")
        // `timeout`: a browser that hangs fails the test instead of stalling the suite.
        return try CommandRunner.run("/usr/bin/timeout", [
            "120", browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-default-browser-check", "--hide-scrollbars", "--user-data-dir=\(profile)", "--enable-logging=stderr", "--v=0",
        ] + extra + ["file://\(file)"], in: NSTemporaryDirectory(), environment: ProcessInfo.processInfo.environment)
    }

    /// Lines of Chromium's log that report a script error or console message from the page.
    static func consoleProblems(_ log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
    }
}
