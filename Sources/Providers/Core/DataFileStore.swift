import Foundation

/// Uploaded data files kept as `<folder>/<id>.jsonl`, one copy per digest: what a provider on this
/// machine trains on stays the bytes that were planned, even if the original file changes later.
struct DataFileStore: Sendable {
    let folder: String

    func path(of id: RemoteFileID) -> String { "\(folder)/\(id.rawValue).jsonl" }

    func contains(_ id: RemoteFileID) -> Bool { FileManager.default.fileExists(atPath: path(of: id)) }

    /// Copies the file in under an id taken from its digest, unless it is there already.
    func store(path source: String, digest: String) throws -> RemoteFileID {
        let id = RemoteFileID("file-" + String(digest.split(separator: ":").last?.prefix(24) ?? "x"))
        let target = path(of: id)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: target) {
            // A name of its own: two trials of one launch may upload the same file at once.
            let temporary = target + ".partial-\(UUID().uuidString)"
            try FileManager.default.copyItem(atPath: source, toPath: temporary)
            _ = rename(temporary, target)
        }
        return id
    }

    /// Removes a stored file; false when there was none.
    func remove(_ id: RemoteFileID) -> Bool {
        (try? FileManager.default.removeItem(atPath: path(of: id))) != nil
    }
}
