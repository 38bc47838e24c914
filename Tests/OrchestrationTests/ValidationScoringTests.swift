import Foundation
@testable import Ledger
import Orchestration
import Providers
import SweepCore
import TestSupport
import Testing

/// A sweep ranked by `valid_exact_match`: the launcher scores each succeeded model on the validation
/// file through its provider before the slot frees, and a later launch scores what was left unscored.
@Suite struct ValidationScoringTests {
    @Test func aLaunchScoresEachSucceededModelAndALaterOneScoresThoseLeftUnscored() async throws {
        let workspace = Workspace()
        let spec = try SpecParser(file: "\(TestPaths.repository)/experiments/data/triage/spec.yaml", text: """
            name: scored
            metric: {name: valid_exact_match}
            training_file: train.jsonl
            validation_file: valid.jsonl
            parameters:
              model: {value: local-small}
              n_epochs: {value: 2}
              batch_size: {value: 8}
              learning_rate_multiplier: {values: [0.02, 2]}
            """, providers: ProviderRegistry.standard.kinds).parse()
        let outcome = try await workspace.launch(try await workspace.plan(spec))
        let ledger = try Ledger.openExisting(at: workspace.ledgerPath)
        #expect(outcome.ran.map(\.state) == [.succeeded, .succeeded] && outcome.ranked.count == 2)
        for run in outcome.ranked {
            let evaluation = try #require(try ledger.evaluation(model: run.fineTunedModel ?? "", testDigest: run.validationDigest ?? ""))
            #expect(evaluation.runID == run.id && evaluation.examples == 75)
            #expect(run.validExactMatch == evaluation.accuracy && run.validMacroF1 == evaluation.macroF1)
        }
        let scores = outcome.ranked.compactMap(\.validExactMatch)
        #expect(scores.count == 2 && scores[0] > scores[1], "ranked by the score: \(scores)")

        // As if the launcher had stopped while scoring: the next launch scores them before anything else
        // (the sampler of a resumed tpe sweep learns from them), and trains nothing again.
        try ledger.database.execute("DELETE FROM evaluations; UPDATE runs SET valid_exact_match = NULL, valid_macro_f1 = NULL")
        let again = try await workspace.launch(try await workspace.plan(spec))
        #expect(again.ran.isEmpty && again.skipped.count == 2)
        #expect(again.ranked.map(\.id) == outcome.ranked.map(\.id) && again.ranked.compactMap(\.validExactMatch) == scores)
    }
}
