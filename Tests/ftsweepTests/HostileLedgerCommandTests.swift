import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let triage = "\(TestPaths.repository)/experiments/data/triage"

/// A folder holding a real ledger, made the way a user makes one.
private func folderWithLedger() throws -> String {
    let folder = TestPaths.scratchDirectory("hostile-cli")
    let add = try CommandRunner.ftsweep(["data", "add", "\(triage)/valid.jsonl", "--ledger", "ledger.sqlite"], in: folder)
    try #require(add.status == 0, "\(add.stderr)")
    return folder
}

private func bytes(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }

/// Read commands never make, upgrade or touch a ledger, and a broken one is one clear line.
@Suite struct HostileLedgerCommandTests {
    static let readCommands: [[String]] = [
        ["runs", "ls"], ["sweep", "ls"], ["data", "ls"], ["ledger", "info"], ["best"], ["alias", "ls"], ["export"],
    ]

    @Test(arguments: readCommands)
    func aReadCommandGivenAnEmptyFileSaysThereIsNoLedgerAndLeavesTheFileEmpty(command: [String]) throws {
        let folder = TestPaths.scratchDirectory("hostile-cli")
        FileManager.default.createFile(atPath: "\(folder)/empty.sqlite", contents: Data())
        let result = try CommandRunner.ftsweep(command + ["--ledger", "empty.sqlite"], in: folder)
        #expect(result.status == 1 && result.stdout.isEmpty, "\(result)")
        #expect(result.stderr == "error: no ledger at empty.sqlite yet; it is made by the first command that records something (for example 'ftsweep data add FILE')\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["empty.sqlite"])
        #expect(bytes("\(folder)/empty.sqlite").isEmpty)
    }

    @Test(arguments: readCommands + [["data", "add", "\(triage)/valid.jsonl"], ["ledger", "check"]])
    func aNegativeSchemaVersionIsOneLineAndExit65(command: [String]) throws {
        let folder = try folderWithLedger()
        try SQLiteFile.setUserVersion(-1, path: "\(folder)/ledger.sqlite")
        let before = bytes("\(folder)/ledger.sqlite")
        let result = try CommandRunner.ftsweep(command + ["--ledger", "ledger.sqlite"], in: folder)
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains("schema version -1"), "\(result.stderr)")
        #expect(bytes("\(folder)/ledger.sqlite") == before)
    }

    @Test func anOlderSchemaIsReadOnlyAfterLedgerUpgrade() throws {
        let folder = try folderWithLedger()
        // The ledger as schema v4 left it: without v10's table of classification series, v9's figures on the
        // validation file, v8's classification columns, v7's nullable training digest, v6's parameters, nor v5's
        // identity, run origins and rollback links.
        let v9 = ["valid_exact_match", "valid_macro_f1"].map {
            "DROP INDEX runs_rank_\($0); DROP INDEX runs_sweep_rank_\($0); ALTER TABLE runs DROP COLUMN \($0); "
        }
        let classification = ["accuracy", "precision", "recall", "auroc", "auprc", "f1"].map { "classification_\($0)" }
        let v8 = classification.map {
            "DROP INDEX runs_rank_\($0); DROP INDEX runs_sweep_rank_\($0); ALTER TABLE runs DROP COLUMN \($0); "
        }
        try SQLiteFile.shell(
            "DROP TABLE classification_metrics; DROP INDEX runs_model; " + v9.joined() + v8.joined() + "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql, "
                + "'training_digest TEXT REFERENCES', 'training_digest TEXT NOT NULL REFERENCES') WHERE name = 'runs'; "
                + "PRAGMA writable_schema = OFF; DROP TABLE run_params; ALTER TABLE runs DROP COLUMN params_json; "
                + "DROP TABLE ledger_meta; DROP INDEX runs_origin; ALTER TABLE runs DROP COLUMN origin; "
                + "ALTER TABLE aliases DROP COLUMN rollback_of; PRAGMA user_version = 4", path: "\(folder)/ledger.sqlite")
        let before = bytes("\(folder)/ledger.sqlite")
        let refused = try CommandRunner.ftsweep(["data", "ls", "--ledger", "ledger.sqlite"], in: folder)
        #expect(refused.status == 1 && refused.stderr.contains("'ftsweep ledger upgrade' upgrades it"), "\(refused)")
        #expect(bytes("\(folder)/ledger.sqlite") == before)
        let upgrade = try CommandRunner.ftsweep(["ledger", "upgrade", "--ledger", "ledger.sqlite"], in: folder)
        #expect(upgrade.status == 0 && upgrade.stdout == "ledger.sqlite: schema version 10\n", "\(upgrade)")
        #expect(try CommandRunner.ftsweep(["data", "ls", "--ledger", "ledger.sqlite"], in: folder).status == 0)
    }

    @Test func ledgerCheckReportsDamageInsideTheFileAndPointsToRecover() throws {
        let folder = try folderWithLedger()
        let path = "\(folder)/ledger.sqlite"
        let size = bytes(path).count
        try #require(size >= 4 * 4096, "the ledger has pages past the first")
        try SQLiteFile.overwrite(path, at: UInt64(size - 4096), count: 2000)  // the last page, header and all
        let check = try CommandRunner.ftsweep(["ledger", "check", "--ledger", "ledger.sqlite"], in: folder)
        #expect(check.status == 1, "\(check)")
        #expect(check.stdout.hasSuffix("to save what is readable into a new ledger: sqlite3 ledger.sqlite .recover | sqlite3 recovered.sqlite\n"), "\(check.stdout)")
        #expect(check.stdout.split(separator: "\n").count >= 2, "a line from integrity_check: \(check.stdout)")
    }

    @Test func ledgerCheckReportsAnUnreadableFirstPageInsteadOfFailingToOpen() throws {
        let folder = try folderWithLedger()
        try SQLiteFile.overwrite("\(folder)/ledger.sqlite", at: 100, count: 8)
        let check = try CommandRunner.ftsweep(["ledger", "check", "--ledger", "ledger.sqlite"], in: folder)
        #expect(check.status == 1, "\(check)")
        #expect(check.stdout == """
            the file is damaged: database disk image is malformed
            to save what is readable into a new ledger: sqlite3 ledger.sqlite .recover | sqlite3 recovered.sqlite

            """, "\(check.stdout)\(check.stderr)")
        let list = try CommandRunner.ftsweep(["runs", "ls", "--ledger", "ledger.sqlite"], in: folder)
        #expect(list.status == 65 && list.stderr.contains("is damaged") && list.stderr.contains(".recover"), "\(list)")
    }

    @Test func aLedgerRestoredFromASQLiteDumpOpens() throws {
        let sqlite3 = "/usr/bin/sqlite3"
        try #require(FileManager.default.isExecutableFile(atPath: sqlite3), "the sqlite3 shell is installed")
        let folder = try folderWithLedger()
        let environment = ProcessInfo.processInfo.environment
        let dump = try CommandRunner.run(sqlite3, ["ledger.sqlite", ".dump"], in: folder, environment: environment)
        try #require(dump.status == 0 && dump.stdout.contains("CREATE TABLE datasets"))
        let restore = try CommandRunner.run(sqlite3, ["restored.sqlite"], in: folder, environment: environment, stdin: dump.stdout)
        try #require(restore.status == 0, "\(restore.stderr)")
        let read = try CommandRunner.ftsweep(["data", "ls", "--ledger", "restored.sqlite"], in: folder)
        #expect(read.status == 0 && read.stdout.contains("valid"), "\(read)")
        let write = try CommandRunner.ftsweep(["data", "add", "\(triage)/train.jsonl", "--ledger", "restored.sqlite"], in: folder)
        #expect(write.status == 0, "\(write.stderr)")
        #expect(try CommandRunner.ftsweep(["ledger", "check", "--ledger", "restored.sqlite"], in: folder).stdout == "ok\n")
    }

    /// As another user, in a folder that user cannot write: SQLite can make no WAL index there.
    @Test func aLedgerInAReadOnlyFolderCanBeRead() throws {
        let setpriv = "/usr/bin/setpriv"
        try #require(getuid() == 0 && FileManager.default.isExecutableFile(atPath: setpriv), "root, to read as another user")
        let folder = try folderWithLedger()
        for entry in try FileManager.default.contentsOfDirectory(atPath: folder) where entry != "ledger.sqlite" {
            try FileManager.default.removeItem(atPath: "\(folder)/\(entry)")
        }
        chmod("\(folder)/ledger.sqlite", 0o444)
        chmod(folder, 0o555)
        defer { chmod(folder, 0o755) }
        for command in [["data", "ls"], ["runs", "ls"], ["ledger", "check"]] {
            let result = try CommandRunner.run(
                setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", CommandRunner.ftsweep] + command + ["--ledger", "\(folder)/ledger.sqlite"],
                in: "/", environment: ["PATH": "/usr/bin:/bin"])
            #expect(result.status == 0, "\(command): \(result)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["ledger.sqlite"])
    }
}

/// Changes to a closed SQLite file, as another program or a bad disk would make them.
private enum SQLiteFile {
    /// `PRAGMA user_version` is the big-endian 32-bit integer at offset 60 of the file header.
    static func setUserVersion(_ version: Int32, path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seek(toOffset: 60)
        try handle.write(contentsOf: withUnsafeBytes(of: version.bigEndian) { Data($0) })
        try handle.close()
    }

    /// Runs SQL through the sqlite3 shell, as a user repairing a file by hand would.
    static func shell(_ sql: String, path: String) throws {
        let sqlite3 = "/usr/bin/sqlite3"
        try #require(FileManager.default.isExecutableFile(atPath: sqlite3), "the sqlite3 shell is installed")
        let result = try CommandRunner.run(sqlite3, [path, sql], in: "/", environment: ProcessInfo.processInfo.environment)
        try #require(result.status == 0, "\(result.stderr)")
    }

    static func overwrite(_ path: String, at offset: UInt64, count: Int) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seek(toOffset: offset)
        try handle.write(contentsOf: Data(repeating: 7, count: count))
        try handle.close()
    }
}
