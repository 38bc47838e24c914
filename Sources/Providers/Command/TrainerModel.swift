import Foundation

/// `{run_dir}/model.json`: the model a trainer produced (`{"model": "...", "checkpoints": [...]}`),
/// which becomes the run's fine-tuned model. Checkpoints are paths or `{"step": N, "model": "..."}`.
/// `base_url` (with `api_key_env`) names a server already answering for the model.
struct TrainerModel: Equatable {
    var model: String
    var checkpoints: [JobCheckpoint]
    var endpoint: Endpoint? = nil

    /// An OpenAI-compatible server that already serves the model.
    struct Endpoint: Equatable {
        var baseURL: String
        /// The variable holding the key; the key itself is never written down.
        var apiKeyEnvironment: String?
    }

    private struct File: Decodable {
        var model: String
        var checkpoints: [Checkpoint]?
        var base_url: String?
        var api_key_env: String?
    }

    private enum Checkpoint: Decodable {
        case path(String)
        case entry(step: Int, model: String)

        private enum Keys: String, CodingKey { case step, model }

        init(from decoder: any Decoder) throws {
            if let path = try? decoder.singleValueContainer().decode(String.self) {
                self = .path(path)
            } else {
                let container = try decoder.container(keyedBy: Keys.self)
                self = .entry(
                    step: try container.decode(Int.self, forKey: .step),
                    model: try container.decode(String.self, forKey: .model))
            }
        }
    }

    /// The file's contents, or nil when the trainer wrote none.
    static func read(_ path: String) throws(ProviderError) -> TrainerModel? {
        guard let bytes = try TrainerFile.contents(of: path) else { return nil }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: Data(bytes)) } catch {
            throw .badTrainerOutput(
                file: path, line: nil, field: Self.field(of: error),
                expected:
                    "expected {\"model\": \"...\", \"checkpoints\": [\"path\" or {\"step\": N, \"model\": \"...\"}]}")
        }
        let checkpoints = (file.checkpoints ?? []).enumerated().map { index, checkpoint in
            switch checkpoint {
            case .path(let path):
                // A path such as `…/checkpoint-120` names its step; others count in order.
                let step = Int((path as NSString).lastPathComponent.split(separator: "-").last ?? "") ?? index + 1
                return JobCheckpoint(id: "checkpoint-\(step)", step: step, model: path, metrics: [:])
            case .entry(let step, let model):
                return JobCheckpoint(id: "checkpoint-\(step)", step: step, model: model, metrics: [:])
            }
        }
        let endpoint = file.base_url.map { TrainerModel.Endpoint(baseURL: $0, apiKeyEnvironment: file.api_key_env) }
        return TrainerModel(model: file.model, checkpoints: checkpoints, endpoint: endpoint)
    }

    /// The key path a decoding error points at (`checkpoints[1].step`), never the raw error.
    private static func field(of error: any Error) -> String? {
        let path: [any CodingKey]
        switch error as? DecodingError {
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            path = context.codingPath
        case .keyNotFound(let key, let context)?: path = context.codingPath + [key]
        default: return nil
        }
        guard !path.isEmpty else { return nil }
        return path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(
            in: CharacterSet(charactersIn: "."))
    }
}
