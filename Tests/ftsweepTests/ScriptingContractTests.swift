import Foundation
import TestSupport
import Testing

/// Every property name in `value` (dictionary data keys such as model ids included, which hold ':').
private func keys(_ value: Any) -> [String] {
    if let object = value as? [String: Any] { return object.keys.sorted() + object.values.flatMap(keys) }
    if let array = value as? [Any] { return array.flatMap(keys) }
    return []
}

private func json(_ result: CommandResult) throws -> Any {
    #expect(result.status == 0, "\(result.stderr)")
    return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
}

/// Output for scripts is a contract: one JSON style whose run names are `--where` fields, CSV with
/// every digit, and no rank column on a listing that was not ranked.
@Suite struct ScriptingContractTests {
    private static let folder: String? = try? TriageSweep.launched(
        "contract", parameters: ["model: {value: local-small}", "n_epochs: {value: 1}", "seed: {values: [1, 2]}"])

    @Test(arguments: [
        ["runs", "ls"], ["runs", "show", "1"], ["sweep", "status", "contract"], ["sweep", "ls"], ["best", "--sweep", "contract"],
        ["data", "ls"], ["sweep", "plan", "spec.yaml"], ["compare", "1", "2"],
    ])
    func jsonNamesAreSnakeCaseWithPlainNumbers(_ command: [String]) throws {
        let folder = try #require(Self.folder)
        let names = keys(try json(try CommandRunner.ftsweep(command + ["--format", "json"], in: folder)))
        #expect(!names.isEmpty)
        let camel = names.filter { $0.range(of: "^[a-z]+[A-Z]", options: .regularExpression) != nil }
        #expect(camel.isEmpty, "camelCase names: \(camel)")
        #expect(!names.contains("nanos") && !names.contains("raw_value") && !names.contains("rawValue"), "\(names)")
    }

    @Test func everyNameOfARunInJSONFiltersRunsLs() throws {
        let folder = try #require(Self.folder)
        let runs = try #require(try json(try CommandRunner.ftsweep(["runs", "ls", "--format", "json"], in: folder)) as? [[String: Any]])
        let names = Set(runs.flatMap(\.keys))
        #expect(names.contains("n_epochs") && names.contains("full_valid_loss") && names.contains("job_id"))
        for name in names.sorted() {
            let filtered = try CommandRunner.ftsweep(["runs", "ls", "--where", "\(name) is not null", "--format", "json"], in: folder)
            #expect(filtered.status == 0, "--where does not know \(name): \(filtered.stderr)")
        }
    }

    @Test func csvKeepsEveryDigitAndAnUnsortedListingHasNoRank() throws {
        let folder = try #require(Self.folder)
        let runs = try #require(try json(try CommandRunner.ftsweep(["runs", "ls", "--format", "json"], in: folder)) as? [[String: Any]])
        let loss = try #require(runs.first?["full_valid_loss"] as? Double)
        let listing = try CommandRunner.ftsweep(["runs", "ls", "--format", "csv"], in: folder)
        let lines = listing.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("run,sweep,") == true, "\(listing.stdout)")
        let column = try #require(lines.first?.split(separator: ",").firstIndex(of: "full_valid_loss"))
        #expect(Double(String(lines[1].split(separator: ",")[column])) == loss, "\(listing.stdout)")
        let ranked = try CommandRunner.ftsweep(["runs", "ls", "--sort", "full_valid_loss", "--format", "csv"], in: folder)
        #expect(ranked.stdout.hasPrefix("rank,run,"), "\(ranked.stdout)")
    }

    @Test func aFinishedSweepStaysFinishedWhenCancelledAndUnknownNamesAreExit66() throws {
        let folder = try #require(Self.folder)
        let cancel = try CommandRunner.ftsweep(["sweep", "cancel", "contract"], in: folder)
        #expect(cancel.status == 1 && cancel.stderr == "error: sweep contract has already ended (finished); nothing to cancel\n", "\(cancel.stderr)")
        let status = try json(try CommandRunner.ftsweep(["sweep", "status", "contract", "--format", "json"], in: folder)) as? [String: Any]
        #expect((status?["sweep"] as? [String: Any])?["state"] as? String == "finished")
        for command in [["runs", "show", "99"], ["runs", "ls", "--sweep", "nosuch"], ["sweep", "status", "nosuch"], ["best", "--sweep", "nosuch"],
                        ["alias", "resolve", "nosuch"], ["promote", "ft:nosuch", "--alias", "prod"]] {
            let result = try CommandRunner.ftsweep(command, in: folder)
            #expect(result.status == 66, "\(command): \(result.status) \(result.stderr)")
        }
    }
}
