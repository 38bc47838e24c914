import Foundation

/// Sweeps of the local trainer over the demo's triage data, for tests that need real runs.
public enum TriageSweep {
    /// A new scratch folder holding `spec.yaml`: sweep `name` with `parameters` (YAML lines under
    /// `parameters:`, model first) and any `extra` top-level keys.
    public static func workspace(_ name: String, parameters: [String], extra: [String] = []) -> String {
        let folder = TestPaths.scratchDirectory("cli-\(name)")
        let data = "\(TestPaths.repository)/experiments/data/triage"
        let lines = ["name: \(name)", "training_file: \(data)/train.jsonl", "validation_file: \(data)/valid.jsonl", "suffix: \(name)"]
            + extra + ["parameters:"] + parameters.map { "  \($0)" }
        _ = FileManager.default.createFile(atPath: "\(folder)/spec.yaml", contents: Data((lines.joined(separator: "\n") + "\n").utf8))
        return folder
    }

    /// A workspace whose sweep has been launched to the end; a failed launch fails the calling test.
    public static func launched(_ name: String, parameters: [String], extra: [String] = []) throws -> String {
        let folder = workspace(name, parameters: parameters, extra: extra)
        let launch = try CommandRunner.ftsweep(["sweep", "launch", "spec.yaml"], in: folder)
        guard launch.status == 0 else { throw LaunchFailed(stderr: launch.stderr) }
        return folder
    }

    /// Why `launched` gave no workspace.
    public struct LaunchFailed: Error, CustomStringConvertible {
        public var stderr: String
        public var description: String { "sweep launch failed: \(stderr)" }
    }
}
