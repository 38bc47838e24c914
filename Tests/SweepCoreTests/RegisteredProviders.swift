import Providers
import SweepCore

extension SpecParser {
    /// A parser that knows the providers ftsweep registers, as the CLI's does.
    init(file: String, text: String) {
        self.init(file: file, text: text, providers: ProviderRegistry.standard.kinds)
    }
}

extension ProviderSpec {
    static let local = ProviderSpec(LocalConfiguration())
}
