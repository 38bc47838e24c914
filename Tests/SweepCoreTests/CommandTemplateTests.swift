import Providers
import SweepCore
import Testing

private let hostile = "a b 'c' \"d\" $HOME `id` \\ ; touch pwned"

@Suite struct CommandTemplateTests {
    @Test(arguments: [
        ("python3 train.py --lr {learning_rate_multiplier}", ["python3", "train.py", "--lr", "0.5"]),
        ("run  'two words' \"and {model}\" end", ["run", "two words", "and bow 1", "end"]),
        ("a\\ b c\\\"d ''", ["a b", "c\"d", ""]),
        ("x --out={run_dir}/m.json '{{\"k\": 1}}'", ["x", "--out=/runs/r 1/m.json", "{\"k\": 1}"]),
        ("say \"\\$HOME \\\\ \\n\"", ["say", "$HOME \\ \\n"]),
    ])
    func wordsSplitAsAShellSplitsThemAndValuesFillOneWordEach(template: String, expected: [String]) throws {
        let parsed = try CommandTemplate(parsing: template)
        #expect(
            parsed.arguments(["learning_rate_multiplier": "0.5", "model": "bow 1", "run_dir": "/runs/r 1"]) == expected)
    }

    @Test func aHostileValueStaysOneArgumentWithoutAShell() throws {
        let template = try CommandTemplate(parsing: "train --model {model} --seed {seed}")
        #expect(template.arguments(["model": hostile, "seed": "3"]) == ["train", "--model", hostile, "--seed", "3"])
    }

    @Test func withAShellEveryValueIsSingleQuoted() throws {
        let template = try CommandTemplate(parsing: "train --model {model} > {run_dir}/log")
        #expect(
            template.shellCommand(["model": "it's $x", "run_dir": "/r"]) == "train --model 'it'\\''s $x' > '/r'/log")
    }

    @Test func theTemplateListsThePlaceholdersItUses() throws {
        #expect(try CommandTemplate(parsing: "t {model} {seed} {{literal}}").placeholders == ["model", "seed"])
    }

    @Test(arguments: [
        ("train {epochs}", "unknown placeholder {epochs}; did you mean 'n_epochs'? (write {{ for a literal brace)"),
        ("train '{model}", "has a ' with no closing '"),
        ("train \"x", "has a \" with no closing \""),
        ("train {model", "has a { with no closing }; write {{ for a literal brace"),
        ("train }", "has a lone }; write }} for a literal brace"),
        ("train \\", "ends with a lone \\"),
        ("  ", "is empty; expected a command"),
    ])
    func aBadTemplateSaysWhatIsWrong(template: String, message: String) {
        #expect(throws: CommandTemplate.Problem(message: message)) { try CommandTemplate(parsing: template) }
    }
}

@Suite struct CommandSpecTests {
    private func parse(_ provider: String, validation: Bool = true) throws(SpecError) -> SweepSpec {
        try SpecParser(
            file: "spec.yaml",
            text: """
                name: own
                training_file: t.jsonl
                \(validation ? "validation_file: v.jsonl" : "")
                provider: \(provider)
                parameters:
                  model: {value: bow-64}
                """
        ).parse()
    }

    @Test func aCommandProviderKeepsItsRunEnvironmentFolderAndShell() throws {
        let spec = try parse(
            "{kind: command, run: \"python3 t.py {model}\", env: {A: x}, workdir: tr, shell: true, cancel_grace_seconds: 2}"
        )
        guard let command = spec.provider.configuration as? CommandSpec else {
            Issue.record("not a command provider")
            return
        }
        #expect(command.run.text == "python3 t.py {model}")
        #expect(command.environment == ["A": "x"])
        #expect(command.workdir == "tr" && command.shell && command.cancelGrace == .seconds(2))
        #expect(spec.provider.key.hasPrefix("command:") && spec.provider.key.count == "command:".count + 12)
    }

    @Test func aSlurmExecutorKeepsItsSbatchOptionsInOrderAndTheKeyOfTheCommand() throws {
        let spec = try parse(
            "{kind: command, run: t, executor: slurm, sbatch: {time: \"00:10:00\", cpus_per_task: 2, gres: \"gpu:1\"}}")
        guard let command = spec.provider.configuration as? CommandSpec, case .slurm(let options) = command.executor else {
            Issue.record("not a slurm executor")
            return
        }
        #expect(options.map(\.argument) == ["--time=00:10:00", "--cpus-per-task=2", "--gres=gpu:1"])
        #expect(spec.provider.key == (try parse("{kind: command, run: t}").provider.key))
    }

    @Test func theKeyChangesWithTheCommandSoTwoTrainersNeverShareResults() throws {
        let one = try parse("{kind: command, run: \"python3 a.py\"}").provider.key
        #expect(try parse("{kind: command, run: \"python3 a.py\"}").provider.key == one)
        #expect(try parse("{kind: command, run: \"python3 b.py\"}").provider.key != one)
    }

    @Test(arguments: [
        (
            "{kind: command, run: \"t {epochs}\"}",
            "spec.yaml:4: provider.run: unknown placeholder {epochs}; did you mean 'n_epochs'? (write {{ for a literal brace)"
        ),
        (
            "{kind: command}",
            "spec.yaml:4: provider.run: is required: the command that trains one trial, such as \"python3 train.py --out {run_dir}\""
        ),
        ("{kind: command, run: t, shell: yes}", "spec.yaml:4: provider.shell: must be true or false"),
        (
            "{kind: command, run: t, base_url: x}",
            "spec.yaml:4: provider.base_url: unknown key; expected one of kind, run, env, workdir, shell, cancel_grace_seconds, executor, sbatch, serve, serve_timeout_seconds"
        ),
        (
            "{kind: command, run: t, serve: \"s --port {prot}\"}",
            "spec.yaml:4: provider.serve: unknown placeholder {prot}; did you mean 'port'? (write {{ for a literal brace)"
        ),
        (
            "{kind: command, run: \"t --port {port}\"}",
            "spec.yaml:4: provider.run: unknown placeholder {port}; expected one of model, n_epochs, batch_size, learning_rate_multiplier, seed, training_file, validation_file, run_dir, trial_key, attempt, sweep, suffix (write {{ for a literal brace)"
        ),
        ("{kind: command, run: t, serve_timeout_seconds: 0}", "spec.yaml:4: provider.serve_timeout_seconds: must be a whole number from 1 to 86400"),
        ("{kind: command, run: t, sbatch: {time: 5}}", "spec.yaml:4: provider.sbatch: is for executor: slurm"),
        (
            "{kind: command, run: t, executor: pbs}",
            "spec.yaml:4: provider.executor: unknown executor 'pbs'; expected local or slurm"
        ),
        (
            "{kind: command, run: t, executor: slurm, sbatch: {job_name: x}}",
            "spec.yaml:4: provider.sbatch.job_name: is set by ftsweep for every job"
        ),
        (
            "command",
            "spec.yaml:4: provider.run: is required: the command that trains one trial, such as \"python3 train.py --out {run_dir}\""
        ),
        (
            "{kind: slurmish, run: t}",
            "spec.yaml:4: provider.kind: unknown provider 'slurmish'; expected local, openai or command"
        ),
    ])
    func aBadCommandProviderIsOneLineWithFileLineAndKey(provider: String, message: String) {
        #expect(throws: SpecError.self) { try parse(provider) }
        do { _ = try parse(provider) } catch { #expect(error.description == message) }
    }

    @Test func aServeCommandTakesTheModelFolderAndThePortBesideTheTrialsPlaceholders() throws {
        let spec = try parse(
            "{kind: command, run: t, serve: \"vllm serve {model} --lora-modules ft={model_dir} --port {port}\", serve_timeout_seconds: 900}")
        guard let command = spec.provider.configuration as? CommandSpec else {
            Issue.record("not a command provider")
            return
        }
        #expect(command.serve?.arguments(["model": "/base", "model_dir": "/run/adapter", "port": "8123"])
            == ["vllm", "serve", "/base", "--lora-modules", "ft=/run/adapter", "--port", "8123"])
        #expect(command.serveTimeout == .seconds(900))
        // How models are served is not part of a trial's identity.
        #expect(command.key == (try parse("{kind: command, run: t}")).provider.commandKey)
    }

    @Test func theValidationFilePlaceholderNeedsAValidationFile() {
        do {
            _ = try parse("{kind: command, run: \"t --valid {validation_file}\"}", validation: false)
            Issue.record("parsed")
        } catch {
            #expect(
                error.description
                    == "spec.yaml:4: provider.run: uses {validation_file}, but the spec has no validation_file")
        }
    }
}

extension ProviderSpec {
    fileprivate var commandKey: String? { (configuration as? CommandSpec)?.key }
}
