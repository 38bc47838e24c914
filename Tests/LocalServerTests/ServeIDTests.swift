import Foundation
import TestSupport
import Testing

/// Issue 16, item 1: ids from requests never reach the filesystem as paths.
@Suite(.serialized) struct ServeIDTests {
    @Test(arguments: ["..%00", "%00", "..", "..%2F..%2Ffiles", "ft:local-small:local::..%00"])
    func modelDeletionWithAPathLikeIDTouchesNothing(_ id: String) throws {
        let server = try ServeProcess()
        defer { server.stop() }
        _ = try uploadTriage(server)
        let local = "\(server.folder)/local"
        try FileManager.default.createDirectory(atPath: "\(local)/models", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: "\(local)/models/keep.txt", contents: Data("keep".utf8))
        let answer = try call(server, "DELETE", "models/\(id)")
        #expect(answer.status == 404)
        #expect(FileManager.default.fileExists(atPath: "\(local)/models/keep.txt"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(local)/files").count == 2)
    }

    @Test func aValidationFileThatIsAPathIsRefusedWithoutShowingServerPaths() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        let outside = "\(server.folder)/outside.txt"
        FileManager.default.createFile(atPath: outside, contents: Data(repeating: 65, count: 100))
        let file = try uploadTriage(server)
        for candidate in ["../../../outside.txt\\u0000", "../../outside", outside, "file-result-x", "file-0000"] {
            let answer = try call(
                server, "POST", "fine_tuning/jobs",
                json: #"{"model":"local-small","training_file":"\#(file)","validation_file":"\#(candidate)"}"#)
            #expect(answer.status == 400, "\(candidate)")
            #expect((answer.json["error"] as? [String: Any])?["param"] as? String == "validation_file")
            #expect(!answer.text.contains(server.folder) && !answer.text.contains(NSTemporaryDirectory()))
        }
    }

    @Test func errorBodiesNeverShowServerPaths() throws {
        let server = try ServeProcess()
        defer { server.stop() }
        for (method, path) in [
            ("GET", "files/..%2F..%2Fetc%2Fpasswd"), ("GET", "fine_tuning/jobs/..%2F..%2Fledger.sqlite"),
            ("GET", "files/file-result-..%2F..%2Fx/content"), ("GET", "models/%2Fetc%2Fpasswd"),
        ] {
            let answer = try call(server, method, path)
            #expect(answer.status == 404, "\(path)")
            #expect(!answer.text.contains(server.folder), "\(answer.text)")
        }
    }
}
