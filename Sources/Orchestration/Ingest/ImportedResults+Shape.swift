import Foundation

extension ImportedResults {
    /// What a JSON object says it is, read before it is decoded as that: its `object`, whether its
    /// `data` is an array (a list page), and whether it has the local trainer's checkpoint fields.
    struct Shape: Decodable, Sendable {
        var object: String?
        var hasDataArray: Bool
        var isLocalCheckpoint: Bool

        private enum Keys: String, CodingKey { case object, data, step, model }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            object = try? container.decode(String.self, forKey: .object)
            hasDataArray = (try? container.nestedUnkeyedContainer(forKey: .data)) != nil
            isLocalCheckpoint = !container.contains(.object) && (try? container.decode(Double.self, forKey: .step)) != nil
                && (try? container.decode(String.self, forKey: .model)) != nil
        }

        /// A JSONL line of events: an object that is not a list page, labelled an event or not labelled
        /// at all (the local trainer's `events.jsonl`).
        var isEventLine: Bool { !hasDataArray && (object.map { $0 == "fine_tuning.job.event" } ?? true) }

        /// The shape of a JSON object, or nil when the text is not one.
        static func of(_ text: some StringProtocol) -> Shape? {
            try? JSONDecoder().decode(Shape.self, from: Data(text.utf8))
        }
    }

    /// The shape of a JSON array's first element, or nil when the text is not an array of objects.
    struct Leading: Decodable {
        var shape: Shape?

        init(from decoder: any Decoder) throws {
            var items = try decoder.unkeyedContainer()
            shape = items.isAtEnd ? nil : try? items.decode(Shape.self)
        }

        static func of(_ text: String) -> Shape? { (try? JSONDecoder().decode(Leading.self, from: Data(text.utf8)))?.shape }
    }
}
