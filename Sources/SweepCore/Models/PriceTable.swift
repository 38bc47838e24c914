/// OpenAI's fine-tunable models and training prices per million tokens, as published on
/// developers.openai.com/api/docs/pricing (read 2026-11-21). Training-length limits follow the
/// fine-tuning guide; gpt-4.1 has no published limit, so it shares gpt-4o's 65,536. Formats: chat for
/// supervised fine-tuning, preference where the DPO guide lists the model, completion for the legacy pair.
extension ModelCatalog {
    /// The catalog shipped with this version of ftsweep.
    public static let standard = ModelCatalog(
        pricesAsOf: "2026-11-21",
        models: [
            entry("gpt-4.1-2025-04-14", .o200kBase, 65_536, "25.00", [.chat, .preference]),
            entry("gpt-4.1-mini-2025-04-14", .o200kBase, 65_536, "5.00", [.chat, .preference]),
            entry("gpt-4.1-nano-2025-04-14", .o200kBase, 65_536, "1.50", [.chat, .preference]),
            entry("gpt-4o-2024-08-06", .o200kBase, 65_536, "25.00", [.chat, .preference]),
            entry("gpt-4o-mini-2024-07-18", .o200kBase, 65_536, "3.00", [.chat]),
            entry("gpt-3.5-turbo-0125", .cl100kBase, 16_385, "8.00", [.chat]),
            entry("gpt-3.5-turbo-1106", .cl100kBase, 16_385, "8.00", [.chat]),
            entry("gpt-3.5-turbo-0613", .cl100kBase, 4_096, "8.00", [.chat]),
            entry("davinci-002", .cl100kBase, 16_385, "6.00", [.completion]),
            entry("babbage-002", .cl100kBase, 16_385, "0.40", [.completion]),
            entry("local-small", .o200kBase, 65_536, "0", [.chat]),
            entry("local-base", .o200kBase, 65_536, "0", [.chat]),
        ])

    /// The model `data validate` assumes when none is named.
    public static let defaultModel = "gpt-4.1-mini-2025-04-14"

    private static func entry(
        _ name: String, _ encoding: TokenEncodingName, _ limit: Int, _ price: String, _ formats: Set<ExampleFormat>
    ) -> ModelInfo {
        ModelInfo(
            name: name, encoding: encoding, trainingTokenLimit: limit,
            trainingPricePerMillion: USD(dollars: price) ?? .zero, isKnown: true, formats: formats)
    }
}
