import Foundation
import Providers
import SweepCore
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

private let triage = "\(TestPaths.repository)/experiments/data/triage"

/// A command provider over a scratch folder running one small real trainer.
private struct Harness {
    let provider: CommandProvider

    /// The trainer is `script`, run by /bin/sh from a file (so its braces are not template fields).
    init(script: String) throws {
        let root = TestPaths.scratchDirectory("misbehaving")
        #expect(FileManager.default.createFile(atPath: "\(root)/trainer.sh", contents: Data(script.utf8)))
        let spec = CommandSpec(run: try CommandTemplate(parsing: "/bin/sh \(root)/trainer.sh"), environment: [:], shell: false, cancelGrace: .seconds(5), executor: .local)
        provider = CommandProvider(spec: spec, root: root, workdir: root)
    }

    func start() async throws -> JobSnapshot {
        let training = try await provider.upload(path: "\(triage)/train.jsonl", digest: "sha256:eafdde3d6b269dcbad4cdcc3aed83a0b")
        return try await provider.createJob(
            JobRequest(
                model: "bow-64", trainingFile: training, validationFile: nil,
                hyperparameters: ["n_epochs": .int(1), "batch_size": .auto, "learning_rate_multiplier": .auto],
                suffix: nil, seed: 1, metadata: ["ftsweep_trial_key": "k1", "ftsweep_attempt": "1"]))
    }

    func end(_ job: JobSnapshot) async throws -> JobSnapshot {
        #expect(try await Waiting.until { try await provider.job(job.id).status.isTerminal }, "the job did not end")
        return try await provider.job(job.id)
    }

    func path(_ job: JobSnapshot, _ name: String) -> String { "\(provider.runDirectory(of: job.id))/\(name)" }

    /// Every event, page after page, as a launcher reads them once the job has ended.
    func allEvents(_ job: JobSnapshot) async throws -> (events: [JobEvent], pages: Int) {
        var events: [JobEvent] = []
        var pages = 0
        while pages < 10_000 {
            let page = try await provider.events(job.id, after: events.last?.id)
            pages += 1
            events += page
            guard let last = page.last, last.type == "metrics" else { break }
        }
        return (events, pages)
    }
}

private let waitingTrainer = "while [ ! -e \"$FTSWEEP_RUN_DIR/stop\" ]; do sleep 0.02; done"

/// A trainer's files are untrusted input: whatever it leaves, the launcher neither crashes nor hangs.
@Suite struct MisbehavingTrainerTests {
    @Test func aDirectoryInPlaceOfTheMetricsLogFailsTheJobNamingIt() async throws {
        let harness = try Harness(script: waitingTrainer)
        let job = try await harness.start()
        #expect(await Waiting.until { (try? await harness.provider.job(job.id).status) == .running })
        try FileManager.default.createDirectory(atPath: harness.path(job, "metrics.jsonl"), withIntermediateDirectories: true)
        _ = try await harness.provider.events(job.id, after: nil)
        let failed = try await harness.provider.job(job.id)
        #expect(failed.status == .failed)
        #expect(failed.error?.message == "\(harness.path(job, "metrics.jsonl")): expected a regular file, found a directory")
    }

    @Test func aNamedPipeInPlaceOfTheMetricsLogNeverBlocks() async throws {
        let harness = try Harness(script: waitingTrainer)
        let job = try await harness.start()
        #expect(await Waiting.until { (try? await harness.provider.job(job.id).status) == .running })
        #expect(mkfifo(harness.path(job, "metrics.jsonl"), 0o644) == 0)
        _ = try await harness.provider.events(job.id, after: nil)  // returns: opened without blocking
        let failed = try await harness.provider.job(job.id)
        #expect(failed.error?.message == "\(harness.path(job, "metrics.jsonl")): expected a regular file, found a named pipe")
    }

    @Test func aNamedPipeInPlaceOfModelJSONFailsTheJobInsteadOfHanging() async throws {
        let harness = try Harness(script: "mkfifo \"$FTSWEEP_RUN_DIR/model.json\"")
        let done = try await harness.end(try await harness.start())
        #expect(done.status == .failed)
        #expect(done.error?.message?.contains("expected a regular file, found a named pipe") == true, "\(String(describing: done.error))")
    }

    @Test func theLastMetricsLineWithoutANewlineIsReadOnceTheTrainerHasExited() async throws {
        let harness = try Harness(script: waitingTrainer)
        let job = try await harness.start()
        let text = "{\"step\": 1, \"train_loss\": 0.5}\n{\"step\": 2, \"full_valid_loss\": 0.25}"
        #expect(FileManager.default.createFile(atPath: harness.path(job, "metrics.jsonl"), contents: Data(text.utf8)))
        #expect(await Waiting.until { (try? await harness.provider.job(job.id).status) == .running })
        let running = try await harness.provider.events(job.id, after: nil).compactMap { $0.data?["step"] }
        #expect(running == [1], "while the trainer runs, the unterminated line waits")
        FileManager.default.createFile(atPath: harness.path(job, "stop"), contents: nil)
        let done = try await harness.end(job)
        #expect(done.status == .succeeded)
        let events = try await harness.allEvents(done).events
        #expect(events.filter { $0.type == "metrics" }.map(\.data) == [["step": 1, "train_loss": 0.5], ["step": 2, "full_valid_loss": 0.25]])
        #expect(events.last?.message.hasPrefix("The job has successfully completed") == true)
    }

    @Test func aLongLastLineOfStandardErrorKeepsItsStartAndItsEnd() async throws {
        let harness = try Harness(script: """
            echo starting >&2
            printf 'ValueError: bad shape ' >&2
            head -c 5000 /dev/zero | tr '\\0' x >&2
            echo ' (end)' >&2
            exit 2
            """)
        let done = try await harness.end(try await harness.start())
        #expect(done.status == .failed)
        let message = try #require(done.error?.message)
        #expect(message.hasPrefix("the trainer exited with status 2; standard error ends:\nValueError: bad shape xxx"), "\(message)")
        #expect(message.hasSuffix("xxx (end)") && message.contains(" … "), "\(message)")
        #expect(message.utf8.count < 2_200)
    }

    @Test func aMillionMetricsLinesWrittenAtOnceArriveInPagesEveryOneOnceAndTheEndLast() async throws {
        let harness = try Harness(script: waitingTrainer)
        let job = try await harness.start()
        let lines = 120_000
        var text = ""
        text.reserveCapacity(lines * 48)
        for step in 1...lines { text += "{\"step\": \(step), \"train_loss\": \(1.0 / Double(step))}\n" }
        #expect(FileManager.default.createFile(atPath: harness.path(job, "metrics.jsonl"), contents: Data(text.utf8)))
        FileManager.default.createFile(atPath: harness.path(job, "stop"), contents: nil)
        let done = try await harness.end(job)
        #expect(done.status == .succeeded)
        let (events, pages) = try await harness.allEvents(done)
        let steps = events.compactMap { $0.data?["step"] }
        #expect(steps.count == lines && steps == (1...lines).map(Double.init))
        #expect(pages >= text.utf8.count / (1 << 20), "a page holds at most 1 MiB of lines")
        #expect(events.last?.type == "message" && events.last?.message.hasPrefix("The job has successfully") == true)
    }
}
