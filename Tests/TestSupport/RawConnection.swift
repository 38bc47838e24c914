import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain TCP connection to a test server, for what an HTTP client library will not send: huge or
/// half-sent headers, short bodies, idle sockets, many requests on one connection.
public final class RawConnection {
    public let descriptor: Int32

    /// Connects to `host` (IPv4 or IPv6 literal) on `port`; reads give up after `readTimeout` seconds.
    public init(host: String = "127.0.0.1", port: UInt16, readTimeout: Int = 10) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICHOST
        var info: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &info) == 0, let address = info else { throw POSIXError(.EINVAL) }
        defer { freeaddrinfo(info) }
        descriptor = socket(address.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var timeout = timeval(tv_sec: readTimeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        guard connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else {
            let code = errno
            close(descriptor)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .ECONNREFUSED)
        }
    }

    deinit { close(descriptor) }

    /// Sends all of `bytes`; false when the peer has closed (EPIPE or a reset).
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent <= 0 { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    public func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// What arrives until the peer closes or the read timeout passes.
    public func readToEnd() -> [UInt8] {
        var data: [UInt8] = []
        while let chunk = readChunk(), !chunk.isEmpty { data += chunk }
        return data
    }

    /// One read: nil on timeout or error, empty at end of stream.
    public func readChunk() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        return count < 0 ? nil : Array(buffer.prefix(count))
    }

    /// One whole response with a Content-Length body (keep-alive): status, lower-case headers, body.
    public func readResponse() -> (status: Int, headers: [String: String], body: [UInt8])? {
        var data: [UInt8] = []
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        while true {
            if let end = data.firstRange(of: separator) {
                let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
                var headers: [String: String] = [:]
                for line in head.dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                        in: .whitespaces)
                }
                let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
                let length = Int(headers["content-length"] ?? "0") ?? 0
                while data.count - end.upperBound < length {
                    guard let chunk = readChunk(), !chunk.isEmpty else { return nil }
                    data += chunk
                }
                return (status, headers, Array(data[end.upperBound..<(end.upperBound + length)]))
            }
            guard let chunk = readChunk(), !chunk.isEmpty else { return nil }
            data += chunk
        }
    }
}
