import Foundation
import Providers
import SweepCore
import TestSupport
import Testing

/// The contract every registered provider passes (`ProviderConfiguration`, `ProviderFactory`): a new
/// provider adds its sample here and nothing else.
@Suite struct ProviderFactoryContractTests {
    /// A `provider:` each registered kind accepts.
    static let samples: [String: String] = [
        "local": "{kind: local}",
        "openai": "{kind: openai, base_url: \"http://127.0.0.1:9/v1\"}",
        "command": "{kind: command, run: \"python3 train.py --out {run_dir}\"}",
    ]

    private func parse(_ provider: String) throws(SpecError) -> SweepSpec {
        try SpecParser(file: "spec.yaml", text: """
            name: contract
            training_file: t.jsonl
            provider: \(provider)
            parameters:
              model: {value: local-small}
            """, providers: ProviderRegistry.standard.kinds).parse()
    }

    @Test func everyKindIsRegisteredOnceAndHasASample() {
        let kinds = ProviderRegistry.standard.factories.map { $0.kind }
        #expect(Set(kinds).count == kinds.count)
        #expect(Set(kinds) == Set(Self.samples.keys))
        #expect(ProviderRegistry.standard.kinds.names.first == "local", "a spec without provider: trains locally")
    }

    @Test(arguments: ProviderRegistry.standard.factories.map { $0.kind })
    func aKindParsesItsOwnSettingsToOneIdentity(kind: String) throws {
        let sample = try #require(Self.samples[kind])
        let spec = try parse(sample)
        #expect(spec.provider.kind == kind)
        let again = try parse(sample)
        #expect(spec.provider == again.provider && spec.provider.key == again.provider.key)
        let other = try parse(try #require(Self.samples.values.first { $0 != sample }))
        #expect(spec.provider != other.provider)
        let made = try ProviderRegistry.standard.provider(
            for: spec.provider, context: ProviderContext(ledgerPath: TestPaths.scratchDirectory() + "/ledger.sqlite", requiringKey: false))
        #expect(made.key == spec.provider.key)
        if let fromKey = ProviderRegistry.standard.spec(forLedgerKey: spec.provider.key) {
            #expect(fromKey.key == spec.provider.key && fromKey.kind == kind)
        }
    }

    @Test(arguments: ProviderRegistry.standard.factories.map { $0.kind })
    func aKindRefusesAKeyItDoesNotKnowAtItsLine(kind: String) throws {
        let sample = try #require(Self.samples[kind])
        let withBogus = String(sample.dropLast()) + ", bogus_key: 1}"
        #expect(throws: SpecError.self) { try parse(withBogus) }
        do { _ = try parse(withBogus) } catch {
            #expect(error.description.hasPrefix("spec.yaml:3: provider.bogus_key: unknown key"), "\(error)")
        }
    }

    @Test func anUnknownKindNamesTheRegisteredOnes() {
        do {
            _ = try parse("{kind: togetherish}")
            Issue.record("parsed")
        } catch {
            #expect(error.description == "spec.yaml:3: provider.kind: unknown provider 'togetherish'; expected local, openai or command")
        }
    }

    /// Outside Providers a provider is its `ProviderSpec`; only its own folder spells its kind. The model ID
    /// format of `ftsweep serve` (`ft:BASE:local:…`) spells the organisation `local`, not the provider.
    @Test func noSourceOutsideProvidersSpellsAProviderKind() throws {
        let files = try CommandRunner.run(
            "/usr/bin/git", ["ls-files", "Sources/*.swift"], in: TestPaths.repository, environment: ProcessInfo.processInfo.environment)
        #expect(files.status == 0, "\(files.stderr)")
        let kinds = ProviderRegistry.standard.factories.map { $0.kind }
        var found: [String] = []
        for file in files.stdout.split(separator: "\n").map(String.init)
        where !file.hasPrefix("Sources/Providers/") && file != "Sources/LocalServer/Routes/IDFormat.swift" {
            let text = try String(contentsOfFile: "\(TestPaths.repository)/\(file)", encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for kind in kinds where ["\"\(kind)\"", "\"\(kind)@", "\"\(kind):"].contains(where: line.contains) {
                    found.append("\(file):\(index + 1): \(kind)")
                }
            }
        }
        #expect(found.isEmpty, "a provider's kind spelled outside Providers:\n\(found.joined(separator: "\n"))")
    }
}
