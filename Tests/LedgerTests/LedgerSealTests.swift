import Foundation
import TestSupport
import Testing

/// The seal a second storage builds on: SQLite is reached from the ledger's core alone, and the records
/// and `LedgerStore` (the `LedgerModel` target) need nothing of it.
@Suite struct LedgerSealTests {
    private func trackedSwiftFiles() throws -> [String] {
        let files = try CommandRunner.run(
            "/usr/bin/git", ["ls-files", "Sources/*.swift"], in: TestPaths.repository, environment: ProcessInfo.processInfo.environment)
        try #require(files.status == 0, "\(files.stderr)")
        return files.stdout.split(separator: "\n").map(String.init)
    }

    private func imports(_ file: String) throws -> [String] {
        let text = try String(contentsOfFile: "\(TestPaths.repository)/\(file)", encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let words = line.split(separator: " ")
            guard let at = words.firstIndex(of: "import"), at + 1 < words.count, words[..<at].allSatisfy({ $0.hasPrefix("@") }) else { return nil }
            return String(words[at + 1])
        }
    }

    @Test func onlyTheLedgersCoreImportsSQLite() throws {
        let files = try trackedSwiftFiles()
        let reaching = try files.filter { try imports($0).contains("CSQLite") }
        #expect(!reaching.isEmpty, "no file imports CSQLite: the check looks at the wrong files")
        #expect(reaching.allSatisfy { $0.hasPrefix("Sources/Ledger/Core/") }, "\(reaching)")
    }

    @Test func theRecordsAndTheStoreProtocolDependOnSweepCoreAlone() throws {
        let model = try trackedSwiftFiles().filter { $0.hasPrefix("Sources/LedgerModel/") }
        #expect(model.contains("Sources/LedgerModel/LedgerStore.swift") && model.contains("Sources/LedgerModel/Records/RunRecord.swift"))
        for file in model {
            let imported = try imports(file)
            #expect(Set(imported).isSubset(of: ["Foundation", "SweepCore"]), "\(file) imports \(imported)")
        }
        let manifest = try String(contentsOfFile: "\(TestPaths.repository)/Package.swift", encoding: .utf8)
        let target = try #require(manifest.split(separator: "\n").first { $0.contains(#".target(name: "LedgerModel""#) })
        #expect(target.contains(#"dependencies: ["SweepCore"]"#), "\(target)")
    }
}
