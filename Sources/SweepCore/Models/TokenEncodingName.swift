/// The BPE vocabularies OpenAI's fine-tunable models use.
public enum TokenEncodingName: String, Sendable, CaseIterable, Codable {
    case o200kBase = "o200k_base"
    case cl100kBase = "cl100k_base"

    /// SHA-256 of the published rank file, as tiktoken checks it.
    public var rankFileSHA256: String {
        switch self {
        case .o200kBase: "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
        case .cl100kBase: "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"
        }
    }

    /// The special tokens of the encoding, which training data must not contain as text.
    public var specialTokens: [String: Int] {
        switch self {
        case .o200kBase: ["<|endoftext|>": 199_999, "<|endofprompt|>": 200_018]
        case .cl100kBase:
            [
                "<|endoftext|>": 100_257, "<|fim_prefix|>": 100_258, "<|fim_middle|>": 100_259,
                "<|fim_suffix|>": 100_260, "<|endofprompt|>": 100_276,
            ]
        }
    }
}
