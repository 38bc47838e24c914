import Foundation
import TestSupport

/// Launches the sweep `spec.yaml` in `folder` and SIGKILLs the launcher once its run has a job id:
/// the job goes on at the server without it, for `collect` to find.
func launchThenKillOnceAJobStarts(in folder: String) throws {
    let launcher = try CommandRunner.start(["sweep", "launch", "spec.yaml"], in: folder)
    Waiting.until(seconds: 90) {
        ((try? CommandRunner.ftsweep(["runs", "ls", "--format", "json"], in: folder).stdout) ?? "").contains("\"job_id\" : \"ftjob-")
    }
    kill(launcher.processIdentifier, SIGKILL)
    launcher.waitUntilExit()
}
