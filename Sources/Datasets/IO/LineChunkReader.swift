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
}

/// Reads a file in large blocks cut at line ends, so memory stays flat however big the file is.
final class LineChunkReader {
    private let path: String
    private let descriptor: Int32
    private let block: UnsafeMutableRawBufferPointer
    private var carry: [UInt8] = []
    private var nextLine = 1
    private var nextOffset = 0
    private var finished = false

    init(path: String, blockSize: Int = 4 << 20) throws(DatasetError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .unreadable(path: path, reason: "it is a directory")
        }
        self.path = path
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
                return buffer.isEmpty ? nil : emit(buffer)
            }
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: block[0..<count]))
            if let lastNewline = buffer[start...].lastIndex(of: 0x0A) {
                carry = Array(buffer[(lastNewline + 1)...])
                buffer.removeSubrange((lastNewline + 1)...)
                return emit(buffer)
            }
        }
    }

    private func emit(_ bytes: [UInt8]) -> LineChunk {
        let chunk = LineChunk(bytes: bytes, firstLine: nextLine, offset: nextOffset)
        nextLine += bytes.withUnsafeBufferPointer(Self.countNewlines)
        nextOffset += bytes.count
        return chunk
    }

    private static func countNewlines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard var cursor = bytes.baseAddress.map(UnsafeRawPointer.init) else { return 0 }
        let end = cursor + bytes.count
        var lines = 0
        while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
            lines += 1
            cursor = UnsafeRawPointer(found) + 1
        }
        return lines
    }
}
