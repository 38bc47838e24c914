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
    private let blockSize: Int
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
        self.blockSize = blockSize
    }

    deinit { close(descriptor) }

    /// The next chunk of whole lines (the last may lack its newline), or nil at the end of the file.
    func next() throws(DatasetError) -> LineChunk? {
        guard !finished else { return nil }
        var buffer = carry
        carry = []
        while true {
            let start = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: blockSize))
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + start, blockSize) }
            guard count >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
            buffer.removeLast(blockSize - count)
            if count == 0 {
                finished = true
                return buffer.isEmpty ? nil : emit(buffer)
            }
            if let lastNewline = buffer[start...].lastIndex(of: 0x0A) {
                carry = Array(buffer[(lastNewline + 1)...])
                buffer.removeSubrange((lastNewline + 1)...)
                return emit(buffer)
            }
        }
    }

    private func emit(_ bytes: [UInt8]) -> LineChunk {
        let chunk = LineChunk(bytes: bytes, firstLine: nextLine, offset: nextOffset)
        nextLine += bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        nextOffset += bytes.count
        return chunk
    }
}
