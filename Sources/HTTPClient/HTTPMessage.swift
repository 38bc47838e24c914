/// An HTTP request to send through libcurl.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// A multipart/form-data body; file parts stream from disk, never loaded whole.
    public var multipart: [MultipartPart]?
    /// Seconds to wait for the connection, and for the whole exchange.
    public var connectTimeout: Int
    public var totalTimeout: Int

    public init(
        method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil,
        connectTimeout: Int = 10, totalTimeout: Int = 120
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.multipart = nil
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
    }
}

/// A response: status, headers (names lower-cased) and body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// Why an exchange failed before a response arrived.
public enum HTTPError: Error, Equatable, Sendable, CustomStringConvertible {
    case transport(code: Int32, message: String, url: String)
    /// libcurl could not be loaded.
    case library(String)

    public var description: String {
        switch self {
        case let .transport(code, message, url): "\(url): \(message) (curl error \(code))"
        case let .library(reason): reason
        }
    }
}

/// One part of a multipart/form-data body.
public enum MultipartPart: Sendable {
    case field(name: String, value: String)
    case file(name: String, path: String, filename: String, contentType: String)
}
