import Foundation

/// One value per parameter name, kept in the order they were set (the sweep's order); two sets
/// with the same values are equal whatever their order. In JSON, an object in that order.
public struct ParameterValues: Sendable, Hashable, Codable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var names: [ParameterName] = []
    private var values: [ParameterName: ParamValue] = [:]

    public init() {}

    public typealias Key = ParameterName
    public typealias Value = ParamValue

    public init(dictionaryLiteral elements: (ParameterName, ParamValue)...) {
        for (name, value) in elements { self[name] = value }
    }

    /// Values from a request's or a record's dictionary, ordered standard names first, then by name.
    public init(_ dictionary: [String: ParamValue]) {
        for name in dictionary.keys.map(ParameterName.init(rawValue:)).sorted() { self[name] = dictionary[name.rawValue] }
    }

    public subscript(name: ParameterName) -> ParamValue? {
        get { values[name] }
        set {
            guard let newValue else {
                values[name] = nil
                names.removeAll { $0 == name }
                return
            }
            if values.updateValue(newValue, forKey: name) == nil { names.append(name) }
        }
    }

    public var isEmpty: Bool { names.isEmpty }

    /// As the API's `hyperparameters` object takes them.
    public var dictionary: [String: ParamValue] {
        Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })
    }

    public func makeIterator() -> some IteratorProtocol<(name: ParameterName, value: ParamValue)> {
        names.lazy.map { (name: $0, value: values[$0]!) }.makeIterator()
    }

    /// The values without the names given.
    public func removing(_ removed: [ParameterName]) -> ParameterValues {
        var copy = self
        for name in removed { copy[name] = nil }
        return copy
    }

    public static func == (lhs: ParameterValues, rhs: ParameterValues) -> Bool { lhs.values == rhs.values }
    public func hash(into hasher: inout Hasher) { hasher.combine(values) }

    private struct NameKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: NameKey.self)
        // Foundation's decoder gives keys in no fixed order; standard names first, then by name, as `init(_:)` does.
        self.init(Dictionary(uniqueKeysWithValues: try container.allKeys.map { ($0.stringValue, try container.decode(ParamValue.self, forKey: $0)) }))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: NameKey.self)
        for (name, value) in self { try container.encode(value, forKey: NameKey(stringValue: name.rawValue)) }
    }
}

extension ParameterValues {
    /// Compact JSON text of the object, in order, numbers in their canonical form (as trial keys write them).
    public var json: String {
        "{" + map { "\(TrialKey.quoted($0.name.rawValue)):\(TrialKey.json($0.value))" }.joined(separator: ",") + "}"
    }

    /// The values of a JSON object as `json` writes it; nil when the text is not one.
    public init?(json: String) {
        guard let values = try? JSONDecoder().decode(ParameterValues.self, from: Data(json.utf8)) else { return nil }
        self = values
    }
}
