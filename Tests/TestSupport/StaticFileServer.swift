import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 server on 127.0.0.1 that answers GETs from a fixed set of files, for tests
/// that exercise real HTTP (the rank-file download) without the network. One connection at a time.
public final class StaticFileServer: @unchecked Sendable {
    // @unchecked Sendable: `files` is immutable; the socket is used by the accept thread, then closed by `stop`.
    public let port: UInt16
    private let socketDescriptor: Int32
    private let files: [String: [UInt8]]

    /// Listens on an ephemeral loopback port and serves `files` (path → body) until `stop`.
    public init(files: [String: [UInt8]]) throws {
        self.files = files
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        socketDescriptor = descriptor
        Thread.detachNewThread { [self] in serve() }
    }

    /// Wakes the accept loop, which then closes the socket itself: closing it here could hand its
    /// descriptor number to another server while the old loop still accepts on it.
    public func stop() {
        shutdown(socketDescriptor, Int32(SHUT_RDWR))
    }

    private func serve() {
        while true {
            let client = accept(socketDescriptor, nil, nil)
            guard client >= 0 else {
                close(socketDescriptor)
                return
            }
            var request = [UInt8](repeating: 0, count: 8192)
            let count = read(client, &request, request.count)
            let line = String(decoding: request.prefix(max(0, count)), as: UTF8.self).split(separator: "\r\n").first ?? ""
            let path = line.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
            let body = files[path]
            var response = Array("HTTP/1.1 \(body == nil ? "404 Not Found" : "200 OK")\r\nContent-Length: \(body?.count ?? 0)\r\nConnection: close\r\n\r\n".utf8)
            response += body ?? []
            _ = response.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            close(client)
        }
    }
}
