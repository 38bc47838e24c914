import SweepCore

extension SweepPlan {
    /// Why no run of this plan can have the sweep's metric, when none can: the local trainer and
    /// OpenAI-compatible providers measure validation figures on the validation file alone (a
    /// trainer that measures its own, such as a `command` trainer, is not warned about).
    public var unmeasurableMetric: String? {
        guard validation == nil, spec.metric.name.contains("valid") else { return nil }
        if spec.provider.configuration.measuresItsOwnValidation { return nil }
        return "the sweep ranks by \(spec.metric.name), but it has no validation_file, so no run will have that figure;"
            + " add a validation_file or rank by a training metric (metric: {name: final_train_loss})"
    }
}
