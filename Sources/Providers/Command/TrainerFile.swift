#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file a trainer wrote, read as untrusted input: opened without blocking (a FIFO in its place never
/// hangs the launcher), refused unless it is a regular file, and read in slices of bounded size.
final class TrainerFile {
    let path: String
    private let descriptor: Int32
    /// The file's size when it was opened.
    let size: Int

    /// Opens `path`; nil when there is no such file. Anything but a regular file is `badTrainerOutput`.
    init?(path: String) throws(ProviderError) {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw .badTrainerOutput(file: path, line: nil, field: nil, expected: "cannot read it: \(String(cString: strerror(errno)))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            let kind = Self.kind(info.st_mode & S_IFMT)
            close(fd)
            throw .badTrainerOutput(file: path, line: nil, field: nil, expected: "expected a regular file, found \(kind)")
        }
        self.path = path
        descriptor = fd
        size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    func read(at offset: Int, count: Int) throws(ProviderError) -> [UInt8] {
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                buffer.baseAddress.map { pread(descriptor, $0 + filled, count - filled, off_t(offset + filled)) } ?? 0
            }
            if got < 0 && errno == EINTR { continue }
            guard got >= 0 else {
                throw .badTrainerOutput(file: path, line: nil, field: nil, expected: "cannot read it: \(String(cString: strerror(errno)))")
            }
            if got == 0 { break }
            filled += got
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// The whole file, when it is at most `limit` bytes: for the small files a trainer leaves
    /// (`model.json`, `trainer_state.json`, `results.csv`). Nil when there is no such file.
    static func contents(of path: String, limit: Int = 64 << 20) throws(ProviderError) -> [UInt8]? {
        guard let file = try TrainerFile(path: path) else { return nil }
        guard file.size <= limit else {
            throw .badTrainerOutput(file: path, line: nil, field: nil, expected: "expected at most \(limit >> 20) MiB, found \(file.size) bytes")
        }
        return try file.read(at: 0, count: file.size)
    }

    private static func kind(_ type: mode_t) -> String {
        switch type {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a named pipe"
        case S_IFSOCK: "a socket"
        case S_IFCHR, S_IFBLK: "a device"
        default: "something that is not a file"
        }
    }
}
