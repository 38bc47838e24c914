/// A sweep's parameters and how each is given, in grid order: the standard names first in their
/// fixed order, then the others in the order the spec gives them.
public struct ParameterSpace: Sendable, Equatable, Sequence {
    public private(set) var names: [ParameterName] = []
    private var specs: [ParameterName: ParameterSpec] = [:]

    public init() {}

    public init(_ entries: KeyValuePairs<ParameterName, ParameterSpec>) {
        for (name, spec) in entries { self[name] = spec }
    }

    public subscript(name: ParameterName) -> ParameterSpec? {
        get { specs[name] }
        set {
            guard let newValue else {
                specs[name] = nil
                names.removeAll { $0 == name }
                return
            }
            if specs.updateValue(newValue, forKey: name) == nil {
                if let rank = ParameterName.standard.firstIndex(of: name) {
                    let position = names.firstIndex { other in ParameterName.standard.firstIndex(of: other).map { $0 > rank } ?? true }
                    names.insert(name, at: position ?? names.endIndex)
                } else {
                    names.append(name)
                }
            }
        }
    }

    public var count: Int { names.count }

    public func makeIterator() -> some IteratorProtocol<(name: ParameterName, spec: ParameterSpec)> {
        names.lazy.map { (name: $0, spec: specs[$0]!) }.makeIterator()
    }

    /// The names outside the standard five, in the spec's order.
    public var otherNames: [ParameterName] { names.filter { !ParameterName.standard.contains($0) } }
}
