import Foundation
import LocalTrainer
import SweepCore
import TestSupport
import Testing

private let triage = "\(TestPaths.repository)/experiments/data/triage"

/// Trains local-small on the triage set (3 epochs, batch 4, seed 7) with the given knobs; returns the
/// result file and the saved model file's bytes.
private func train(_ settings: LocalSettings, epochs: Int = 3) throws -> (csv: String, model: Data, trained: LocalModel) {
    var steps: [StepMetrics] = []
    let request = TrainingRequest(
        trainingFile: "\(triage)/train.jsonl", validationFile: "\(triage)/valid.jsonl", nEpochs: .int(epochs), batchSize: .int(4),
        learningRateMultiplier: .number(1), seed: 7, settings: settings)
    let trained = try Trainer().train(request, from: settings.fresh(.small, seed: 7, trainingFile: request.trainingFile)) { if case .step(let metrics) = $0 { steps.append(metrics) } }
    let path = "\(TestPaths.scratchDirectory("knobs"))/model.ftlm"
    try ModelFile.save(trained.named("x"), to: path)
    return (ResultCSV.render(steps), try #require(FileManager.default.contents(atPath: path)), trained)
}

/// The saved weights (little-endian float32 after the two header lines).
private func weights(_ file: Data) -> [Float] {
    let payload = file.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)[2]
    return payload.withUnsafeBytes { raw in (0..<raw.count / 4).map { raw.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) } }
}

private func header(_ file: Data) -> String {
    String(decoding: file.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)[1], as: UTF8.self)
}

@Suite struct LocalKnobTests {
    @Test func withoutKnobsTrainingIsByteForByteWhatItWasBeforeTheyExisted() throws {
        // Recorded with the trainer of the commit before the knobs: the result file's last row and the
        // weights' checksum in the model file's header.
        let expected = #"{"base":{"baseLearningRate":0.01,"featureBits":11,"hiddenSize":16,"name":"local-small"},"checksum":"a4e36ca56bf26db","name":"x","payloadBytes":148612}"#
        let absent = try train(LocalSettings())
        #expect(header(absent.model) == expected)
        #expect(absent.csv.split(separator: "\n").count == 226)
        #expect(absent.csv.hasSuffix("\n225,0.06853,1.0,0.15009,0.95833\n"))
        // Asking for every knob as `auto`, or for the defaults by value, trains the same.
        let named = try train(LocalSettings(LocalHyperparameter.all.reduce(into: [:]) { $0[$1.name] = .auto }))
        #expect(named.csv == absent.csv && named.model == absent.model)
        let zeros = try train(LocalSettings(weightDecay: 0, dropout: 0))
        #expect(zeros.csv == absent.csv && zeros.model == absent.model)
    }

    @Test func weightDecayShrinksTheWeights() throws {
        func norm(_ settings: LocalSettings) throws -> Double { try weights(train(settings).model).reduce(0) { $0 + Double($1 * $1) } }
        let plain = try norm(LocalSettings()), decayed = try norm(LocalSettings(weightDecay: 0.5))
        #expect(decayed < plain * 0.8, "plain \(plain), decayed \(decayed)")
    }

    @Test func dropoutIsSeededAndChangesTraining() throws {
        let once = try train(LocalSettings(dropout: 0.5)), again = try train(LocalSettings(dropout: 0.5))
        #expect(once.csv == again.csv && once.model == again.model)
        #expect(once.csv != (try train(LocalSettings())).csv)
        // Only training drops units: the model answers the same question the same way every time.
        let question: [(role: String, content: String)] = [("user", "I was charged twice for my subscription")]
        #expect(once.trained.reply(to: question) == once.trained.reply(to: question))
    }

    @Test func hiddenWidthSetsTheTanhLayerAndTheModelFileRecordsIt() throws {
        let narrow = try train(LocalSettings(hiddenWidth: 8), epochs: 1), wide = try train(LocalSettings(hiddenWidth: 32), epochs: 1)
        // Per unit: one weight per feature row (2,048), its bias and one weight per output (257).
        #expect(weights(wide.model).count - weights(narrow.model).count == (2048 + 1 + 257) * 24)
        let path = "\(TestPaths.scratchDirectory("knobs"))/wide.ftlm"
        try ModelFile.save(wide.trained.named("wide"), to: path)
        let loaded = try ModelFile.load(path)
        #expect(loaded.base.hiddenSize == 32)
        let question: [(role: String, content: String)] = [("user", "The app crashes when I open settings")]
        #expect(loaded.reply(to: question) == wide.trained.reply(to: question))
    }

    @Test func initScaleZeroStartsEveryFeatureRowAtZero() throws {
        let fresh = try LocalSettings(initScale: 0).fresh(.small, seed: 3)
        let path = "\(TestPaths.scratchDirectory("knobs"))/fresh.ftlm"
        try ModelFile.save(fresh, to: path)
        let rows = weights(try #require(FileManager.default.contents(atPath: path))).prefix(2048 * 16)
        #expect(rows.allSatisfy { $0 == 0 })
    }

    @Test func promptNormAndWordPairsAreKeptWithTheModelAndUsedWhenItAnswers() throws {
        let settings = LocalSettings(promptNorm: 0.5, wordPairs: false)
        let result = try train(settings, epochs: 1)
        #expect(header(result.model).contains(#""promptNorm":0.5"#) && header(result.model).contains(#""wordPairs":false"#))
        #expect(result.csv != (try train(LocalSettings(), epochs: 1)).csv)
        let path = "\(TestPaths.scratchDirectory("knobs"))/shaped.ftlm"
        try ModelFile.save(result.trained, to: path)
        let loaded = try ModelFile.load(path)
        #expect(loaded.base == settings.shape(of: .small))
        let question: [(role: String, content: String)] = [("user", "Please add dark mode to the dashboard")]
        #expect(loaded.reply(to: question) == result.trained.reply(to: question))
    }

    @Test func wordCountsAreKeptWithTheModelAndWeighRepeatedWords() throws {
        let settings = LocalSettings(initScale: 0, promptNorm: 0.5, wordPairs: false, wordCounts: true)
        let counted = try train(settings, epochs: 1)
        #expect(header(counted.model).contains(#""wordCounts":true"#))
        // The triage prompts repeat words (the system message's among them), so their weights change training.
        #expect(counted.csv != (try train(LocalSettings(initScale: 0, promptNorm: 0.5, wordPairs: false), epochs: 1)).csv)
        // Asking for 0 trains exactly as not asking.
        let off = try train(LocalSettings(wordCounts: false), epochs: 1), absent = try train(LocalSettings(), epochs: 1)
        #expect(off.csv == absent.csv && weights(off.model) == weights(absent.model))
        let path = "\(TestPaths.scratchDirectory("knobs"))/counted.ftlm"
        try ModelFile.save(counted.trained, to: path)
        let loaded = try ModelFile.load(path)
        #expect(loaded.base == settings.shape(of: .small))
        let question: [(role: String, content: String)] = [("user", "refund refund refund: I was charged twice, twice")]
        #expect(loaded.reply(to: question) == counted.trained.reply(to: question))
    }

    @Test func idfCountsTheTrainingFileKeepsItWithTheModelAndWeighsRareWordsMore() throws {
        let settings = LocalSettings(initScale: 0, promptNorm: 0.5, wordPairs: false, idf: true)
        let weighed = try train(settings, epochs: 1)
        let frequencies = try #require(weighed.trained.base.documentFrequencies)
        #expect(header(weighed.model).contains(#""documentFrequencies":{"#))
        // Every triage line is one example and so one document; a row in all of them (the bias, the
        // system message's words) weighs 1, a row none has weighs 0, and a rarer row more than a commoner one.
        let lines = try #require(FileManager.default.contents(atPath: "\(triage)/train.jsonl")).split(separator: UInt8(ascii: "\n"))
        #expect(frequencies.documents == lines.count)
        let everywhere = try #require(frequencies.counts.firstIndex(of: frequencies.documents))
        #expect(frequencies.weight(row: frequencies.rows[everywhere]) == 1)
        let unseen = try #require((0..<Int32(2048)).first { !frequencies.rows.contains($0) })
        #expect(frequencies.weight(row: unseen) == 0)
        let rare = try #require(frequencies.counts.firstIndex(of: 1)), common = try #require(frequencies.counts.firstIndex { $0 > 10 && $0 < frequencies.documents })
        #expect(frequencies.weight(row: frequencies.rows[rare]) > frequencies.weight(row: frequencies.rows[common]))
        #expect(weighed.csv != (try train(LocalSettings(initScale: 0, promptNorm: 0.5, wordPairs: false), epochs: 1)).csv)
        // Asking for 0 trains exactly as not asking.
        let off = try train(LocalSettings(idf: false), epochs: 1), absent = try train(LocalSettings(), epochs: 1)
        #expect(off.csv == absent.csv && off.model == absent.model)
        // The saved model answers with the frequencies it was trained with.
        let path = "\(TestPaths.scratchDirectory("knobs"))/idf.ftlm"
        try ModelFile.save(weighed.trained, to: path)
        let loaded = try ModelFile.load(path)
        #expect(loaded.base == weighed.trained.base)
        let question: [(role: String, content: String)] = [("user", "The export to CSV drops the last row")]
        #expect(loaded.reply(to: question) == weighed.trained.reply(to: question))
        #expect(throws: TrainerError.idfWithoutTrainingFile) { try settings.fresh(.small, seed: 7) }
    }

    @Test func theGeneralisingKnobsLowerValidationLossWhereTheDefaultsMemorise() throws {
        func validationLoss(_ settings: LocalSettings) throws -> Double {
            let lines = try train(settings, epochs: 4).csv.split(separator: "\n")
            return try #require(Double(lines.last!.split(separator: ",", omittingEmptySubsequences: false)[3]))
        }
        let memorising = try validationLoss(LocalSettings())
        let generalising = try validationLoss(LocalSettings(initScale: 0, promptNorm: 0.5, wordPairs: false))
        #expect(generalising < memorising, "defaults \(memorising), knobs \(generalising)")
    }

    @Test func badValuesAreRefusedNamingTheKnobAndItsRange() {
        let cases: [(String, ParamValue, String)] = [
            ("dropout", .number(0.95), "dropout must be a number from 0 to 0.9 or auto; got 0.95"),
            ("weight_decay", .number(-0.1), "weight_decay must be a number from 0 to 1 or auto; got -0.1"),
            ("hidden_width", .number(2.5), "hidden_width must be a whole number from 1 to 1024 or auto; got 2.5"),
            ("hidden_width", .int(0), "hidden_width must be a whole number from 1 to 1024 or auto; got 0"),
            ("word_pairs", .string("yes"), "word_pairs must be a whole number from 0 to 1 or auto; got yes"),
            ("word_counts", .int(2), "word_counts must be a whole number from 0 to 1 or auto; got 2"),
            ("init_scale", .number(.infinity), "init_scale must be a number from 0 to 1 or auto; got inf"),
            ("idf", .number(0.5), "idf must be a whole number from 0 to 1 or auto; got 0.5"),
        ]
        for (name, value, message) in cases {
            #expect(throws: LocalHyperparameterError.self) { try LocalSettings([name: value]) }
            do {
                _ = try LocalSettings([name: value])
            } catch {
                #expect(error.description == message)
            }
        }
        #expect((try? LocalSettings(["hidden_width": .number(128.0), "n_epochs": .int(3)]))?.hiddenWidth == 128)
    }

    @Test func everyKnobIsDeclaredOnceWithADefaultInsideItsRange() {
        #expect(Set(LocalHyperparameter.all.map(\.name)).count == LocalHyperparameter.all.count)
        for parameter in LocalHyperparameter.all {
            if let value = parameter.defaultValue { #expect(parameter.range.contains(value), "\(parameter.name)") }
            #expect(LocalHyperparameter.named(parameter.name) == parameter)
        }
        #expect(LocalHyperparameter.all.map(\.name) == ["weight_decay", "dropout", "hidden_width", "init_scale", "prompt_norm", "word_pairs", "word_counts", "idf"])
    }
}
