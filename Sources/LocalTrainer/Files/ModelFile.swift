import Foundation

/// The on-disk form of a local model: a versioned header line, a JSON line with the shape and a
/// checksum of the weights, then the weights as little-endian float32.
public enum ModelFile {
    static let magic = "FTSWEEP-LOCAL-MODEL 1"

    private struct Header: Codable {
        var name: String
        var base: LocalBaseModel
        var payloadBytes: Int
        /// FNV-1a 64 of the payload, in hex.
        var checksum: String
    }

    public static func save(_ model: LocalModel, to path: String) throws {
        let network = model.network
        var payload = Data()
        for array in [network.inputWeights, network.hiddenBias, network.outputWeights, network.outputBias] {
            array.withUnsafeBufferPointer { payload.append(UnsafeBufferPointer(start: $0.baseAddress, count: $0.count)) }
        }
        let header = Header(name: model.name, base: model.base, payloadBytes: payload.count, checksum: checksum(payload))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var file = Data("\(magic)\n".utf8)
        file.append(try encoder.encode(header))
        file.append(Data("\n".utf8))
        file.append(payload)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try file.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    public static func load(_ path: String) throws(TrainerError) -> LocalModel {
        guard let data = FileManager.default.contents(atPath: path) else { throw .corruptModel(path: path, reason: "cannot read it") }
        let lines = data.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count == 3, String(decoding: lines[0], as: UTF8.self) == magic else {
            throw .corruptModel(path: path, reason: "unknown header; expected \(magic)")
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(lines[1])) else {
            throw .corruptModel(path: path, reason: "unreadable metadata")
        }
        let payload = Data(lines[2])
        guard payload.count == header.payloadBytes, checksum(payload) == header.checksum else {
            throw .corruptModel(path: path, reason: "checksum mismatch: the file is damaged")
        }
        let hidden = header.base.hiddenSize
        let sizes = [header.base.featureRows * hidden, hidden, Network.outputs * hidden, Network.outputs]
        guard sizes.reduce(0, +) * 4 == payload.count else { throw .corruptModel(path: path, reason: "weights do not fit the shape") }
        var arrays: [[Float]] = []
        var offset = 0
        payload.withUnsafeBytes { raw in
            for size in sizes {
                arrays.append((0..<size).map { raw.loadUnaligned(fromByteOffset: offset + $0 * 4, as: Float.self) })
                offset += size * 4
            }
        }
        let network = Network(shape: header.base, inputWeights: arrays[0], hiddenBias: arrays[1], outputWeights: arrays[2], outputBias: arrays[3])
        return LocalModel(name: header.name, base: header.base, network: network)
    }

    static func checksum(_ data: Data) -> String {
        var state: UInt64 = 0xCBF2_9CE4_8422_2325
        data.withUnsafeBytes { bytes in
            for byte in bytes { state = (state ^ UInt64(byte)) &* 0x100_0000_01B3 }
        }
        return String(state, radix: 16)
    }
}
