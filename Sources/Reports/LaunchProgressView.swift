import Foundation
import Orchestration
import SweepCore
import Synchronization

/// Live launch progress: on a terminal, one line per running trial redrawn in place (step/total,
/// losses, ETA); otherwise plain lines as trials start and finish, for logs and scripts.
public final class LaunchProgressView: Sendable {
    private struct Line {
        var label: String
        var text: String
        var started: Date
    }

    private struct State {
        var lines: [Int: Line] = [:]
        var drawn = 0
    }

    private let state = Mutex(State())
    private let interactive: Bool
    private let write: @Sendable (String) -> Void

    public init(interactive: Bool, write: @escaping @Sendable (String) -> Void) {
        self.interactive = interactive
        self.write = write
    }

    public func handle(_ event: LaunchEvent) {
        state.withLock { state in
            switch event {
            case let .skipped(trial, existing, runState):
                let why = runState == .succeeded
                    ? "already finished as run \(existing); --force runs it again"
                    : "\(runState) as run \(existing); --retry-failed runs it again"
                emit("skip   trial \(trial.index + 1) (\(TerminalText.escape(trial.model)), key \(trial.key.short)): \(why)", &state)
            case let .started(run, trial, job):
                let others = trial.hyperparameters.removing(ParameterName.apiHyperparameters).map { " \($0.name)=\(TerminalText.escape($0.value.description))" }.joined()
                let label = "run \(run) \(TerminalText.escape(trial.model)) e=\(trial[.nEpochs]) b=\(trial[.batchSize]) lr×=\(trial[.learningRateMultiplier])\(others)"
                state.lines[run] = Line(label: label, text: "queued (\(job))", started: Date())
                if interactive { redraw(&state) } else { emit("start  \(label) as \(job)", &state) }
            case let .progress(run, step, total, trainLoss, validLoss):
                guard var line = state.lines[run] else { return }
                let elapsed = Date().timeIntervalSince(line.started)
                let eta = step > 0 ? elapsed / Double(step) * Double(total - step) : 0
                line.text = "step \(step)/\(total)  train \(Formatting.fixed(trainLoss, 3))"
                    + (validLoss.map { "  valid \(Formatting.fixed($0, 3))" } ?? "") + "  ETA \(Int(eta.rounded()))s"
                state.lines[run] = line
                if interactive { redraw(&state) }
            case let .finished(run, runState, model, error):
                let label = state.lines[run]?.label ?? "run \(run)"
                state.lines[run] = nil
                // The model id and error come from the provider: shown with control characters escaped.
                let detail = model.map { " → \(TerminalText.escape($0))" } ?? error.map { ": \(TerminalText.escape($0))" } ?? ""
                emit("\(runState.description.padded(to: 6, minimumGap: 0)) \(label)\(detail)", &state)
            }
        }
    }

    /// Prints a permanent line above the live block.
    private func emit(_ text: String, _ state: inout State) {
        if interactive { clear(&state) }
        write(text + "\n")
        if interactive { redraw(&state) }
    }

    private func clear(_ state: inout State) {
        guard state.drawn > 0 else { return }
        write("\u{1B}[\(state.drawn)A\u{1B}[J")
        state.drawn = 0
    }

    private func redraw(_ state: inout State) {
        clear(&state)
        let lines = state.lines.sorted { $0.key < $1.key }.map { "  \($0.value.label)  \($0.value.text)" }
        if !lines.isEmpty { write(lines.joined(separator: "\n") + "\n") }
        state.drawn = lines.count
    }
}
