import Foundation
import TestSupport
import Testing

/// The repository is all a user clones: nothing may reach outside it, and exact token counts need
/// no file, variable, cache or network.
@Suite struct StandAloneTests {
    @Test func noTrackedFileMentionsAFolderBesideTheRepository() throws {
        // Spelled in two parts so that this file does not match itself.
        let outside = ".." + "/shared"
        let result = try CommandRunner.run(
            "/usr/bin/git", ["grep", "-l", "-F", outside, "--", "."], in: TestPaths.repository,
            environment: ProcessInfo.processInfo.environment)
        #expect(result.status == 1, "files that mention \(outside): \(result.stdout)")
        #expect(result.stdout.isEmpty)
    }

    @Test func exactCountsComeFromTheBuiltInRankFiles() throws {
        let home = TestPaths.scratchDirectory("home")
        let result = try CommandRunner.ftsweep(
            ["data", "count-tokens", "-", "--encoding", "cl100k_base", "--format", "json"], in: home,
            environment: ["HOME": home, "XDG_CACHE_HOME": home], stdin: "hello world")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(reports.first?["tokens"] as? Int == 2, "\(result.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: home).isEmpty, "nothing cached or downloaded")
    }
}
