import Foundation

/// The API's calls a sweep does not need but users and `ftsweep serve` tests do.
extension OpenAIProvider {
    /// Uploaded files, as `(id, filename, bytes)`.
    public func files() async throws -> [(id: RemoteFileID, filename: String, bytes: Int)] {
        let page: Page<WireFile> = try await send("GET", "files")
        return page.data.map { (RemoteFileID($0.id), $0.filename, $0.bytes) }
    }

    public func deleteFile(_ id: RemoteFileID) async throws -> Bool {
        let deleted: WireDeleted = try await send("DELETE", "files/\(id.rawValue)")
        return deleted.deleted
    }

    public func pause(_ id: JobID) async throws -> JobSnapshot {
        try await send("POST", "fine_tuning/jobs/\(id.rawValue)/pause", json: .object([:]))
    }

    public func resume(_ id: JobID) async throws -> JobSnapshot {
        try await send("POST", "fine_tuning/jobs/\(id.rawValue)/resume", json: .object([:]))
    }

    /// Whether the model exists at the endpoint.
    public func modelExists(_ id: String) async throws -> Bool {
        do {
            let _: WireModel = try await send("GET", "models/\(id)")
            return true
        } catch let error as OpenAIError where error.status == 404 {
            return false
        }
    }

    public func deleteModel(_ id: String) async throws -> Bool {
        let deleted: WireDeleted = try await send("DELETE", "models/\(id)")
        return deleted.deleted
    }
}

struct WireFile: Decodable, Sendable {
    var id: String
    var filename: String
    var bytes: Int
}

struct WireDeleted: Decodable, Sendable {
    var deleted: Bool
}
