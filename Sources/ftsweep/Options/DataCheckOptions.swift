import ArgumentParser
import Datasets
import Foundation
import SweepCore

/// The model and epochs that token limits and cost estimates assume.
struct DataCheckOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The base model: it sets the tokenizer, the training length and the price.", valueName: "model"))
    var model: String = ModelCatalog.defaultModel

    @Option(help: ArgumentHelp("Epochs for the cost estimate: a number from 1 to 50, or auto (the cookbook's rule).", valueName: "n|auto"))
    var epochs: String = "auto"

    func validate() throws {
        guard epochs == "auto" || (Int(epochs).map { (1...50).contains($0) } ?? false) else {
            throw ValidationError("--epochs must be a whole number from 1 to 50, or auto; found '\(epochs)'")
        }
    }

    /// A validator for the model, with exact token counts when the rank file can be had.
    func makeValidator() -> DatasetValidator { Self.makeValidator(model: model, epochs: Int(epochs)) }

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
