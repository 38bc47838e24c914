import Foundation

/// The API's calls a sweep does not need but users and `ftsweep serve` tests do.
extension OpenAIProvider {
    /// Uploaded files, as `(id, filename, bytes)`.
    public func files() async throws -> [(id: RemoteFileID, filename: String, bytes: Int)] {
        let page: OpenAIWire.List<OpenAIWire.File> = try await send("GET", "files")
        return page.data.map { (RemoteFileID($0.id), $0.filename, $0.bytes) }
    }

    public func deleteFile(_ id: RemoteFileID) async throws -> Bool {
        let deleted: OpenAIWire.Deleted = try await send("DELETE", "files/\(id.rawValue)")
        return deleted.deleted
    }

    public func pause(_ id: JobID) async throws -> JobSnapshot {
        try await sendJob("POST", "fine_tuning/jobs/\(id.rawValue)/pause", json: OpenAIWire.Empty())
    }

    public func resume(_ id: JobID) async throws -> JobSnapshot {
        try await sendJob("POST", "fine_tuning/jobs/\(id.rawValue)/resume", json: OpenAIWire.Empty())
    }

    /// Whether the model exists at the endpoint.
    public func modelExists(_ id: String) async throws -> Bool {
        do {
            let _: OpenAIWire.Model = try await send("GET", "models/\(id)")
            return true
        } catch let error as OpenAIError where error.status == 404 {
            return false
        }
    }

    public func deleteModel(_ id: String) async throws -> Bool {
        let deleted: OpenAIWire.Deleted = try await send("DELETE", "models/\(id)")
        return deleted.deleted
    }
}
