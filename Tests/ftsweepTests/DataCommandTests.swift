import Foundation
import TestSupport
import Testing

private let triage = "\(TestPaths.repository)/experiments/data/triage"

@Suite struct DataCommandTests {
    @Test func validatePrintsExactCountsAndExitsZeroOnValidData() throws {
        let result = try CommandRunner.ftsweep(["data", "validate", "\(triage)/train.jsonl", "--validation", "\(triage)/valid.jsonl"], in: TestPaths.scratchDirectory())
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("train.jsonl: valid — training data, chat, 300 examples, 0 errors, 0 warnings"))
        #expect(result.stdout.contains("(o200k_base, exact)"))
        #expect(result.stderr.isEmpty)
    }

    @Test func validateReportsFileLineAndKeyAndExitsOne() throws {
        let directory = TestPaths.scratchDirectory()
        let lines = try String(contentsOfFile: "\(triage)/train.jsonl", encoding: .utf8).split(separator: "\n").prefix(12)
        let broken = lines.prefix(4).joined(separator: "\n") + "\n{\"messages\": [}\n" + lines.dropFirst(4).joined(separator: "\n") + "\n"
        _ = FileManager.default.createFile(atPath: "\(directory)/bad.jsonl", contents: Data(broken.utf8))
        let result = try CommandRunner.ftsweep(["data", "validate", "bad.jsonl"], in: directory)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("bad.jsonl:5: invalid_json: column 15: expected a value, found '}'\n"))
    }

    @Test func validateAsJSONGivesTheCostEstimate() throws {
        let result = try CommandRunner.ftsweep(["data", "validate", "\(triage)/train.jsonl", "--format", "json", "--epochs", "2", "--model", "gpt-4o-mini-2024-07-18"], in: TestPaths.scratchDirectory())
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let estimate = try #require(reports.first?["estimate"] as? [String: Any])
        let tokens = try #require((reports.first?["tokens"] as? [String: Any])?["total"] as? Int)
        #expect(estimate["epochs"] as? Int == 2)
        #expect(estimate["billed_tokens"] as? Int == 2 * tokens)
        // $3.00 per million tokens (3,000 nano-dollars a token), written as a plain number of dollars.
        #expect(estimate["cost"] as? Double == Double(2 * tokens * 3_000) / 1e9)
    }

    /// Twelve examples of one format: `chat`, `chat-untrained` (every assistant weight 0), `completion` or `preference`.
    private func examples(_ format: String, in directory: String) throws -> String {
        let lines = (0..<12).map { index in
            switch format {
            case "completion": #"{"prompt": "q\#(index)", "completion": "a"}"#
            case "preference":
                #"{"input": {"messages": [{"role": "user", "content": "q\#(index)"}]}, "preferred_output": [{"role": "assistant", "content": "a"}], "non_preferred_output": [{"role": "assistant", "content": "b"}]}"#
            case "chat-untrained":
                #"{"messages": [{"role": "user", "content": "q\#(index)"}, {"role": "assistant", "content": "a", "weight": 0}]}"#
            default: #"{"messages": [{"role": "user", "content": "q\#(index)"}, {"role": "assistant", "content": "a"}]}"#
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: "\(directory)/\(format).jsonl", atomically: true, encoding: .utf8)
        return "\(format).jsonl"
    }

    @Test(arguments: [
        ("completion", "gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18 trains on chat examples, not completion"),
        ("chat", "babbage-002", "babbage-002 trains on completion examples, not chat"),
        ("preference", "gpt-3.5-turbo-0125", "gpt-3.5-turbo-0125 trains on chat examples, not preference"),
        ("preference", "gpt-4.1-mini-2025-04-14", nil),
        ("completion", "davinci-002", nil),
        ("chat", "gpt-4.1-nano-2025-04-14", nil),
    ])
    func aNamedModelRefusesFormatsItCannotTrainOn(format: String, model: String, refusal: String?) throws {
        let directory = TestPaths.scratchDirectory()
        let file = try examples(format, in: directory)
        let result = try CommandRunner.ftsweep(["data", "validate", file, "--model", model], in: directory)
        if let refusal {
            #expect(result.status == 1)
            #expect(result.stdout.contains("\(file): unsupported_format: \(refusal)\n"), "\(result.stdout)")
        } else {
            #expect(result.status == 0, "\(result.stdout)")
        }
        // Without --model nothing is assumed about the format.
        #expect(try CommandRunner.ftsweep(["data", "validate", file], in: directory).status == 0)
    }

    @Test func aTrainingFileWhoseEveryAssistantWeightIsZeroIsRefused() throws {
        let directory = TestPaths.scratchDirectory()
        let file = try examples("chat-untrained", in: directory)
        let result = try CommandRunner.ftsweep(["data", "validate", file], in: directory)
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(file): no_trained_tokens: every assistant message has weight 0"), "\(result.stdout)")
        // A validation file is only measured, never trained on.
        let training = try examples("chat", in: directory)
        #expect(try CommandRunner.ftsweep(["data", "validate", training, "--validation", file], in: directory).status == 0)
    }

    @Test func usageErrorsExitSixtyFourWithOneErrorLine() throws {
        let result = try CommandRunner.ftsweep(["data", "validate", "x.jsonl", "--epochs", "0"], in: TestPaths.scratchDirectory())
        #expect(result.status == 64)
        #expect(result.stderr == "error: --epochs must be a whole number from 1 to 50, or auto; found '0'\n")
    }

    @Test func aMissingFileIsADataError() throws {
        let result = try CommandRunner.ftsweep(["data", "validate", "nope.jsonl"], in: TestPaths.scratchDirectory())
        #expect(result.status == 65)
        #expect(result.stderr == "error: nope.jsonl: cannot read the file (No such file or directory)\n")
    }

    @Test func addRecordsBytesOnceAndEachPathOnce() throws {
        let directory = TestPaths.scratchDirectory()
        try FileManager.default.copyItem(atPath: "\(triage)/train.jsonl", toPath: "\(directory)/copy.jsonl")
        let first = try CommandRunner.ftsweep(["data", "add", "\(triage)/train.jsonl", "--name", "triage"], in: directory)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("added sha256:eafdde3d6b26"))
        let again = try CommandRunner.ftsweep(["data", "add", "\(triage)/train.jsonl"], in: directory)
        #expect(again.stdout.hasPrefix("already recorded:"))
        let copy = try CommandRunner.ftsweep(["data", "add", "copy.jsonl"], in: directory)
        #expect(copy.stdout.hasPrefix("known dataset, new path recorded:"))

        let list = try CommandRunner.ftsweep(["data", "ls", "--format", "json"], in: directory)
        let datasets = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(datasets.count == 1)
        #expect((datasets[0]["paths"] as? [Any])?.count == 2)

        // New bytes at a known path are a new dataset; both are listed.
        let changed = try String(contentsOfFile: "\(directory)/copy.jsonl", encoding: .utf8).split(separator: "\n").dropLast().joined(separator: "\n") + "\n"
        try changed.write(toFile: "\(directory)/copy.jsonl", atomically: true, encoding: .utf8)
        #expect(try CommandRunner.ftsweep(["data", "add", "copy.jsonl"], in: directory).stdout.hasPrefix("added"))
        let both = try CommandRunner.ftsweep(["data", "ls", "--format", "json"], in: directory)
        #expect((try JSONSerialization.jsonObject(with: Data(both.stdout.utf8)) as? [Any])?.count == 2)

        let show = try CommandRunner.ftsweep(["data", "show", "triage"], in: directory)
        #expect(show.stdout.contains("sha256:eafdde3d6b269dcbad4cdcc3aed83a0bcfd67f8de744f5263afdeb83d6284095"))
        let byPrefix = try CommandRunner.ftsweep(["data", "show", "eafdde3d"], in: directory)
        #expect(byPrefix.stdout == show.stdout)
    }

    @Test func aNameTwoDatasetsCarryIsRefusedNamingBoth() throws {
        let directory = TestPaths.scratchDirectory()
        let lines = try String(contentsOfFile: "\(triage)/train.jsonl", encoding: .utf8).split(separator: "\n")
        try (lines.prefix(20).joined(separator: "\n") + "\n").write(toFile: "\(directory)/small.jsonl", atomically: true, encoding: .utf8)
        #expect(try CommandRunner.ftsweep(["data", "add", "\(triage)/train.jsonl", "--name", "same"], in: directory).status == 0)
        #expect(try CommandRunner.ftsweep(["data", "add", "small.jsonl", "--name", "same"], in: directory).status == 0)
        let show = try CommandRunner.ftsweep(["data", "show", "same"], in: directory)
        #expect(show.status == 64 && show.stdout.isEmpty, "\(show.stdout)")
        #expect(show.stderr.hasPrefix("error: 'same' names 2 datasets ("), "\(show.stderr)")
        #expect(show.stderr.contains("sha256:eafdde3d6b26 added ") && show.stderr.contains("sha256:57d0e80e2af1 added "))
        #expect(show.stderr.split(separator: "\n").count == 1)
        #expect(try CommandRunner.ftsweep(["data", "show", "eafdde3d"], in: directory).status == 0)
    }

    @Test func anInvalidFileLeavesTheLedgerExactlyAsItWas() throws {
        let directory = TestPaths.scratchDirectory()
        #expect(try CommandRunner.ftsweep(["data", "add", "\(triage)/valid.jsonl"], in: directory).status == 0)
        let ledger = "\(directory)/.ftsweep/ledger.sqlite"
        let before = try CommandRunner.ftsweep(["ledger", "info", "--format", "json"], in: directory).stdout
        let bad = TestPaths.fixture("DatasetsTests", "bad/16-invalid-json-truncated-object.jsonl")
        let result = try CommandRunner.ftsweep(["data", "add", bad], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.hasSuffix("nothing was recorded\n"))
        #expect(try CommandRunner.ftsweep(["ledger", "info", "--format", "json"], in: directory).stdout == before)
        #expect(FileManager.default.fileExists(atPath: ledger))
    }

    @Test func readCommandsOnAMissingLedgerSaySoPlainly() throws {
        let directory = TestPaths.scratchDirectory()
        for arguments in [["data", "ls"], ["ledger", "info"], ["data", "show", "abc"]] {
            let result = try CommandRunner.ftsweep(arguments, in: directory)
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("error: no ledger at .ftsweep/ledger.sqlite yet"))
        }
        #expect(!FileManager.default.fileExists(atPath: "\(directory)/.ftsweep"))
    }

    @Test func theLedgerLocationFollowsFlagThenEnvironment() throws {
        let directory = TestPaths.scratchDirectory()
        _ = try CommandRunner.ftsweep(["data", "add", "\(triage)/valid.jsonl"], in: directory, environment: ["FTSWEEP_LEDGER": "env.sqlite"])
        #expect(FileManager.default.fileExists(atPath: "\(directory)/env.sqlite"))
        _ = try CommandRunner.ftsweep(["data", "add", "\(triage)/valid.jsonl", "--ledger", "flag.sqlite"], in: directory, environment: ["FTSWEEP_LEDGER": "env.sqlite"])
        #expect(FileManager.default.fileExists(atPath: "\(directory)/flag.sqlite"))
        let info = try CommandRunner.ftsweep(["ledger", "info"], in: directory, environment: ["FTSWEEP_LEDGER": "env.sqlite"])
        #expect(info.stdout.hasPrefix("path            env.sqlite\nschema version  10\n"))
    }
}
