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
    private var buffer: [UInt8] = []
    private var start = 0
    private var scanned = 0
    private var finished = false
    private var lineNumber = 0

    public init(path: String) throws(RunBundle.Failure) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw RunBundle.Failure(line: 0, message: "cannot read the file (\(String(cString: strerror(errno))))") }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw RunBundle.Failure(line: 0, message: "cannot read the file (it is a directory)")
        }
        self.path = path
        descriptor = fd
        size = (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
    }

    deinit { close(descriptor) }

    /// The next line without its newline, with its 1-based number; nil at the end of the file.
    public func next() throws(RunBundle.Failure) -> (number: Int, bytes: [UInt8])? {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                return take(upTo: newline, skipping: 1)
            }
            scanned = buffer.count
            if finished { return start < buffer.count ? take(upTo: buffer.count, skipping: 0) : nil }
            try fill()
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
            buffer.removeFirst(start)
            scanned -= start
            start = 0
        }
        let block = 1 << 20
        let old = buffer.count
        buffer.reserveCapacity(old + block)
        buffer.append(contentsOf: repeatElement(0, count: block))
        let descriptor = descriptor
        let count = buffer.withUnsafeMutableBytes { raw in raw.baseAddress.map { read(descriptor, $0 + old, block) } ?? 0 }
        guard count >= 0 else {
            buffer.removeLast(block)
            throw RunBundle.Failure(line: lineNumber + 1, message: "cannot read the file (\(String(cString: strerror(errno))))")
        }
        buffer.removeLast(block - count)
        if count == 0 { finished = true }
    }
}
