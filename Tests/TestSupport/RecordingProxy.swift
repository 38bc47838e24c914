import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 proxy on 127.0.0.1 in front of a real server (`ftsweep serve`): it records each request
/// as "METHOD /path", and answers the requests `fault` picks itself, for a refusal the server cannot
/// inject (403 `training_not_available`). One request per connection (`Connection: close` both ways).
public final class RecordingProxy: @unchecked Sendable {
    // @unchecked Sendable: `recorded` is guarded by `lock`; the rest is immutable after `init`.
    public let port: UInt16
    private let upstream: UInt16
    private let listener: Int32
    private let fault: @Sendable (String) -> (status: Int, body: String)?
    private let lock = NSLock()
    private var recorded: [String] = []

    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Every request so far, as "METHOD /path" (no query), in arrival order.
    public var requests: [String] { lock.withLock { recorded } }

    public init(upstream: UInt16, fault: @escaping @Sendable (String) -> (status: Int, body: String)? = { _ in nil }) throws {
        self.upstream = upstream
        self.fault = fault
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        listener = descriptor
        Thread.detachNewThread { [self] in accept() }
    }

    /// Wakes the accept loop, which then closes the socket itself.
    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private func accept() {
        while true {
            let client = Glibc.accept(listener, nil, nil)
            guard client >= 0 else {
                close(listener)
                return
            }
            Thread.detachNewThread { [self] in
                handle(client)
                close(client)
            }
        }
    }

    private func handle(_ client: Int32) {
        var buffer: [UInt8] = []
        guard let headEnd = Self.read(client, into: &buffer, until: Array("\r\n\r\n".utf8)) else { return }
        var lines = String(decoding: buffer[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return }
        let request = "\(requestLine[0]) \(requestLine[1].split(separator: "?")[0])"
        lock.withLock { recorded.append(request) }
        func header(_ name: String) -> String? {
            lines.first { $0.lowercased().hasPrefix(name + ":") }.map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
        if header("expect")?.lowercased() == "100-continue" { Self.write(client, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) }
        var body = Array(buffer[(headEnd + 4)...])
        if let length = header("content-length").flatMap(Int.init) {
            while body.count < length, Self.readSome(client, into: &body) {}
        } else if header("transfer-encoding")?.lowercased() == "chunked" {
            while !body.ends(with: Array("0\r\n\r\n".utf8)), Self.readSome(client, into: &body) {}
        }
        if let answer = fault(request) {
            let bytes = Array(answer.body.utf8)
            Self.write(client, Array("HTTP/1.1 \(answer.status) Injected\r\nContent-Type: application/json\r\nContent-Length: \(bytes.count)\r\nConnection: close\r\n\r\n".utf8) + bytes)
            return
        }
        let kept = lines.filter { !["expect:", "connection:"].contains(where: $0.lowercased().hasPrefix) }
        let head = ([requestLine.joined(separator: " ")] + kept + ["Connection: close", "", ""]).joined(separator: "\r\n")
        let server = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(server) }
        var address = Self.loopback(port: upstream)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(server, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return }
        Self.write(server, Array(head.utf8) + body)
        var response: [UInt8] = []
        guard let responseHeadEnd = Self.read(server, into: &response, until: Array("\r\n\r\n".utf8)) else { return }
        let responseLines = String(decoding: response[..<responseHeadEnd], as: UTF8.self).components(separatedBy: "\r\n")
        var responseBody = Array(response[(responseHeadEnd + 4)...])
        let length = responseLines.first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst(15).trimmingCharacters(in: .whitespaces)) }
        while length.map({ responseBody.count < $0 }) ?? true, Self.readSome(server, into: &responseBody) {}
        let responseHead = (responseLines.filter { !$0.lowercased().hasPrefix("connection:") } + ["Connection: close", "", ""]).joined(separator: "\r\n")
        Self.write(client, Array(responseHead.utf8) + responseBody)
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return address
    }

    /// Reads until `pattern` appears; returns its offset, or nil when the peer closed first.
    private static func read(_ descriptor: Int32, into buffer: inout [UInt8], until pattern: [UInt8]) -> Int? {
        while true {
            if let found = buffer.firstRange(of: pattern) { return found.lowerBound }
            guard readSome(descriptor, into: &buffer) else { return nil }
        }
    }

    private static func readSome(_ descriptor: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = Glibc.read(descriptor, &chunk, chunk.count)
        guard count > 0 else { return false }
        buffer += chunk[..<count]
        return true
    }

    private static func write(_ descriptor: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            offset += written
        }
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
