import Foundation

/// Paths tests share: the repository, its fixtures, scratch folders.
public enum TestPaths {
    /// The repository root, found from this file's location.
    public static let repository: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// A file under `Tests/<target>/Fixtures/`.
    public static func fixture(_ target: String, _ relative: String) -> String {
        "\(repository)/Tests/\(target)/Fixtures/\(relative)"
    }

    /// A new empty folder that lives as long as the test process.
    public static func scratchDirectory(_ label: String = "test") -> String {
        let path = NSTemporaryDirectory() + "ftsweep-\(label)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
