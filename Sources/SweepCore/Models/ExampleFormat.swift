/// The training-data formats OpenAI accepts, told apart by their top-level keys.
public enum ExampleFormat: String, Sendable, Codable, CaseIterable {
    /// `{"messages": [...]}`: supervised chat fine-tuning.
    case chat
    /// `{"prompt": ..., "completion": ...}`: the legacy completions format (babbage-002, davinci-002).
    case completion
    /// `{"input": ..., "preferred_output": ..., "non_preferred_output": ...}`: preference (DPO) data.
    case preference
}
