extension OpenAIWire {
    /// A page of a list; `has_more` with the last item's id as `after` gives the next.
    public struct List<Item: Sendable>: Sendable {
        public var object = "list"
        public var data: [Item]
        public var hasMore: Bool
        @Null public var firstId: String?
        @Null public var lastId: String?

        public init(data: [Item], hasMore: Bool, firstId: String? = nil, lastId: String? = nil) {
            self.data = data
            self.hasMore = hasMore
            self.firstId = firstId
            self.lastId = lastId
        }
    }

    /// A model an endpoint serves.
    public struct Model: Codable, Sendable, Equatable {
        public var id: String
        public var object = "model"
        public var created: Int
        public var ownedBy: String

        public init(id: String, created: Int, ownedBy: String) {
            self.id = id
            self.created = created
            self.ownedBy = ownedBy
        }
    }
}

extension OpenAIWire.List: Equatable where Item: Equatable {}
extension OpenAIWire.List: Encodable where Item: Encodable {}

extension OpenAIWire.List: Decodable where Item: Decodable {
    /// Only `data` is required: a page without `has_more` is the last.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        object = try container.decode(.object, or: object)
        data = try container.decode([Item].self, forKey: .data)
        hasMore = try container.decode(.hasMore, or: false)
        firstId = try container.decodeIfPresent(String.self, forKey: .firstId)
        lastId = try container.decodeIfPresent(String.self, forKey: .lastId)
    }
}

extension OpenAIWire.Model {
    /// Only the id is required: model servers (vLLM, llama.cpp, others) differ in the rest.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        object = try container.decode(.object, or: object)
        created = try container.decode(.created, or: 0)
        ownedBy = try container.decode(.ownedBy, or: "")
    }
}
