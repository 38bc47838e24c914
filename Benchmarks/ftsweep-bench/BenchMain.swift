import Datasets
import Foundation
import SweepCore

/// Workload generation and in-process measurements for `make bench` (experiments/bench/run.sh).
@main
enum BenchMain {
    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case "make-jsonl": try Workloads.writeJSONL(path: arguments[1], megabytes: Int(arguments[2]) ?? 200)
        case "make-text": try Workloads.writeText(fromJSONL: arguments[1], to: arguments[2], megabytes: Int(arguments[3]) ?? 20)
        case "tokenize": try tokenize(path: arguments[1], encoding: TokenEncodingName(rawValue: arguments[2]) ?? .o200kBase)
        case "train": try TrainerBench.run(training: arguments[1], validation: arguments[2])
        case "make-results": try ResultWorkload(runs: Int(arguments[2]) ?? 200, steps: Int(arguments[3]) ?? 500).write(to: arguments[1])
        default:
            FileHandle.standardError.write(Data("usage: ftsweep-bench make-jsonl PATH MB | make-text JSONL OUT MB | tokenize FILE ENCODING | train TRAIN VALID | make-results DIR RUNS STEPS\n".utf8))
            exit(64)
        }
    }

    /// Prints `tokens MB/s` for encoding the whole file once (rank-file loading not timed), best of 5.
    static func tokenize(path: String, encoding name: TokenEncodingName) throws {
        let store = TokenizerStore.standard(environment: ProcessInfo.processInfo.environment)
        let encoding = try store.load(name)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let megabytes = Double(text.utf8.count) / 1e6
        var rates: [Double] = []
        var tokens = 0
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            tokens = encoding.encode(text).count
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            rates.append(megabytes / seconds)
        }
        print("\(tokens) \(rates.sorted()[rates.count / 2])")
    }
}
