import Ledger
import Providers

extension Launcher {
    /// Uploads a dataset once per (digest, provider), reusing the file id while it still exists remotely.
    /// Trials that start together wait for the one upload of their digest instead of each sending it.
    func uploadOnce(path: String, digest: String) async throws -> RemoteFileID {
        if let pending = uploads[digest] { return try await pending.value }
        // Awaited by every trial that needs it, never left behind: the launch waits for its trials.
        let task = Task { try await self.upload(path: path, digest: digest) }
        uploads[digest] = task
        do {
            return try await task.value
        } catch {
            uploads[digest] = nil  // a later trial tries again
            throw error
        }
    }

    private func upload(path: String, digest: String) async throws -> RemoteFileID {
        if let known = try ledger.uploadedFile(digest: digest, provider: provider.key),
           try await provider.fileExists(RemoteFileID(known)) {
            return RemoteFileID(known)
        }
        let id = try await provider.upload(path: path, digest: digest)
        try ledger.recordUpload(digest: digest, provider: provider.key, fileID: id.rawValue)
        uploadedHere.append((digest, id))
        return id
    }

    /// After the provider refused jobs for good, the files this launch uploaded serve nothing: they are
    /// deleted (and forgotten by the ledger) unless a job of this launch uses them. The halt reason
    /// says what was deleted, or what remains and how to delete it.
    func removeUnusedUploads() async {
        guard jobsCreated == 0, !uploadedHere.isEmpty else { return }
        var deleted: [String] = [], remaining: [String] = []
        for (digest, file) in uploadedHere {
            if (try? await provider.deleteFile(file)) == true {
                try? ledger.forgetUpload(digest: digest, provider: provider.key)
                deleted.append(file.rawValue)
            } else {
                remaining.append(file.rawValue)
            }
        }
        uploadedHere = []
        var note: [String] = []
        if !deleted.isEmpty { note.append("deleted the files this launch uploaded (\(deleted.joined(separator: ", ")))") }
        if !remaining.isEmpty {
            note.append("the files \(remaining.joined(separator: ", ")) this launch uploaded remain in the provider's storage; "
                + "delete them with DELETE /v1/files/ID (e.g. curl -X DELETE -H \"Authorization: Bearer $KEY\" BASE_URL/files/ID)")
        }
        haltedReason = ([haltedReason].compactMap { $0 } + note).joined(separator: "; ")
    }
}
