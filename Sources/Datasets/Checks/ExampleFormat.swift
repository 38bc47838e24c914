/// The training-data formats OpenAI accepts, told apart by their top-level keys.
public enum ExampleFormat: String, Sendable, Codable {
    /// `{"messages": [...]}`: supervised chat fine-tuning.
    case chat
    /// `{"prompt": ..., "completion": ...}`: the legacy completions format (babbage-002, davinci-002).
    case completion
    /// `{"input": ..., "preferred_output": ..., "non_preferred_output": ...}`: preference (DPO) data.
    case preference

    /// The format an example claims by its keys; an object with none of them is taken as chat.
    static func detect(_ object: JSONObject) -> ExampleFormat {
        for (key, _) in object.members {
            switch key {
            case "messages": return .chat
            case "prompt", "completion": return .completion
            case "input", "preferred_output", "non_preferred_output", "preferred_completion", "non_preferred_completion":
                return .preference
            default: continue
            }
        }
        return .chat
    }

    /// The top-level keys the format defines; others draw a warning.
    var knownKeys: Set<String> {
        switch self {
        case .chat: ["messages", "tools", "parallel_tool_calls", "functions"]
        case .completion: ["prompt", "completion"]
        case .preference:
            ["input", "preferred_output", "non_preferred_output", "preferred_completion", "non_preferred_completion"]
        }
    }
}
