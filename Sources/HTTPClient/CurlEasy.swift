import CCurl
import Foundation

/// One libcurl easy handle. Blocking; not `Sendable`: used on one thread at a time.
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer

    /// Why libcurl could not be loaded, or nil once it is loaded and initialised (at the first request).
    private static let loadFailure: String? = {
        if let failure = ftsweep_curl_load() { return String(cString: failure) }
        ftsweep_curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return nil
    }()

    init() throws(HTTPError) {
        if let failure = Self.loadFailure { throw .library(failure) }
        handle = ftsweep_curl_easy_init()
    }

    deinit { ftsweep_curl_easy_cleanup(handle) }

    func perform(_ request: HTTPRequest) throws(HTTPError) -> HTTPResponse {
        ftsweep_curl_easy_reset(handle)
        let sink = ResponseSink()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { ftsweep_curl_slist_free_all(headerList) }
        for header in request.headers { headerList = ftsweep_curl_slist_append(headerList, "\(header.name): \(header.value)") }
        ftsweep_curl_setopt_string(handle, CURLOPT_URL, request.url)
        ftsweep_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        ftsweep_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        ftsweep_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT, request.connectTimeout)
        ftsweep_curl_setopt_long(handle, CURLOPT_TIMEOUT, request.totalTimeout)
        ftsweep_curl_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        ftsweep_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        ftsweep_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList.map(UnsafeMutableRawPointer.init))
        let context = Unmanaged.passUnretained(sink).toOpaque()
        ftsweep_curl_setopt_callback(handle, CURLOPT_WRITEFUNCTION, writeBody)
        ftsweep_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
        ftsweep_curl_setopt_callback(handle, CURLOPT_HEADERFUNCTION, writeHeader)
        ftsweep_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
        var mime: OpaquePointer?
        defer { ftsweep_curl_mime_free(mime) }
        if let parts = request.multipart {
            mime = ftsweep_curl_mime_init(handle)
            for part in parts {
                let piece = ftsweep_curl_mime_addpart(mime)
                switch part {
                case let .field(name, value):
                    ftsweep_curl_mime_name(piece, name)
                    ftsweep_curl_mime_data(piece, value, value.utf8.count)
                case let .file(name, path, filename, contentType):
                    ftsweep_curl_mime_name(piece, name)
                    ftsweep_curl_mime_filedata(piece, path)  // read from disk as it is sent
                    ftsweep_curl_mime_filename(piece, filename)
                    ftsweep_curl_mime_type(piece, contentType)
                }
            }
            ftsweep_curl_setopt_pointer(handle, CURLOPT_MIMEPOST, UnsafeMutableRawPointer(mime))
        }
        let status: CURLcode = withExtendedLifetime(sink) {
            if let body = request.body {
                return body.withUnsafeBytes { bytes in
                    ftsweep_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, bytes.count)
                    ftsweep_curl_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
                    return ftsweep_curl_easy_perform(handle)
                }
            }
            return ftsweep_curl_easy_perform(handle)
        }
        guard status == CURLE_OK else {
            throw .transport(code: Int32(status.rawValue), message: String(cString: ftsweep_curl_easy_strerror(status)), url: request.url)
        }
        var code = 0
        ftsweep_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return HTTPResponse(status: code, headers: sink.headers, body: sink.body)
    }
}

/// Collects the body and headers as libcurl delivers them.
private final class ResponseSink {
    var body: [UInt8] = []
    var headers: [String: String] = [:]
}

private let writeBody: ftsweep_curl_data_callback = { pointer, size, count, context in
    let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
    sink.body.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: size * count))
    return size * count
}

private let writeHeader: ftsweep_curl_data_callback = { pointer, size, count, context in
    let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
    let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: size * count), as: UTF8.self)
    if line.hasPrefix("HTTP/") { sink.headers = [:] }  // a new response after a redirect or 100-continue
    if let colon = line.firstIndex(of: ":") {
        let name = line[..<colon].lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        sink.headers[name] = value
    }
    return size * count
}
