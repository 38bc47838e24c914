import Foundation
import SweepCore

/// Deterministic benchmark inputs, built from the demo datasets so the text is realistic.
enum Workloads {
    /// A chat JSONL file of about `megabytes` MB: demo examples with seeded word substitutions.
    static func writeJSONL(path: String, megabytes: Int) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var seeds: [String] = []
        for set in ["ad-checker", "triage"] {
            let text = try String(contentsOf: root.appendingPathComponent("experiments/data/\(set)/train.jsonl"), encoding: .utf8)
            seeds += text.split(separator: "\n").map(String.init)
        }
        let words = ["quickly", "today", "again", "please", "customer", "account", "order", "team", "update", "review"]
        var generator = SplitMix64(seed: 20_261_121)
        let target = megabytes * 1_000_000
        var written = 0
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var buffer = ""
        while written < target {
            let seed = seeds[Int(generator.next() % UInt64(seeds.count))]
            let word = words[Int(generator.next() % UInt64(words.count))]
            // Vary the user text so lines are distinct, as real data is.
            let line = seed.replacingOccurrences(of: "\"role\":\"user\",\"content\":\"", with: "\"role\":\"user\",\"content\":\"(\(generator.next() % 100_000) \(word)) ")
            buffer += line + "\n"
            if buffer.utf8.count > 1 << 20 {
                written += buffer.utf8.count
                handle.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        handle.write(Data(buffer.utf8))
    }

    /// The message contents of a JSONL file as plain text, about `megabytes` MB.
    static func writeText(fromJSONL path: String, to output: String, megabytes: Int) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var text = ""
        for line in data.split(separator: UInt8(ascii: "\n")) {
            guard let object = try JSONSerialization.jsonObject(with: line) as? [String: Any],
                let messages = object["messages"] as? [[String: Any]]
            else { continue }
            for message in messages { text += (message["content"] as? String ?? "") + "\n" }
            if text.utf8.count >= megabytes * 1_000_000 { break }
        }
        try text.write(toFile: output, atomically: true, encoding: .utf8)
    }
}
