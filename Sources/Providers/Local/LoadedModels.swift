import LocalTrainer
import Synchronization

/// Models a provider has loaded, kept for the next question: an evaluation asks one model
/// hundreds of times, and a fine-tune's file never changes once written.
final class LoadedModels: Sendable {
    private let models = Mutex<[(name: String, model: LocalModel)]>([])
    /// Loaded models kept at once (each holds its whole network).
    let capacity = 4

    /// The model called `name`, loaded with `load` when it is not kept yet. Loading holds the lock,
    /// so questions asked in parallel load a model once.
    func model(_ name: String, load: () throws -> LocalModel) throws -> LocalModel {
        try models.withLock { kept in
            if let model = kept.first(where: { $0.name == name })?.model { return model }
            let model = try load()
            kept.append((name, model))
            if kept.count > capacity { kept.removeFirst() }
            return model
        }
    }
}
