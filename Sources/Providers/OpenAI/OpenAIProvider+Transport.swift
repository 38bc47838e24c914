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

/// A JSON request body.
indirect enum JSONBody: Encodable, Sendable {
    case string(String), int(Int), number(Double), bool(Bool), null
    case array([JSONBody]), object([String: JSONBody])

    init(_ value: ParamValue) {
        switch value.normalized {
        case .int(let number): self = .int(number)
        case .number(let number): self = .number(number)
        case .string(let text): self = .string(text)
        case .auto: self = .string("auto")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let values): try container.encode(values)
        case .object(let members): try container.encode(members)
        }
    }
}

struct Page<Item: Decodable & Sendable>: Decodable, Sendable {
    var data: [Item]
    var hasMore: Bool

    enum CodingKeys: String, CodingKey { case data, hasMore }
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        data = try container.decode([Item].self, forKey: .data)
        hasMore = try container.decodeIfPresent(Bool.self, forKey: .hasMore) ?? false
    }
}

struct UploadedFile: Decodable, Sendable { var id: String }
struct WireModel: Decodable, Sendable { var id: String }
struct WireCheckpoint: Decodable, Sendable {
    var id: String
    var stepNumber: Int
    var fineTunedModelCheckpoint: String
    var metrics: [String: Double]?
}
struct WireChat: Decodable, Sendable {
    struct Choice: Decodable, Sendable { var message: ChatMessage }
    var choices: [Choice]
}
private struct WireError: Decodable {
    struct Body: Decodable {
        var message: String?
        var code: String?
    }
    var error: Body
}

extension OpenAIProvider {
    func send<T: Decodable>(_ method: String, _ path: String, query: [String: String] = [:], json: JSONBody? = nil,
                            multipart: [MultipartPart]? = nil, retrying: Bool = true) async throws -> T {
        let response = try await sendRaw(method, path, query: query, json: json, multipart: multipart, retrying: retrying)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: Data(response.body))
        } catch {
            throw OpenAIError(status: response.status, code: nil, message: "unexpected response body for \(method) /\(path)", requestID: response.headers["x-request-id"])
        }
    }

    func sendRaw(_ method: String, _ path: String, query: [String: String] = [:], json: JSONBody? = nil,
                 multipart: [MultipartPart]? = nil, retrying: Bool = true) async throws -> HTTPResponse {
        var request = HTTPRequest(method: method, url: url(path, query: query), headers: headers(json: json != nil))
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            request.body = [UInt8](try encoder.encode(json))
        }
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
        let body = try? JSONDecoder().decode(WireError.self, from: Data(response.body))
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
