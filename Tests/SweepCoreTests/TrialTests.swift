import SweepCore
import Testing

private let context = TrialContext(provider: "local", trainingDigest: "sha256:aa", validationDigest: nil, suffix: nil)

private func key(_ hyperparameters: [String: ParamValue], seed: Int = 1, training: String = "sha256:aa") -> TrialKey {
    TrialKey(provider: "local", model: "m", hyperparameters: hyperparameters, seed: seed, trainingDigest: training, validationDigest: nil, suffix: nil)
}

private func spec(_ method: SearchMethod, _ parameters: KeyValuePairs<ParameterName, ParameterSpec>, runCap: Int? = nil, seed: UInt64 = 7) -> SweepSpec {
    SweepSpec(name: "s", provider: .local, method: method, metric: .default, trainingFile: "t", validationFile: nil, seed: seed,
              runCap: runCap, maxParallel: nil, budget: Budget(), suffix: nil, parameters: ParameterSpace(parameters), sourcePath: "s.yaml", text: "")
}

@Suite struct TrialKeyTests {
    @Test(arguments: [
        (ParamValue.int(3), ParamValue.number(3.0), true),
        (.number(1e-4), .number(0.0001), true),
        (.string("1"), .int(1), false),
        (.auto, .string("auto"), true),
        (.number(0.1), .number(0.10000001), false),
    ])
    func numbersAreNormalisedButTypesAreNot(_ a: ParamValue, _ b: ParamValue, _ same: Bool) {
        #expect((key(["n_epochs": a]) == key(["n_epochs": b])) == same)
    }

    @Test func keyOrderDoesNotMatterButEveryInputDoes() {
        let base = key(["n_epochs": .int(3), "batch_size": .int(8)])
        #expect(base == key(["batch_size": .int(8), "n_epochs": .int(3)]))
        #expect(base != key(["n_epochs": .int(3), "batch_size": .int(8)], seed: 2))
        #expect(base != key(["n_epochs": .int(3), "batch_size": .int(8)], training: "sha256:bb"))
        #expect(base.rawValue.count == 64)
    }

    @Test func theCanonicalFormIsSortedCompactJSON() {
        #expect(key(["n_epochs": .number(3.0), "learning_rate_multiplier": .number(1e-4)]).canonicalJSON == #"{"base_model":"m","hyperparameters":{"learning_rate_multiplier":0.0001,"n_epochs":3},"method":"supervised","provider":"local","seed":1,"suffix":null,"training_file":"sha256:aa","validation_file":null}"#)
    }
}

@Suite struct ExpansionTests {
    @Test func aGridWalksParametersInOrderWithTheLastFastest() {
        let trials = spec(.grid, [.model: .values([.string("a"), .string("b")]), .nEpochs: .values([.int(1), .int(2)]), .batchSize: .value(.int(4))]).trials(in: context)
        #expect(trials.map { "\($0.model)/\($0[.nEpochs])" } == ["a/1", "a/2", "b/1", "b/2"])
        #expect(trials.map(\.index) == [0, 1, 2, 3])
        #expect(Set(trials.map(\.key)).count == 4)
        #expect(trials[0][.learningRateMultiplier] == .auto)
    }

    /// Values equal once normalised are one grid value (the first kept), so no key repeats, and a
    /// grid far bigger than memory is only counted until its trials are read.
    @Test func aGridKeepsTheFirstOfEqualValuesAndMakesItsTrialsOnDemand() {
        let trials = spec(.grid, [.model: .values([.string("a"), .string("b"), .string("a")]), .nEpochs: .values([.int(3), .number(3), .int(1)])]).trials(in: context)
        #expect(trials.map { "\($0.model)/\($0[.nEpochs])" } == ["a/3", "a/1", "b/3", "b/1"])
        let axis = ParameterSpec.values((1...1000).map(ParamValue.int))
        let huge = spec(.grid, [.model: .value(.string("a")), .nEpochs: axis, .batchSize: axis, .seed: axis]).trials(in: context)
        #expect(huge.count == 1_000_000_000)
        #expect(huge[999_999_999][.nEpochs] == .int(1000) && huge[999_999_999].index == 999_999_999)
    }

    @Test func runCapCapsAGrid() {
        #expect(spec(.grid, [.model: .value(.string("a")), .nEpochs: .values((1...9).map(ParamValue.int))], runCap: 3).trials(in: context).count == 3)
    }

    @Test func randomDrawsAreReproducibleFromTheSeedAndNeverRepeatAKey() {
        let parameters: KeyValuePairs<ParameterName, ParameterSpec> = [
            .model: .value(.string("a")), .nEpochs: .distribution(.intUniform(min: 1, max: 3)),
            .learningRateMultiplier: .distribution(.logUniformValues(min: 0.05, max: 2)),
        ]
        let first = Array(spec(.random, parameters, runCap: 8).trials(in: context))
        #expect(first == Array(spec(.random, parameters, runCap: 8).trials(in: context)))
        #expect(first != Array(spec(.random, parameters, runCap: 8, seed: 8).trials(in: context)))
        #expect(first.count == 8 && Set(first.map(\.key)).count == 8)
        #expect(first.allSatisfy { (0.05...2).contains($0[.learningRateMultiplier].double ?? 0) && (1...3).contains($0[.nEpochs].int ?? 0) })
        // A resumed sweep proposes what the first would have: trial i depends only on stream i.
        #expect(Array(spec(.random, parameters, runCap: 12).trials(in: context).prefix(8)) == first)
    }

    @Test func aSmallDiscreteSpaceStopsWhenItRunsOutOfNewKeys() {
        let trials = spec(.random, [.model: .value(.string("a")), .nEpochs: .values([.int(1), .int(2)])], runCap: 10).trials(in: context)
        #expect(trials.count == 2)
    }
}

@Suite struct ParameterOverrideTests {
    @Test(arguments: [
        ("n_epochs=2,3", ParameterName.nEpochs, ParameterSpec.values([.int(2), .int(3)])),
        ("n_epochs=range(1,3)", .nEpochs, .values([.int(1), .int(2), .int(3)])),
        ("learning_rate_multiplier=loguniform(0.05,2)", .learningRateMultiplier, .distribution(.logUniformValues(min: 0.05, max: 2))),
        ("model=choice(local-small,local-base)", .model, .distribution(.categorical(values: [.string("local-small"), .string("local-base")], probabilities: nil))),
        ("batch_size=auto", .batchSize, .value(.auto)),
    ])
    func overridesParse(_ text: String, _ name: ParameterName, _ expected: ParameterSpec) throws {
        let override = try ParameterOverride(parsing: text)
        #expect(override.name == name)
        #expect(override.spec == expected)
    }

    @Test func aGridRefusesAContinuousOverrideInsteadOfRunningNothing() throws {
        let grid = spec(.grid, [.model: .value(.string("a"))])
        #expect(throws: SpecError(file: "-p", line: nil, path: "learning_rate_multiplier", message: "a grid search needs listed values; use values, range(a,b) or choice(…), or a spec with method: random")) {
            try grid.overriding([try ParameterOverride(parsing: "learning_rate_multiplier=loguniform(0.05,2)")])
        }
        #expect(try grid.overriding([try ParameterOverride(parsing: "n_epochs=range(1,3)")]).trials(in: context).count == 3)
    }

    @Test(arguments: [
        ("n_epoch=2", "-p: n_epoch=2: unknown parameter; did you mean 'n_epochs'?"),
        ("n_epochs=0,2", "-p: n_epochs=0,2: 0 is out of range: n_epochs is 1 to 50 or auto"),
        ("learning_rate_multiplier=loguniform(0,2)", "-p: learning_rate_multiplier=loguniform(0,2): loguniform(a,b) needs 0 < a < b"),
        ("n_epochs", "-p: n_epochs: expected name=value, e.g. n_epochs=2,3"),
        ("learning_rate_multiplier=uniform(-1,1)", "-p: learning_rate_multiplier=uniform(-1,1): -1 is out of range: learning_rate_multiplier must be above 0"),
        ("n_epochs=uniform(1,3)", "-p: n_epochs=uniform(1,3): uniform draws fractions; n_epochs takes whole numbers (int_uniform, range(a,b) or values)"),
        ("batch_size=uniform(1,300)", "-p: batch_size=uniform(1,300): uniform draws fractions; batch_size takes whole numbers (int_uniform, range(a,b) or values)"),
        ("n_epochs=choice(1,60)", "-p: n_epochs=choice(1,60): 60 is out of range: n_epochs is 1 to 50 or auto"),
    ])
    func badOverridesSayWhatWasExpected(_ text: String, _ message: String) {
        do {
            _ = try spec(.random, [.model: .value(.string("a"))], runCap: 1).overriding([try ParameterOverride(parsing: text)])
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.description == message)
        }
    }
}

/// A grid is counted and walked without making its points: a million-point grid capped at 3 costs 3.
@Suite struct LargeGridTests {
    private let million: KeyValuePairs<ParameterName, ParameterSpec> = [
        .model: .value(.string("a")), .seed: .values((1...1000).map(ParamValue.int)),
        .learningRateMultiplier: .values((1...1000).map { .number(Double($0) / 100) }),
    ]

    @Test func aGridIsCountedWithoutBeingMade() {
        #expect(spec(.grid, million).gridSize == 1_000_000)
        #expect(spec(.random, million, runCap: 3).gridSize == 0)
        let huge: KeyValuePairs<ParameterName, ParameterSpec> = [
            .model: .values((1...100_000).map { .string("m\($0)") }), .seed: .values((1...100_000).map(ParamValue.int)),
            .nEpochs: .values((1...100_000).map(ParamValue.int)), .batchSize: .values((1...100_000).map(ParamValue.int)),
        ]
        #expect(spec(.grid, huge).gridSize == .max, "saturates instead of overflowing")
    }

    @Test func runCapTakesTheFirstPointsOfAMillionPointGridInGridOrder() {
        let trials = spec(.grid, million, runCap: 3).trials(in: context)
        #expect(trials.map(\.seed) == [1, 2, 3], "seed, the last parameter, varies fastest")
        #expect(trials.map { $0[.learningRateMultiplier] } == [.number(0.01), .number(0.01), .number(0.01)])
    }
}
