import Foundation
import SweepCore

/// The on-disk form of a training state, as `ModelFile` keeps a model: a versioned header line, a
/// JSON line with everything but the arrays and a checksum of them, then the arrays as little-endian
/// float32. Written atomically, so a process killed while saving leaves the previous state.
public enum TrainingStateFile {
    static let magic = "FTSWEEP-TRAINING-STATE 1"

    private struct Header: Codable {
        var base: LocalBaseModel
        var settings: ResolvedHyperparameters
        var epoch: Int
        var step: Int
        var validCursor: Int
        var generator: SplitMix64
        var order: [Int]
        var optimizerStep: Int
        var payloadBytes: Int
        /// FNV-1a 64 of the payload, in hex.
        var checksum: String
    }

    public static func save(_ state: TrainingState, to path: String) throws {
        var payload = Data(capacity: state.arrays.reduce(0) { $0 + $1.count * 4 })
        for array in state.arrays { array.withUnsafeBytes { payload.append(contentsOf: $0) } }
        let header = Header(
            base: state.base, settings: state.settings, epoch: state.epoch, step: state.step, validCursor: state.validCursor,
            generator: state.generator, order: state.order, optimizerStep: state.optimizerStep, payloadBytes: payload.count,
            checksum: ModelFile.checksum(payload))
        var file = Data("\(magic)\n".utf8)
        file.append(try JSONEncoder().encode(header))
        file.append(Data("\n".utf8))
        file.append(payload)
        try file.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    public static func load(_ path: String) throws(UnusableTrainingState) -> TrainingState {
        guard let data = FileManager.default.contents(atPath: path) else { throw UnusableTrainingState(reason: "there is none") }
        let lines = data.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count == 3, String(decoding: lines[0], as: UTF8.self) == magic,
            let header = try? JSONDecoder().decode(Header.self, from: Data(lines[1]))
        else { throw UnusableTrainingState(reason: "unknown format; expected \(magic)") }
        let payload = Data(lines[2])
        let sizes = TrainingState.arraySizes(header.base)
        guard payload.count == header.payloadBytes, sizes.reduce(0, +) * 4 == payload.count,
            ModelFile.checksum(payload) == header.checksum
        else { throw UnusableTrainingState(reason: "the file is damaged") }
        var arrays: [[Float]] = []
        var offset = 0
        payload.withUnsafeBytes { raw in
            for size in sizes {
                arrays.append([Float](unsafeUninitializedCapacity: size) { buffer, count in
                    UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + size * 4)]))
                    count = size
                })
                offset += size * 4
            }
        }
        return TrainingState(
            base: header.base, settings: header.settings, epoch: header.epoch, step: header.step, validCursor: header.validCursor,
            generator: header.generator, order: header.order, optimizerStep: header.optimizerStep, arrays: arrays)
    }
}
