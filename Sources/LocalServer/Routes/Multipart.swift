import Foundation

/// A parsed multipart/form-data body (RFC 7578): named parts, with the filename of file parts.
struct Multipart {
    struct Part {
        var name: String
        var filename: String?
        var data: Data
    }

    var parts: [Part] = []

    init?(contentType: String, body: Data) {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundaryRange = contentType.range(of: "boundary=")
        else { return nil }
        var boundary = String(contentType[boundaryRange.upperBound...])
        if let semicolon = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semicolon]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        let delimiter = Data("--\(boundary)".utf8)
        var cursor = body.startIndex
        guard let first = body.range(of: delimiter, in: cursor..<body.endIndex) else { return nil }
        cursor = first.upperBound
        let headerEnd = Data("\r\n\r\n".utf8)
        while true {
            // After a delimiter: "--" ends the body; otherwise CRLF, headers, blank line, content.
            if body[cursor...].starts(with: Data("--".utf8)) { break }
            guard let headersRange = body.range(of: headerEnd, in: cursor..<body.endIndex),
                let next = body.range(of: Data("\r\n".utf8) + delimiter, in: headersRange.upperBound..<body.endIndex)
            else { return nil }
            let headers = String(decoding: body[cursor..<headersRange.lowerBound], as: UTF8.self)
            guard let name = Self.attribute("name", in: headers) else { return nil }
            parts.append(
                Part(
                    name: name, filename: Self.attribute("filename", in: headers),
                    data: Data(body[headersRange.upperBound..<next.lowerBound])))
            cursor = next.upperBound
        }
    }

    private static func attribute(_ key: String, in headers: String) -> String? {
        guard let range = headers.range(of: "\(key)=\"") else { return nil }
        let rest = headers[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
