extension OpenAIWire {
    /// An uploaded file, or a job's result file.
    public struct File: Codable, Sendable, Equatable {
        public var id: String
        public var object = "file"
        public var bytes: Int
        public var createdAt: Int
        public var expiresAt: Int?
        public var filename: String
        public var purpose: String
        public var status = "processed"
        public var statusDetails: String?
    }

    /// The answer to deleting a file or a model.
    public struct Deleted: Codable, Sendable, Equatable {
        public var id: String
        public var object: String
        public var deleted: Bool

        public init(id: String, object: String, deleted: Bool) {
            self.id = id
            self.object = object
            self.deleted = deleted
        }
    }
}

extension OpenAIWire.File {
    /// An uploaded file as the files API reports it.
    public init(_ info: LocalFileInfo) {
        self.init(id: info.id, bytes: info.bytes, createdAt: info.createdAt, filename: info.filename, purpose: info.purpose)
    }

    /// Only the id is required (Azure, for one, may null `bytes`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        object = try container.decode(.object, or: object)
        bytes = try container.decode(.bytes, or: 0)
        createdAt = try container.decode(.createdAt, or: 0)
        expiresAt = try container.decodeIfPresent(Int.self, forKey: .expiresAt)
        filename = try container.decode(.filename, or: "")
        purpose = try container.decode(.purpose, or: "")
        status = try container.decode(.status, or: status)
        statusDetails = try container.decodeIfPresent(String.self, forKey: .statusDetails)
    }
}

extension OpenAIWire.Deleted {
    /// Only `deleted` is required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(.id, or: "")
        object = try container.decode(.object, or: "")
        deleted = try container.decode(Bool.self, forKey: .deleted)
    }
}
