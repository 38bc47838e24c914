import Foundation
import HTTPClient
import SweepCore

/// An error response from an OpenAI-compatible endpoint, worded for people; never holds the key.
public struct OpenAIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// nil when no response came back at all.
    public var status: Int?
    public var code: String?
    public var message: String
    public var requestID: String?
    public var retryAfter: Duration?

    public var isRetryable: Bool { RetryPolicy.isRetryable(status: status) }

    /// The error with any echo of the key taken out of the server's message.
    func redacting(_ key: String?) -> OpenAIError {
        guard let key, !key.isEmpty else { return self }
        var copy = self
        copy.message = message.replacingOccurrences(of: key, with: "[redacted]")
        return copy
    }

    public var description: String {
        let id = requestID.map { " (request \($0))" } ?? ""
        switch (status, code) {
        case (401?, _): return "the API key was refused (401)\(id); check the key that provider.api_key_env or provider.api_key_file names"
        case (403?, "training_not_available"?):
            return "OpenAI no longer creates fine-tuning jobs for this organisation (self-serve fine-tuning winds down; no new jobs from 2027-01-06)\(id). Use provider: local, another OpenAI-compatible endpoint, or run `ftsweep serve` and point base_url at it."
        case (429?, "daily_rate_limit_exceeded"?): return "the daily fine-tuning job limit is reached (429)\(id): \(message) Launches stop; `ftsweep sweep launch` again tomorrow picks up where this stopped."
        case let (code?, _): return "HTTP \(code)\(id): \(message)"
        case (nil, _): return "no response: \(message)"
        }
    }
}

extension OpenAIProvider {
    func send<T: Decodable>(_ method: String, _ path: String, query: [String: String] = [:], json: (any Encodable & Sendable)? = nil,
                            multipart: [MultipartPart]? = nil, retrying: Bool = true) async throws -> T {
        let response = try await sendRaw(method, path, query: query, json: json, multipart: multipart, retrying: retrying)
        do {
            return try OpenAIWire.decoder().decode(T.self, from: Data(response.body))
        } catch {
            throw OpenAIError(status: response.status, code: nil, message: "unexpected response body for \(method) /\(path)", requestID: response.headers["x-request-id"])
        }
    }

    /// A call that answers with a job.
    func sendJob(_ method: String, _ path: String, json: (any Encodable & Sendable)? = nil, retrying: Bool = true) async throws -> JobSnapshot {
        JobSnapshot(try await send(method, path, json: json, retrying: retrying) as OpenAIWire.Job)
    }

    func sendRaw(_ method: String, _ path: String, query: [String: String] = [:], json: (any Encodable & Sendable)? = nil,
                 multipart: [MultipartPart]? = nil, retrying: Bool = true) async throws -> HTTPResponse {
        var request = HTTPRequest(method: method, url: url(path, query: query), headers: headers(json: json != nil))
        if let json { request.body = [UInt8](try OpenAIWire.encoder.encode(json)) }
        request.multipart = multipart
        var attempt = 0
        while true {
            let failure: OpenAIError
            do {
                let response = try await client.send(request)
                if response.isSuccess { return response }
                failure = Self.error(from: response).redacting(configuration.apiKey)
            } catch let error as HTTPError {
                failure = OpenAIError(status: nil, code: nil, message: error.description, requestID: nil)
            }
            guard retrying, failure.isRetryable, attempt + 1 < retry.maxAttempts else { throw failure }
            try await sleeper.sleep(for: retry.delay(attempt: attempt, retryAfter: failure.retryAfter))
            attempt += 1
        }
    }

    private func url(_ path: String, query: [String: String]) -> String {
        var components = URLComponents(string: "\(configuration.baseURL)/\(path)")
        let items = query.merging(configuration.query) { $1 }.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        if !items.isEmpty { components?.queryItems = items }
        return components?.string ?? "\(configuration.baseURL)/\(path)"
    }

    private func headers(json: Bool) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        if let key = configuration.apiKey {
            headers.append(configuration.apiKeyHeader.map { ($0, key) } ?? ("Authorization", "Bearer \(key)"))
        }
        if let organization = configuration.organization { headers.append(("OpenAI-Organization", organization)) }
        if let project = configuration.project { headers.append(("OpenAI-Project", project)) }
        if json { headers.append(("Content-Type", "application/json")) }
        headers += configuration.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return headers
    }

    static func error(from response: HTTPResponse) -> OpenAIError {
        let body = try? OpenAIWire.decoder().decode(OpenAIWire.ErrorResponse.self, from: Data(response.body))
        return OpenAIError(
            status: response.status, code: body?.error.code,
            message: body?.error.message ?? String(decoding: response.body.prefix(200), as: UTF8.self),
            requestID: response.headers["x-request-id"], retryAfter: RetryPolicy.retryAfter(response.headers))
    }
}

extension OpenAIError: TransientFailure {
    public var isTransient: Bool { isRetryable }
    public var stopsLaunching: Bool {
        (status == 429 && code == "daily_rate_limit_exceeded") || refusesForGood
    }
    public var refusesForGood: Bool { status == 403 && code == "training_not_available" }
}
