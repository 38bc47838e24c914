import Foundation
import Providers
import SweepCore

/// Maps OpenAI's routes onto the local provider, with OpenAI's error bodies, status codes and
/// `x-request-id` on every response. It sees requests already read and capped by `HTTPAdapter`.
struct Router: Sendable {
    let provider: LocalProvider
    let options: LocalAPIServer.Options
    let faults: FaultInjector?
    let guardrails: BrowserGuard
    let index: JobIndex

    /// The largest body accepted for a request line: uploads get `maxUploadBytes`, JSON `maxJSONBytes`.
    func bodyLimit(method: String, path: String) -> Int {
        method == "POST" && (path == "/v1/files" || path == "/v1/files/")
            ? options.maxUploadBytes : options.maxJSONBytes
    }

    func respond(to request: ServerRequest) async -> ServerResponse {
        let requestID = "req_" + Self.hexID(16)
        do {
            try guardrails.check(request)
            try authorize(request)
        } catch let failure as Failure {
            return Self.failure(failure, requestID)
        } catch {
            return Self.failure(.internalError, requestID)
        }
        // Faults come after authentication: an unauthenticated caller learns nothing from them.
        switch faults?.next() {
        case .tooManyRequests?:
            var response = Self.failure(
                Failure(
                    status: 429, message: "Rate limit reached (injected fault).", type: "requests",
                    code: "rate_limit_exceeded"),
                requestID)
            response.headers += [("retry-after", "1"), ("retry-after-ms", "50")]
            return response
        case .serverError?:
            return Self.failure(
                Failure(status: 500, message: "The server had an error (injected fault).", type: "server_error"),
                requestID)
        case .unavailable?:
            return Self.failure(
                Failure(status: 503, message: "The server is overloaded (injected fault).", type: "server_error"),
                requestID)
        case .latency?:
            // The work is done first and the answer is late, so a client can die holding a created job.
            let response = await handle(request, requestID)
            try? await Task.sleep(for: faults?.plan.latencyDuration ?? .zero)
            return response
        case .drop?:
            // The request is processed, but the response is cut short: a connection lost on the way back.
            var response = await handle(request, requestID)
            response.closesConnection = true
            response.headers.append(("x-ftsweep-drop", "1"))
            return response
        case nil: return await handle(request, requestID)
        }
    }

    static func failure(_ failure: Failure, _ requestID: String) -> ServerResponse {
        let error = OpenAIWire.ErrorResponse(
            message: failure.message, type: failure.type, param: failure.param, code: failure.code)
        return ServerResponse(
            status: failure.status, headers: [("x-request-id", requestID)],
            body: (try? OpenAIWire.encoder.encode(error)) ?? Data())
    }

    private func handle(_ request: ServerRequest, _ requestID: String) async -> ServerResponse {
        do {
            var response = try await route(request)
            response.headers.append(("x-request-id", requestID))
            return response
        } catch let failure as Failure {
            return Self.failure(failure, requestID)
        } catch {
            // The error's text may name server paths: it is logged, never returned.
            FileHandle.standardError.write(Data("ftsweep-serve: \(requestID): \(error)\n".utf8))
            return Self.failure(.internalError, requestID)
        }
    }

    /// `Authorization: Bearer KEY`; the scheme is case-insensitive (RFC 9110 §11.1), the key is not.
    private func authorize(_ request: ServerRequest) throws {
        guard let key = options.apiKey else { return }
        let header = request.headers["authorization"] ?? ""
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
            Self.constantTimeEqual(Array(parts[1].trimmingCharacters(in: .whitespaces).utf8), Array(key.utf8))
        else {
            throw Failure(status: 401, message: "Incorrect API key provided.", code: "invalid_api_key")
        }
    }

    private func route(_ request: ServerRequest) async throws -> ServerResponse {
        let segments = request.segments
        guard segments.first == "v1" else { throw Failure.unknownRoute(request.method, request.path) }
        // HEAD is GET without the body (RFC 9110 §9.3.2); the adapter drops the body.
        let method = request.method == "HEAD" ? "GET" : request.method
        let path = Array(segments.dropFirst())
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
        if match("GET", "files") != nil { return try listFiles(request) }
        if let id = match("GET", "files/*")?.first { return try json(try fileObject(id)) }
        if let id = match("GET", "files/*/content")?.first { return try await fileContent(id) }
        if let id = match("DELETE", "files/*")?.first { return try deleteFile(id) }
        if match("POST", "fine_tuning/jobs") != nil { return try await createJob(request) }
        if match("GET", "fine_tuning/jobs") != nil { return try await listJobs(request) }
        if let id = match("GET", "fine_tuning/jobs/*")?.first { return try json(try await job(id)) }
        if let id = match("POST", "fine_tuning/jobs/*/cancel")?.first { return try await control(id, "cancel") }
        if let id = match("POST", "fine_tuning/jobs/*/pause")?.first { return try await control(id, "pause") }
        if let id = match("POST", "fine_tuning/jobs/*/resume")?.first { return try await control(id, "resume") }
        if let id = match("GET", "fine_tuning/jobs/*/events")?.first { return try await events(id, request) }
        if let id = match("GET", "fine_tuning/jobs/*/checkpoints")?.first { return try await checkpoints(id, request) }
        if match("GET", "models") != nil {
            return try json(OpenAIWire.List(data: provider.availableModels().map(Self.model), hasMore: false))
        }
        if let id = match("GET", "models/*")?.first { return try json(Self.model(try existingModel(id))) }
        if let id = match("DELETE", "models/*")?.first { return try deleteModel(id) }
        if match("POST", "chat/completions") != nil { return try await chat(request) }
        throw Failure.unknownRoute(request.method, request.path)
    }

    // MARK: Helpers

    func json<T: Encodable>(_ value: T) throws -> ServerResponse {
        ServerResponse(status: 200, body: try OpenAIWire.encoder.encode(value))
    }

    /// Decodes a JSON body after checking its media type; a decoding error names the field, never the raw error.
    func decodeJSON<T: Decodable>(_ type: T.Type, _ request: ServerRequest) throws -> T {
        let mediaType = request.headers["content-type"]?.split(separator: ";").first?.trimmingCharacters(
            in: .whitespaces
        ).lowercased()
        guard mediaType == "application/json" else {
            throw Failure(
                status: 415, message: "Expected Content-Type: application/json.", param: "content-type",
                code: "unsupported_media_type")
        }
        do { return try OpenAIWire.decoder().decode(T.self, from: request.body) } catch let error as DecodingError {
            throw Failure.invalid(Self.field(of: error), "The request body is not valid: \(Self.describe(error)).")
        }
    }

    static func field(of error: DecodingError) -> String {
        let path: [any CodingKey]
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        @unknown default: path = []
        }
        return path.map { $0.intValue.map(String.init) ?? Self.snakeCase($0.stringValue) }.joined(separator: ".")
    }

    static func describe(_ error: DecodingError) -> String {
        let field = field(of: error)
        switch error {
        case .keyNotFound: return "'\(field)' is required"
        case .typeMismatch(let type, _):
            return "'\(field)' must be \(type == String.self ? "a string" : "of type \(type)")"
        case .valueNotFound: return "'\(field)' must not be null"
        case .dataCorrupted: return field.isEmpty ? "not JSON" : "'\(field)' is malformed"
        @unknown default: return "malformed"
        }
    }

    private static func snakeCase(_ key: String) -> String {
        key.reduce(into: "") { $0 += $1.isUppercase ? "_" + $1.lowercased() : String($1) }
    }

    static func hexID(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<count).map { _ in digits[Int(generator.next() % 16)] })
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
