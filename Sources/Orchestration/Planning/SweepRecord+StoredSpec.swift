import Ledger
import Providers
import SweepCore

extension SweepRecord {
    /// The spec the sweep was launched with, parsed as it was then (its path and `-p` overrides),
    /// so relative data paths in it resolve as they did at launch.
    public func storedSpec() throws(SpecError) -> SweepSpec {
        let overrides = try self.overrides.map { text throws(SpecError) in try ParameterOverride(parsing: text) }
        return try SpecParser(file: specPath ?? "\(name).yaml", text: specText, providers: ProviderRegistry.standard.kinds).parse().overriding(overrides)
    }
}
