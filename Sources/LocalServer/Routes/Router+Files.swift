import Crypto
import Foundation
import Providers
import SweepCore

/// The files routes: upload, list, retrieve, content and delete.
extension Router {
    /// OpenAI's file purposes (the OpenAPI extract's `purpose` enum).
    static let purposes: Set<String> = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"]

    func uploadFile(_ request: ServerRequest) async throws -> ServerResponse {
        guard let contentType = request.headers["content-type"],
            let form = Multipart(contentType: contentType, body: request.body)
        else {
            throw Failure(
                status: 400, message: "Expected a multipart/form-data body with 'file' and 'purpose'.", param: "file")
        }
        guard let file = form.parts.first(where: { $0.name == "file" }) else {
            throw Failure.invalid("file", "Missing 'file' field.")
        }
        guard let purposePart = form.parts.first(where: { $0.name == "purpose" }) else {
            throw Failure.invalid("purpose", "Missing 'purpose' field.")
        }
        let purpose = String(decoding: purposePart.data.prefix(64), as: UTF8.self)
        guard Self.purposes.contains(purpose) else {
            throw Failure.invalid(
                "purpose", "'purpose' must be one of \(Self.purposes.sorted().joined(separator: ", ")).")
        }
        let filename = file.filename ?? "upload.jsonl"
        guard (1...255).contains(filename.utf8.count),
            !filename.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw Failure.invalid("file", "The file name must be 1 to 255 bytes without control characters.")
        }
        let temporary = NSTemporaryDirectory() + "ftsweep-upload-" + Self.hexID(12)
        try file.data.write(to: URL(fileURLWithPath: temporary))
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let digest = "sha256:" + SHA256.hash(data: file.data).map { String(format: "%02x", $0) }.joined()
        let id = try await provider.upload(path: temporary, digest: digest)
        let info = LocalFileInfo(
            id: id.rawValue, bytes: file.data.count, createdAt: Int(Date().timeIntervalSince1970), filename: filename,
            purpose: purpose)
        try provider.saveFileInfo(info)
        return try json(OpenAIWire.File(info))
    }

    func listFiles(_ request: ServerRequest) throws -> ServerResponse {
        let files = provider.fileInfos().map(OpenAIWire.File.init)
        return try json(OpenAIWire.List(data: files, hasMore: false, firstId: files.first?.id, lastId: files.last?.id))
    }

    /// An uploaded file, or a finished job's result file; anything else is 404 without touching the disk.
    func fileObject(_ id: String) throws -> OpenAIWire.File {
        if let job = IDFormat.resultFileJob(id) {
            guard let bytes = try? provider.resultFileBytes(JobID(job)) else {
                throw Failure.notFound("File object", id)
            }
            return OpenAIWire.File(
                LocalFileInfo(
                    id: id, bytes: bytes.count, createdAt: 0, filename: "step_metrics.csv", purpose: "fine-tune-results"))
        }
        guard IDFormat.isFileID(id), let info = provider.fileInfo(RemoteFileID(id)) else {
            throw Failure.notFound("File object", id)
        }
        return OpenAIWire.File(info)
    }

    /// Result files come back base64-encoded, as OpenAI serves them.
    func fileContent(_ id: String) async throws -> ServerResponse {
        if let job = IDFormat.resultFileJob(id) {
            guard let csv = try? provider.resultFileBytes(JobID(job)) else { throw Failure.notFound("File object", id) }
            return ServerResponse(
                status: 200, body: Data(Data(csv).base64EncodedString().utf8), contentType: "application/octet-stream")
        }
        _ = try fileObject(id)
        guard let bytes = provider.fileContents(RemoteFileID(id)) else { throw Failure.notFound("File object", id) }
        return ServerResponse(status: 200, body: Data(bytes), contentType: "application/octet-stream")
    }

    func deleteFile(_ id: String) throws -> ServerResponse {
        guard IDFormat.isFileID(id) else { throw Failure.notFound("File object", id) }
        _ = try fileObject(id)
        return try json(OpenAIWire.Deleted(id: id, object: "file", deleted: provider.deleteFile(RemoteFileID(id))))
    }
}
