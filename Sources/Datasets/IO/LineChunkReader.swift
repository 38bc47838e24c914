#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A block of whole lines read from a file, with the number of its first line.
struct LineChunk: Sendable {
    var bytes: [UInt8]
    /// The 1-based number of the chunk's first line in the file.
    var firstLine: Int
    /// The byte offset of the chunk in the file.
    var offset: Int

    /// Calls `body` with each line's bytes (without its newline), its number, and whether it opens the file.
    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, _ line: Int, _ isFileStart: Bool) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            var line = firstLine
            while start < buffer.count {
                let end = memchr(buffer.baseAddress! + start, 0x0A, buffer.count - start)
                    .map { UnsafeRawPointer($0) - UnsafeRawPointer(buffer.baseAddress!) } ?? buffer.count
                body(UnsafeBufferPointer(rebasing: buffer[start..<end]), line, offset == 0 && start == 0)
                start = end + 1
                line += 1
            }
        }
    }
}

/// Reads a file in large blocks cut at line ends, so memory stays flat however big the file is. A line
/// longer than `maxLineBytes` stops the read (`/dev/zero` is one line that never ends).
final class LineChunkReader {
    /// The longest line read: twice the largest example OpenAI can accept (10 images of 10 MB each,
    /// base64 in data URLs: about 134 MB) and thousands of times its longest text context.
    static let defaultMaxLineBytes = 256 << 20

    private let path: String
    private let maxLineBytes: Int
    private let descriptor: Int32
    private let block: UnsafeMutableRawBufferPointer
    private var carry: [UInt8] = []
    private var nextLine = 1
    private var nextOffset = 0
    private var finished = false

    init(path: String, blockSize: Int = 4 << 20, maxLineBytes: Int = defaultMaxLineBytes) throws(DatasetError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .unreadable(path: path, reason: "it is a directory")
        }
        self.path = path
        self.maxLineBytes = maxLineBytes
        descriptor = fd
        block = .allocate(byteCount: blockSize, alignment: 64)
    }

    deinit {
        close(descriptor)
        block.deallocate()
    }

    /// The next chunk of whole lines (the last may lack its newline), or nil at the end of the file.
    func next() throws(DatasetError) -> LineChunk? {
        guard !finished else { return nil }
        var buffer = carry
        carry = []
        while true {
            let start = buffer.count
            let count = read(descriptor, block.baseAddress, block.count)
            guard count >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
            if count == 0 {
                finished = true
                return buffer.isEmpty ? nil : try emit(buffer)
            }
            // memchr first: a Swift scan of every block of a very long line is slow in debug builds.
            let hasNewline = block.baseAddress.map { memchr($0, 0x0A, count) != nil } ?? false
            // No line end in the buffer nor the block: all one line, which must not grow without bound.
            if !hasNewline && buffer.count + count > maxLineBytes {
                throw .lineTooLong(path: path, line: nextLine, limit: maxLineBytes)
            }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: block[0..<count]))
            if hasNewline, let lastNewline = buffer[start...].lastIndex(of: 0x0A) {
                carry = Array(buffer[(lastNewline + 1)...])
                buffer.removeSubrange((lastNewline + 1)...)
                return try emit(buffer)
            }
        }
    }

    private func emit(_ bytes: [UInt8]) throws(DatasetError) -> LineChunk {
        let chunk = LineChunk(bytes: bytes, firstLine: nextLine, offset: nextOffset)
        let (lines, longest) = bytes.withUnsafeBufferPointer(Self.scanLines)
        if longest.length > maxLineBytes { throw .lineTooLong(path: path, line: nextLine + longest.index, limit: maxLineBytes) }
        nextLine += lines
        nextOffset += bytes.count
        return chunk
    }

    /// The number of line ends, and the longest line (its 0-based index in the block and its length).
    private static func scanLines(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, longest: (index: Int, length: Int)) {
        guard var cursor = bytes.baseAddress.map(UnsafeRawPointer.init) else { return (0, (0, 0)) }
        let end = cursor + bytes.count
        var lines = 0
        var longest = (index: 0, length: 0)
        while cursor < end {
            let found = memchr(cursor, 0x0A, end - cursor).map { UnsafeRawPointer($0) } ?? end
            if found - cursor > longest.length { longest = (lines, found - cursor) }
            guard found < end else { break }
            lines += 1
            cursor = found + 1
        }
        return (lines, longest)
    }
}
