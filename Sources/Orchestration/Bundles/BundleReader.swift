#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a bundle line by line, holding one block and the line being assembled, never the file.
public final class BundleReader {
    public let path: String
    /// The file's size, when it is a regular file (for progress).
    public let size: Int?
    /// Bytes handed out so far, newlines included.
    public private(set) var consumed = 0
    private let descriptor: Int32
    private let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanned = 0
    private var finished = false
    private var lineNumber = 0

    public init(path: String) throws(RunBundle.Failure) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            block.deallocate()
            throw RunBundle.Failure(line: 0, message: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            block.deallocate()
            throw RunBundle.Failure(line: 0, message: "cannot read the file (it is a directory)")
        }
        self.path = path
        descriptor = fd
        size = (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
    }

    deinit {
        close(descriptor)
        block.deallocate()
    }

    /// The next line without its newline, with its 1-based number; nil at the end of the file.
    public func next() throws(RunBundle.Failure) -> (number: Int, bytes: [UInt8])? {
        while true {
            if let newline = newline(from: scanned) { return take(upTo: newline, skipping: 1) }
            scanned = buffer.count
            if finished { return start < buffer.count ? take(upTo: buffer.count, skipping: 0) : nil }
            try fill()
        }
    }

    /// The index of the first newline at or after `offset` (memchr: a long line is scanned at memory speed).
    private func newline(from offset: Int) -> Int? {
        buffer.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress, offset < bytes.count,
                  let found = memchr(base + offset, 0x0A, bytes.count - offset) else { return nil }
            return UnsafeRawPointer(found) - base
        }
    }

    private func take(upTo end: Int, skipping: Int) -> (number: Int, bytes: [UInt8]) {
        let line = Array(buffer[start..<end])
        consumed += line.count + skipping
        start = end + skipping
        scanned = start
        lineNumber += 1
        return (lineNumber, line)
    }

    private func fill() throws(RunBundle.Failure) {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            scanned -= start
            start = 0
        }
        let count = read(descriptor, block.baseAddress, block.count)
        guard count >= 0 else {
            throw RunBundle.Failure(line: lineNumber + 1, message: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        if count == 0 { finished = true }
        buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: block[0..<count]))
    }
}
