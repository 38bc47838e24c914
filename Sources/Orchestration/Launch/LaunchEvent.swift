import SweepCore

/// What a launch reports as it goes, for progress displays.
public enum LaunchEvent: Sendable {
    case skipped(trial: Trial, existingRun: Int, state: RunState)
    case started(run: Int, trial: Trial, job: String)
    case progress(run: Int, step: Int, totalSteps: Int, trainLoss: Double, validLoss: Double?)
    case finished(run: Int, state: RunState, model: String?, error: String?)
}
