import Foundation

/// The Slurm cluster tests run against: the single node `experiments/slurm/up.sh` starts.
public enum SlurmCluster {
    /// Whether a controller answers `scontrol ping` (instant when it is down, where `squeue` hangs).
    public static let isUp: Bool = {
        (try? CommandRunner.run(
            "/usr/bin/env", ["scontrol", "ping"], in: "/", environment: ProcessInfo.processInfo.environment
        ).status) == 0
    }()
}
