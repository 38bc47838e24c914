import Providers
import SweepCore
import Testing

private func parse(_ text: String) throws(SpecError) -> SweepSpec {
    try SpecParser(file: "spec.yaml", text: text).parse()
}

private let minimal = """
    name: s
    training_file: train.jsonl
    parameters:
      model: {value: local-small}
    """

@Suite struct SpecParserTests {
    @Test func aFullSpecParsesWithDefaults() throws {
        let spec = try parse("""
            name: sentiment
            provider: local
            method: grid
            metric: {name: full_valid_loss, goal: minimize}
            training_file: data/train.jsonl
            validation_file: data/valid.jsonl
            seed: 7
            max_parallel: 3
            budget: {max_cost_usd: 25, max_jobs: 10}
            suffix: sentiment
            parameters:
              model: {values: [local-small, local-base]}
              n_epochs: {values: [2, 3, auto]}
              batch_size: {value: 8}
            """)
        #expect(spec.name == "sentiment")
        #expect(spec.provider == .local)
        #expect(spec.budget == Budget(maxCost: USD(dollars: "25"), maxJobs: 10))
        #expect(spec.parameters[.nEpochs] == .values([.int(2), .int(3), .auto]))
        #expect(spec.resolvedPath(spec.trainingFile) == "data/train.jsonl")
    }

    @Test(arguments: [
        ("name: s\ntraining_file: t\nparamters: {}\n", "spec.yaml:3: paramters: unknown key; did you mean 'parameters'?"),
        (minimal + "\n  n_epochs: {values: [2, 60]}\n", "spec.yaml:5: parameters.n_epochs.values[1]: 60 is out of range: n_epochs is 1 to 50 or auto"),
        (minimal + "\n  batch_size: {value: 0}\n", "spec.yaml:5: parameters.batch_size.value: 0 is out of range: batch_size is 1 to 256 or auto"),
        (minimal + "\n  learning_rate_multiplier: {value: -1}\n", "spec.yaml:5: parameters.learning_rate_multiplier.value: -1 is out of range: learning_rate_multiplier must be above 0"),
        (minimal + "\n  n_epoch: {value: 2}\n", "spec.yaml:5: parameters.n_epoch: unknown parameter; did you mean 'n_epochs'?"),
        (minimal + "\nmethod: random\n", "spec.yaml:5: run_cap: random search needs run_cap, the number of trials to draw"),
        (minimal + "\n  learning_rate_multiplier: {distribution: uniform, min: 0.1, max: 2}\n", "spec.yaml:5: parameters.learning_rate_multiplier: grid search needs value, values or a categorical distribution; use method: random for a continuous one"),
        ("name: s\nmethod: random\nrun_cap: 3\ntraining_file: t\nparameters:\n  model: {value: m}\n  n_epochs: {distribution: uniform, min: 1, max: 3}\n",
         "spec.yaml:7: parameters.n_epochs: uniform draws fractions; n_epochs takes whole numbers (int_uniform, range(a,b) or values)"),
        (minimal + "\nmetric: {name: full_valid_los}\n", "spec.yaml:5: metric.name: unknown metric 'full_valid_los'; did you mean 'full_valid_loss'?"),
        (minimal + "\nmetric: {name: valid_exact_match}\n",
         "spec.yaml:5: metric.name: valid_exact_match scores each finished model's answers on the validation file; add validation_file (chat examples ending in the reference answer)"),
        (minimal + "\nvalidation_file: v.jsonl\nmetric: {name: valid_accuracy}\n",
         "spec.yaml:6: metric.name: valid_accuracy is the trainer's token accuracy on sampled validation batches, kept per step but not ranked; "
            + "write valid_exact_match to rank by the models' answers on the validation file (scored as eval does), or full_valid_accuracy for the token accuracy on the whole file"),
        ("name: [unclosed\n", "spec.yaml:2: not valid YAML: did not find expected ',' or ']'"),
        ("training_file: t\nparameters: {model: {value: m}}\n", "spec.yaml: name: is required"),
        (minimal + "\nmethod: tpe\n", "spec.yaml:5: run_cap: tpe search needs run_cap, the number of trials to draw"),
        (minimal + "\nearly_stop: {type: medain}\n", "spec.yaml:5: early_stop.type: unknown rule 'medain'; did you mean 'median'?"),
        (minimal + "\nearly_stop: {type: hyperband, eta: 1}\n", "spec.yaml:5: early_stop.eta: must be a whole number from 2 to 100"),
        (minimal + "\nearly_stop: {type: median, patience: 3}\n", "spec.yaml:5: early_stop.patience: is not a key of median; expected one of min_iter, startup_trials"),
        (minimal + "\nearly_stop: {min_iter: 3}\n", "spec.yaml:5: early_stop.type: is required: median, hyperband, patience"),
        (minimal + "\nwarm_start: yes\n", "spec.yaml:5: warm_start: must be same_data or {sweeps: [name, …]}"),
    ])
    func badSpecsNameTheLineAndKeyPath(_ text: String, _ message: String) {
        #expect(throws: (any Error).self) { try parse(text) }
        do { _ = try parse(text) } catch { #expect(error.description == message) }
    }

    @Test func aScoreOnTheValidationFileIsAMetricToMaximize() throws {
        let spec = try parse(minimal + "\nvalidation_file: v.jsonl\nmetric: {name: valid_macro_f1}\n")
        #expect(spec.metric == MetricSpec(name: Metric.validMacroF1.name, goal: .maximize))
        #expect(Metric.validMacroF1.isScoredOnValidation && Metric.validExactMatch.isOnValidation && !Metric.fullValidAccuracy.isScoredOnValidation)
    }

    @Test func quotedNumbersStayStringsAndAutoIsAuto() throws {
        let spec = try parse(minimal + "\n  seed: {values: [1, 2]}\n  n_epochs: {value: \"auto\"}\n")
        #expect(spec.parameters[.nEpochs] == .value(.auto))
        #expect(spec.parameters[.seed] == .values([.int(1), .int(2)]))
    }
}

@Suite struct ProviderSpecTests {
    @Test func anAzureEndpointKeepsItsHeadersQueryAndKeyHeader() throws {
        let spec = try SpecParser(file: "spec.yaml", text: """
            name: azure
            training_file: t.jsonl
            provider:
              kind: openai
              base_url: https://example.openai.azure.com/openai
              api_key_env: AZURE_OPENAI_KEY
              api_key_header: api-key
              query: {api-version: 2025-04-01-preview}
              headers: {x-ms-client: ftsweep}
            parameters:
              model: {value: gpt-4.1-mini-2025-04-14}
            """).parse()
        guard let endpoint = spec.provider.configuration as? OpenAIEndpoint else {
            Issue.record("not an openai provider")
            return
        }
        #expect(endpoint.apiKeyEnvironment == "AZURE_OPENAI_KEY")
        #expect(endpoint.apiKeyHeader == "api-key")
        #expect(endpoint.query == ["api-version": "2025-04-01-preview"])
        #expect(endpoint.headers == ["x-ms-client": "ftsweep"])
        #expect(spec.provider.key == "openai@https://example.openai.azure.com/openai")
    }

    @Test func searchKeysParse() throws {
        let spec = try parse(minimal + "\nmethod: tpe\nrun_cap: 4\nearly_stop: {type: hyperband, min_iter: 64, eta: 2}\nwarm_start: {sweeps: [a, b]}\n")
        #expect(spec.method == .tpe && spec.method.isAdaptive)
        #expect(spec.earlyStop == .hyperband(minIter: 64, eta: 2))
        #expect(spec.warmStart == .sweeps(["a", "b"]))
        #expect(try parse(minimal + "\nwarm_start: same_data\nearly_stop: {type: patience}\n").earlyStop == .patience(patience: 3, minDelta: 0))
    }
}
