/// The hyperparameters a provider takes. A closed schema (an OpenAI-compatible API, the local
/// trainer) takes only its declared names; an open one (the command provider) also takes any other
/// well-formed name and passes its value to the trainer as it is.
public struct ParameterSchema: Sendable, Equatable {
    public var declarations: [ParameterDeclaration]
    public var isOpen: Bool

    public init(_ declarations: [ParameterDeclaration], isOpen: Bool) {
        self.declarations = declarations
        self.isOpen = isOpen
    }

    public func declaration(_ name: ParameterName) -> ParameterDeclaration? {
        declarations.first { $0.name == name }
    }

    /// What is wrong with the name itself: unknown to a closed schema (with a did-you-mean), not
    /// well-formed, or a name the ledger's queries already use. Nil when the name is allowed.
    public func problem(withName name: ParameterName) -> String? {
        if declaration(name) != nil { return nil }
        let known = declarations.map(\.name.rawValue)
        guard isOpen else { return "unknown parameter\(SpecParser.suggestion(for: name.rawValue, among: known))" }
        guard name.isWellFormed else {
            return "is not a parameter name: use lower-case letters, digits and _, starting with a letter (at most 64)"
        }
        if Self.reservedNames.contains(name.rawValue) {
            return "is a name ftsweep uses itself (a field of runs or a placeholder); choose another, e.g. \(name)_value"
        }
        return nil
    }

    /// What is wrong with `value` for `name`; undeclared names of an open schema take any value.
    public func problem(with value: ParamValue, for name: ParameterName) -> String? {
        declaration(name)?.problem(with: value)
    }

    /// What is wrong with drawing `name` from `distribution`.
    public func problem(with distribution: Distribution, for name: ParameterName) -> String? {
        declaration(name)?.problem(with: distribution)
    }

    /// Names a parameter of an open schema may not take: the fields `--where` and `--sort` read from
    /// every run, and the command template's own placeholders.
    public static let reservedNames = Set([
        "alias", "attempt", "cost", "cost_nanos", "created", "created_at", "error_code", "error_message",
        "estimated_cost_nanos", "estimated_tokens", "fine_tuned_model", "finished", "finished_at", "id", "job", "job_id",
        "model_dir", "parameters", "port", "provider", "request_json", "resolved_json", "run", "run_dir", "state", "steps", "suffix",
        "sweep", "sweep_id", "sweep_name", "trained_tokens", "training", "training_digest", "training_file", "trial_key",
        "validation", "validation_digest", "validation_file",
    ] + Metric.allCases.map(\.name))
}

extension ParameterSchema {
    /// What an OpenAI-compatible API takes: the standard names alone.
    public static let standard = ParameterSchema(standardDeclarations, isOpen: false)

    /// The names every provider knows (OpenAI's `FineTuneSupervisedHyperparameters` with the base
    /// model and seed), with the API's rules.
    public static let standardDeclarations: [ParameterDeclaration] = [
        ParameterDeclaration(.model, .model, summary: "the base model"),
        ParameterDeclaration(.nEpochs, .wholeNumber(1...50), allowsAuto: true, summary: "passes over the training file"),
        ParameterDeclaration(.batchSize, .wholeNumber(1...256), allowsAuto: true, summary: "examples per optimizer step"),
        ParameterDeclaration(.learningRateMultiplier, .number(lowerBound: 0, includesLowerBound: false, upperBound: nil), allowsAuto: true,
                             summary: "scales the provider's learning rate"),
        ParameterDeclaration(.seed, .wholeNumber(0...Int(Int32.max)), summary: "the job's seed"),
    ]
}

extension ParameterSchema {
    /// The built-in local trainer: the API's names and its own knobs (`LocalHyperparameter.all`).
    public static let local = ParameterSchema(standardDeclarations + LocalHyperparameter.all.map(\.declaration), isOpen: false)
}
