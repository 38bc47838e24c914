import Foundation
import SweepCore

/// An OpenAI-compatible endpoint: OpenAI, Azure OpenAI (an `api-key` header, an `api-version`
/// query item), another provider, or `ftsweep serve`.
public struct OpenAIEndpoint: Sendable, Equatable {
    public var baseURL: String
    /// The environment variable holding the key (the key itself is never in a spec).
    public var apiKeyEnvironment: String
    /// A file holding the key, readable only by its owner; used instead of the variable when given.
    public var apiKeyFile: String?
    /// The header that carries the key: nil for `Authorization: Bearer`, `api-key` for Azure.
    public var apiKeyHeader: String?
    public var organization: String?
    public var project: String?
    public var headers: [String: String]
    public var query: [String: String]

    public init(baseURL: String = "https://api.openai.com/v1", apiKeyEnvironment: String = "OPENAI_API_KEY", organization: String? = nil,
                project: String? = nil, headers: [String: String] = [:], query: [String: String] = [:]) {
        self.baseURL = baseURL
        self.apiKeyEnvironment = apiKeyEnvironment
        self.apiKeyHeader = nil
        self.organization = organization
        self.project = project
        self.headers = headers
        self.query = query
    }
}

extension OpenAIEndpoint: ProviderFactory {
    public static let kind = "openai"

    static let keys = ["base_url", "api_key_env", "api_key_file", "api_key_header", "organization", "project", "headers", "query"]

    public init(parsing settings: ProviderSettings) throws(SpecError) {
        self.init()
        for (name, value) in try settings.values(allowed: Self.keys) {
            switch name {
            case "base_url": baseURL = try value.string()
            case "api_key_env": apiKeyEnvironment = try value.string()
            case "api_key_file": apiKeyFile = try value.string()
            case "api_key_header": apiKeyHeader = try value.string()
            case "organization": organization = try value.string()
            case "project": project = try value.string()
            case "headers": headers = try value.stringMap()
            default: query = try value.stringMap()
            }
        }
    }

    /// The endpoint is the provider's identity: the same model trained at two endpoints is two results.
    public var key: String { "openai@\(baseURL)" }
    public var parameterSchema: ParameterSchema { .standard }

    /// A hosted API needs its key, except a plan's (which calls nothing) and a key-less endpoint
    /// other than OpenAI's own (`ftsweep serve`, a local gateway).
    public func makeProvider(_ context: ProviderContext) throws(ProviderSetupError) -> any FineTuningProvider {
        let key = try apiKey(specFolder: context.specFolder)
        if key == nil, context.requiringKey, baseURL.hasPrefix("https://api.openai.com") {
            throw .noAPIKey(variable: apiKeyEnvironment)
        }
        return OpenAIProvider(configuration: .init(
            baseURL: baseURL, apiKey: key, apiKeyHeader: apiKeyHeader, organization: organization, project: project,
            headers: headers, query: query))
    }

    /// The key from `api_key_file` (relative to the spec) when given, else from the variable. Only the
    /// key's source is ever named in messages, never the key.
    func apiKey(specFolder: String) throws(ProviderSetupError) -> String? {
        if let file = apiKeyFile {
            let path = file.hasPrefix("/") ? file : file.hasPrefix("~/") ? NSHomeDirectory() + file.dropFirst(1) : "\(specFolder)/\(file)"
            do { return try APIKeyFile.read(path) } catch { throw .keyFile(error) }
        }
        return ProcessInfo.processInfo.environment[apiKeyEnvironment].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static func configuration(forLedgerKey key: String) -> OpenAIEndpoint? {
        key.hasPrefix("openai@") ? OpenAIEndpoint(baseURL: String(key.dropFirst("openai@".count))) : nil
    }

    public static func configuration(forTarget text: String) -> OpenAIEndpoint? {
        text.hasPrefix("http://") || text.hasPrefix("https://") ? OpenAIEndpoint(baseURL: text) : nil
    }
}
