import LocalTrainer
import Providers
import SweepCore

/// Checks a job-creation body field by field, as the OpenAPI extract constrains it, before anything
/// is stored or trained: every refusal is a 400 naming the field.
struct JobRequestCheck {
    let provider: LocalProvider

    /// The largest `learning_rate_multiplier` the local trainer takes: above it the weights overflow.
    static let maxLearningRateMultiplier = 100.0

    func hyperparameters(of body: OpenAIWire.CreateJob) throws -> [String: ParamValue] {
        guard IDFormat.isModelID(body.model), provider.availableModels().contains(body.model) else {
            throw Failure.invalid(
                "model", "Model \(Failure.quoted(body.model)) is not available for fine-tuning or does not exist.",
                code: "model_not_available")
        }
        try file(body.trainingFile, param: "training_file")
        if let validation = body.validationFile { try file(validation, param: "validation_file") }
        let schema = ParameterSchema.local
        if let seed = body.seed, let problem = schema.problem(with: .int(seed), for: .seed) {
            throw Failure.invalid("seed", "seed: \(problem)")
        }
        if let suffix = body.suffix, !IDFormat.isSuffix(suffix) {
            throw Failure.invalid("suffix", "suffix must be 1 to 64 letters, digits, '-', '_' or '.'.")
        }
        try metadata(body.metadata ?? [:])
        var parameters = body.hyperparameters ?? [:]
        var param = "hyperparameters"
        if let method = body.method {
            guard method.type == "supervised" else {
                throw Failure.invalid(
                    "method.type", "method.type \(Failure.quoted(method.type)) is not supported here; use 'supervised'."
                )
            }
            if let nested = method.supervised?.hyperparameters {
                parameters = nested
                param = "method.supervised.hyperparameters"
            }
        }
        // The local trainer's hyperparameters: its schema less the model and seed, which have fields of their own.
        let accepted = schema.declarations.map(\.name).filter { $0 != .model && $0 != .seed }
        for (name, value) in parameters {
            if let local = LocalHyperparameter.named(name) {
                do { _ = try local.value(in: parameters) } catch {
                    throw Failure.invalid("\(param).\(name)", error.description, code: "invalid_hyperparameters")
                }
                if LocalHyperparameter.shaping.contains(local), value != .auto, LocalBaseModel.named(body.model) == nil {
                    throw Failure.invalid(
                        "\(param).\(name)", "\(name) shapes a fresh base model; \(Failure.quoted(body.model)) is a fine-tune and keeps its own shape.",
                        code: "invalid_hyperparameters")
                }
                continue
            }
            let parameter = ParameterName(name)
            guard accepted.contains(parameter) else {
                let names = accepted.map(\.rawValue)
                throw Failure.invalid(
                    "\(param).\(Failure.quoted(name))",
                    "Unknown hyperparameter \(Failure.quoted(name)); expected \(names.dropLast().joined(separator: ", ")) or \(names.last ?? "").",
                    code: "invalid_hyperparameters")
            }
            if let problem = schema.problem(with: value, for: parameter) {
                throw Failure.invalid("\(param).\(name)", "\(name): \(problem)", code: "invalid_hyperparameters")
            }
            if parameter == .learningRateMultiplier, let rate = value.normalized.double,
                !(rate.isFinite && rate <= Self.maxLearningRateMultiplier)
            {
                throw Failure.invalid(
                    "\(param).\(name)", "\(name): at most \(Int(Self.maxLearningRateMultiplier)) here",
                    code: "invalid_hyperparameters")
            }
        }
        return parameters
    }

    /// An uploaded file's id, in its format and present: never a path.
    private func file(_ id: String, param: String) throws {
        guard IDFormat.isFileID(id), provider.fileInfo(RemoteFileID(id)) != nil else {
            throw Failure.invalid(
                param, "invalid \(param): \(Failure.quoted(id)) is not an uploaded file.", code: "invalid_\(param)")
        }
    }

    /// OpenAI's metadata limits: 16 pairs, keys up to 64 characters, values up to 512.
    private func metadata(_ metadata: [String: String]) throws {
        guard metadata.count <= 16 else {
            throw Failure.invalid("metadata", "metadata has \(metadata.count) pairs; at most 16 are allowed.")
        }
        for (key, value) in metadata {
            guard key.count <= 64 else { throw Failure.invalid("metadata", "metadata keys are at most 64 characters.") }
            guard value.count <= 512 else {
                throw Failure.invalid("metadata.\(Failure.quoted(key))", "metadata values are at most 512 characters.")
            }
        }
    }
}
