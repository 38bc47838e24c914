import ArgumentParser
import Datasets
import Foundation
import SweepCore

/// The model and epochs that token limits and cost estimates assume.
struct DataCheckOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The base model: it sets the tokenizer, the training length, the price and the formats it trains on (default: \(ModelCatalog.defaultModel), formats unchecked).",
        valueName: "model"))
    var model: String?

    @Option(help: ArgumentHelp("Epochs for the cost estimate: a number from 1 to 50, or auto (the cookbook's rule).", valueName: "n|auto"))
    var epochs: String = "auto"

    func validate() throws {
        guard epochs == "auto" || (Int(epochs).map { (1...50).contains($0) } ?? false) else {
            throw ValidationError("--epochs must be a whole number from 1 to 50, or auto; found '\(epochs)'")
        }
    }

    /// A validator for the model, with exact token counts when the rank file can be had.
    func makeValidator() -> DatasetValidator {
        var validator = Self.makeValidator(model: model ?? ModelCatalog.defaultModel, epochs: Int(epochs))
        validator.checksModelFormats = model != nil
        return validator
    }

    /// A validator for `model`, warning on standard error when the tokenizer or the model is unknown.
    static func makeValidator(model: String, epochs: Int?) -> DatasetValidator {
        let catalog = ModelCatalog.standard
        let info = catalog.info(for: model)
        if !info.isKnown {
            StandardError.write("warning: unknown model '\(model)': assuming \(info.encoding.rawValue), a \(Formatting.tokenLimit(info)) token limit and no price")
        }
        let store = TokenizerStore.standard(environment: ProcessInfo.processInfo.environment)
        let (counter, unavailable) = store.counter(for: info.encoding)
        if let unavailable {
            StandardError.write("warning: \(unavailable); token counts below are estimates")
        }
        return DatasetValidator(counter: counter, model: info, epochs: epochs, pricesAsOf: catalog.pricesAsOf)
    }
}

private enum Formatting {
    static func tokenLimit(_ info: ModelInfo) -> String { String(info.trainingTokenLimit) }
}
