import Crypto
import FlyingFox
import Foundation
import Providers
import SweepCore

/// Maps OpenAI's routes onto the local provider, with OpenAI's error bodies, status codes and
/// `x-request-id` on every response.
struct Router: Sendable {
    let provider: LocalProvider
    let options: LocalAPIServer.Options
    let faults: FaultInjector?

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    /// A failure answered with OpenAI's error body.
    struct Failure: Error {
        var status: HTTPStatusCode
        var message: String
        var type = "invalid_request_error"
        var param: String?
        var code: String?
    }

    func respond(to request: FlyingFox.HTTPRequest) async -> FlyingFox.HTTPResponse {
        let requestID = "req_" + Self.hexID(16)
        switch faults?.next() {
        case .tooManyRequests?:
            var response = failure(Failure(status: .tooManyRequests, message: "Rate limit reached (injected fault).", type: "requests", code: "rate_limit_exceeded"), requestID)
            response.headers[HTTPHeader("retry-after")] = "1"
            response.headers[HTTPHeader("retry-after-ms")] = "50"
            return response
        case .serverError?:
            return failure(Failure(status: .internalServerError, message: "The server had an error (injected fault).", type: "server_error"), requestID)
        case .unavailable?:
            return failure(Failure(status: .serviceUnavailable, message: "The server is overloaded (injected fault).", type: "server_error"), requestID)
        case .latency?:
            // The work is done first and the answer is late, so a client can die holding a created job.
            let response = await handle(request, requestID)
            try? await Task.sleep(for: faults?.plan.latencyDuration ?? .zero)
            return response
        case .drop?:
            // The request is processed, but the response is unreadable: a connection lost on the way back.
            var response = await handle(request, requestID)
            response.headers[.contentLength] = "dropped"
            response.headers[.connection] = "close"
            return response
        case nil: break
        }
        return await handle(request, requestID)
    }

    private func failure(_ failure: Failure, _ requestID: String) -> FlyingFox.HTTPResponse {
        let error = API.ErrorResponse(error: .init(message: failure.message, type: failure.type, param: failure.param, code: failure.code))
        return Self.response(failure.status, (try? Self.encoder.encode(error)) ?? Data(), requestID: requestID)
    }

    private func handle(_ request: FlyingFox.HTTPRequest, _ requestID: String) async -> FlyingFox.HTTPResponse {
        do {
            try authorize(request)
            // Refuse an oversized body by its declared length, before reading any of it.
            if let length = request.headers[.contentLength].flatMap(Int.init), length > options.maxUploadBytes {
                throw Failure(status: .payloadTooLarge, message: "The request body is \(length) bytes; this server accepts at most \(options.maxUploadBytes).")
            }
            let (status, body) = try await route(request)
            return Self.response(status, body, requestID: requestID)
        } catch let failure as Failure {
            return self.failure(failure, requestID)
        } catch {
            let body = API.ErrorResponse(error: .init(message: "\(error)", type: "server_error", param: nil, code: nil))
            return Self.response(.internalServerError, (try? Self.encoder.encode(body)) ?? Data(), requestID: requestID)
        }
    }

    private func authorize(_ request: FlyingFox.HTTPRequest) throws {
        guard let key = options.apiKey else { return }
        guard request.headers[HTTPHeader("Authorization")] == "Bearer \(key)" else {
            throw Failure(status: .unauthorized, message: "Incorrect API key provided.", code: "invalid_api_key")
        }
    }

    private func route(_ request: FlyingFox.HTTPRequest) async throws -> (HTTPStatusCode, Data) {
        let parts = request.path.split(separator: "/").map(String.init)
        guard parts.first == "v1" else { throw Failure(status: .notFound, message: "Unknown route \(request.path)") }
        let method = request.method.rawValue
        let path = Array(parts.dropFirst())
        func match(_ verb: String, _ pattern: String) -> [String]? {
            let expected = pattern.split(separator: "/").map(String.init)
            guard verb == method, expected.count == path.count else { return nil }
            var captured: [String] = []
            for (want, got) in zip(expected, path) {
                if want == "*" { captured.append(got) } else if want != got { return nil }
            }
            return captured
        }
        if match("POST", "files") != nil { return try await uploadFile(request) }
        if match("GET", "files") != nil {
            let files = provider.fileInfos().map(Self.file)
            return try json(API.List(data: files, hasMore: false, firstId: files.first?.id, lastId: files.last?.id))
        }
        if let id = match("GET", "files/*")?.first { return try json(Self.file(try info(id))) }
        if let id = match("GET", "files/*/content")?.first { return (.ok, try content(id)) }
        if let id = match("DELETE", "files/*")?.first {
            _ = try info(id)
            return try json(API.Deleted(id: id, object: "file", deleted: provider.deleteFile(RemoteFileID(id))))
        }
        if match("POST", "fine_tuning/jobs") != nil {
            if faults?.dailyCapReached() == true {
                throw Failure(status: .tooManyRequests, message: "This fine-tune request has been rate-limited. Your organization has reached the maximum of fine-tuning requests per day for the model (injected fault).", code: "daily_rate_limit_exceeded")
            }
            return try await createJob(request)
        }
        if match("GET", "fine_tuning/jobs") != nil { return try await listJobs(request) }
        if let id = match("GET", "fine_tuning/jobs/*")?.first { return try json(try await job(id)) }
        if let id = match("POST", "fine_tuning/jobs/*/cancel")?.first {
            _ = try await job(id)
            _ = try await provider.cancel(JobID(id))
            return try json(try await job(id))
        }
        for action in ["pause", "resume"] {
            guard let id = match("POST", "fine_tuning/jobs/*/\(action)")?.first else { continue }
            _ = try await job(id)
            do {
                _ = action == "pause" ? try await provider.pause(JobID(id)) : try await provider.resume(JobID(id))
            } catch let error as ProviderError {
                throw Failure(status: .badRequest, message: error.description, param: "id")
            }
            return try json(try await job(id))
        }
        if let id = match("GET", "fine_tuning/jobs/*/events")?.first { return try await events(id, request) }
        if let id = match("GET", "fine_tuning/jobs/*/checkpoints")?.first { return try await checkpoints(id, request) }
        if match("GET", "models") != nil { return try json(API.List(data: try await provider.models().map(Self.model), hasMore: false)) }
        if let id = match("GET", "models/*")?.first {
            guard try await provider.models().contains(id) else { throw Failure(status: .notFound, message: "The model '\(id)' does not exist", code: "model_not_found") }
            return try json(Self.model(id))
        }
        if let id = match("DELETE", "models/*")?.first {
            guard provider.deleteModel(id) else { throw Failure(status: .notFound, message: "The model '\(id)' does not exist or cannot be deleted", code: "model_not_found") }
            return try json(API.Deleted(id: id, object: "model", deleted: true))
        }
        if match("POST", "chat/completions") != nil { return try await chat(request) }
        throw Failure(status: .notFound, message: "Unknown route \(method) \(request.path)")
    }

    // MARK: Files

    private func uploadFile(_ request: FlyingFox.HTTPRequest) async throws -> (HTTPStatusCode, Data) {
        let body = try await request.bodyData
        guard body.count <= options.maxUploadBytes else {
            throw Failure(status: .payloadTooLarge, message: "File is larger than the \(options.maxUploadBytes)-byte limit.")
        }
        guard let contentType = request.headers[.contentType], let form = Multipart(contentType: contentType, body: body) else {
            throw Failure(status: .badRequest, message: "Expected a multipart/form-data body with 'file' and 'purpose'.")
        }
        guard let file = form.parts.first(where: { $0.name == "file" }), let purpose = form.parts.first(where: { $0.name == "purpose" }) else {
            throw Failure(status: .badRequest, message: "Missing 'file' or 'purpose' field.", param: "file")
        }
        let temporary = NSTemporaryDirectory() + "ftsweep-upload-" + Self.hexID(12)
        try file.data.write(to: URL(fileURLWithPath: temporary))
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let digest = "sha256:" + SHA256.hash(data: file.data).map { String(format: "%02x", $0) }.joined()
        let id = try await provider.upload(path: temporary, digest: digest)
        let info = LocalFileInfo(id: id.rawValue, bytes: file.data.count, createdAt: Int(Date().timeIntervalSince1970), filename: file.filename ?? "upload.jsonl", purpose: String(decoding: purpose.data, as: UTF8.self))
        try provider.saveFileInfo(info)
        return try json(Self.file(info))
    }

    private func info(_ id: String) throws -> LocalFileInfo {
        if id.hasPrefix("file-result-") {
            return LocalFileInfo(id: id, bytes: 0, createdAt: 0, filename: "step_metrics.csv", purpose: "fine-tune-results")
        }
        guard Self.isWellFormed(id), let info = provider.fileInfo(RemoteFileID(id)) else {
            throw Failure(status: .notFound, message: "No such File object: \(id)", param: "id")
        }
        return info
    }

    /// Result files come back base64-encoded, as OpenAI serves them.
    private func content(_ id: String) throws -> Data {
        if id.hasPrefix("file-result-") {
            let job = String(id.dropFirst("file-result-".count))
            guard let csv = try? provider.resultFileBytes(JobID(job)) else { throw Failure(status: .notFound, message: "No such File object: \(id)", param: "id") }
            return Data(Data(csv).base64EncodedString().utf8)
        }
        _ = try info(id)
        guard let bytes = provider.fileContents(RemoteFileID(id)) else { throw Failure(status: .notFound, message: "No such File object: \(id)", param: "id") }
        return Data(bytes)
    }

    static func file(_ info: LocalFileInfo) -> API.File {
        API.File(id: info.id, bytes: info.bytes, createdAt: info.createdAt, filename: info.filename, purpose: info.purpose)
    }

    // MARK: Jobs

    private func createJob(_ request: FlyingFox.HTTPRequest) async throws -> (HTTPStatusCode, Data) {
        guard let body = try? Self.decoder().decode(API.CreateJob.self, from: try await request.bodyData) else {
            throw Failure(status: .badRequest, message: "The request body must be JSON with 'model' and 'training_file'.")
        }
        guard provider.fileInfo(RemoteFileID(body.trainingFile)) != nil else {
            throw Failure(status: .badRequest, message: "invalid training_file: \(body.trainingFile)", param: "training_file", code: "invalid_training_file")
        }
        let hyperparameters = body.method?.supervised?.hyperparameters ?? body.hyperparameters ?? [:]
        for (name, value) in hyperparameters {
            guard let parameter = HyperparameterName(rawValue: name) else { continue }
            if let problem = ParameterRules.problem(with: value, for: parameter) {
                throw Failure(status: .badRequest, message: "\(name): \(problem)", param: "hyperparameters.\(name)", code: "invalid_hyperparameters")
            }
        }
        let defaults: [String: ParamValue] = ["n_epochs": .auto, "batch_size": .auto, "learning_rate_multiplier": .auto]
        let created: JobSnapshot
        do {
            created = try await provider.createJob(JobRequest(
                model: body.model, trainingFile: RemoteFileID(body.trainingFile), validationFile: body.validationFile.map(RemoteFileID.init),
                hyperparameters: defaults.merging(hyperparameters) { $1 }, suffix: body.suffix, seed: body.seed ?? Int.random(in: 0...Int(Int32.max)),
                metadata: body.metadata ?? [:]))
        } catch let error as ProviderError {
            throw Failure(status: .badRequest, message: error.description, param: "model", code: "model_not_available")
        }
        return try json(try await job(created.id.rawValue))
    }

    private func job(_ id: String) async throws -> API.Job {
        guard Self.isWellFormed(id), let record = try? await provider.record(JobID(id)) else {
            throw Failure(status: .notFound, message: "No such fine-tuning job: \(id)", param: "id")
        }
        return API.Job(record.job, trainingFile: record.trainingFile.rawValue, validationFile: record.validationFile?.rawValue, suffix: record.suffix)
    }

    private func listJobs(_ request: FlyingFox.HTTPRequest) async throws -> (HTTPStatusCode, Data) {
        var records = try await provider.allJobs()
        let filters = request.query.compactMap { item -> (String, String)? in
            guard item.name.hasPrefix("metadata["), item.name.hasSuffix("]") else { return nil }
            return (String(item.name.dropFirst(9).dropLast()), item.value)
        }
        records = records.filter { record in filters.allSatisfy { record.job.metadata[$0.0] == $0.1 } }
        let jobs = records.map { API.Job($0.job, trainingFile: $0.trainingFile.rawValue, validationFile: $0.validationFile?.rawValue, suffix: $0.suffix) }
        let (page, more) = Self.page(jobs, id: \.id, request)
        return try json(API.List(data: page, hasMore: more))
    }

    private func events(_ id: String, _ request: FlyingFox.HTTPRequest) async throws -> (HTTPStatusCode, Data) {
        _ = try await job(id)
        let events = try await provider.events(JobID(id), after: nil).reversed().map {
            API.Event(id: $0.id, createdAt: $0.createdAt, level: $0.level, message: $0.message, type: $0.type, data: $0.data)
        }
        let (page, more) = Self.page(Array(events), id: \.id, request)
        return try json(API.List(data: page, hasMore: more))
    }

    private func checkpoints(_ id: String, _ request: FlyingFox.HTTPRequest) async throws -> (HTTPStatusCode, Data) {
        _ = try await job(id)
        let checkpoints = try await provider.checkpoints(JobID(id)).reversed().map {
            API.Checkpoint(id: $0.id, createdAt: 0, fineTunedModelCheckpoint: $0.model, fineTuningJobId: id, stepNumber: $0.step, metrics: $0.metrics)
        }
        let (page, more) = Self.page(Array(checkpoints), id: \.id, request, defaultLimit: 10)
        return try json(API.List(data: page, hasMore: more, firstId: page.first?.id, lastId: page.last?.id))
    }

    /// Cursor pagination: the items after `after`, at most `limit` (default 20, at most 100).
    static func page<T>(_ items: [T], id: KeyPath<T, String>, _ request: FlyingFox.HTTPRequest, defaultLimit: Int = 20) -> ([T], Bool) {
        let limit = min(100, max(1, request.query.first { $0.name == "limit" }.flatMap { Int($0.value) } ?? defaultLimit))
        var start = 0
        if let after = request.query.first(where: { $0.name == "after" })?.value, let index = items.firstIndex(where: { $0[keyPath: id] == after }) {
            start = index + 1
        }
        let slice = Array(items[min(start, items.count)..<min(items.count, start + limit)])
        return (slice, start + limit < items.count)
    }

    // MARK: Models and chat

    static func model(_ id: String) -> API.Model {
        API.Model(id: id, created: 0, ownedBy: id.hasPrefix("ft:") ? "user-local" : "system")
    }

    private func chat(_ request: FlyingFox.HTTPRequest) async throws -> (HTTPStatusCode, Data) {
        guard let body = try? Self.decoder().decode(API.ChatRequest.self, from: try await request.bodyData), !body.messages.isEmpty else {
            throw Failure(status: .badRequest, message: "The request body must be JSON with 'model' and a non-empty 'messages'.")
        }
        let answer: String
        do { answer = try await provider.complete(model: body.model, messages: body.messages) } catch {
            throw Failure(status: .notFound, message: "The model '\(body.model)' does not exist", param: "model", code: "model_not_found")
        }
        let promptBytes = body.messages.reduce(0) { $0 + $1.content.utf8.count }
        let response = API.ChatResponse(
            id: "chatcmpl-" + Self.hexID(12), created: Int(Date().timeIntervalSince1970), model: body.model,
            choices: [.init(index: 0, message: ChatMessage(role: "assistant", content: answer), finishReason: "stop")],
            usage: .init(promptTokens: promptBytes, completionTokens: answer.utf8.count, totalTokens: promptBytes + answer.utf8.count))
        return try json(response)
    }

    // MARK: Helpers

    private func json<T: Encodable>(_ value: T) throws -> (HTTPStatusCode, Data) { (.ok, try Self.encoder.encode(value)) }

    static func response(_ status: HTTPStatusCode, _ body: Data, requestID: String) -> FlyingFox.HTTPResponse {
        FlyingFox.HTTPResponse(statusCode: status, headers: [.contentType: "application/json", HTTPHeader("x-request-id"): requestID], body: body)
    }

    /// Ids are letters, digits, `-`, `_` and `:` (model names); anything else is refused, never used as a path.
    static func isWellFormed(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 200 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_:.".contains($0)) } && !id.contains("..")
    }

    static func hexID(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in "0123456789abcdef".randomElement(using: &generator)! })
    }
}
