import Crypto
import Dispatch
import Foundation
import Synchronization
import SweepCore

/// Validates JSONL training data in one streaming pass: chunks of lines are checked on every core,
/// then merged in file order for the checks that span lines (duplicates, overlap, format, counts).
public struct DatasetValidator: Sendable {
    public var counter: TokenCounter
    public var model: ModelInfo
    /// Epochs for the cost estimate; nil means the cookbook's `auto` rule.
    public var epochs: Int?
    public var pricesAsOf: String
    /// The most problems a report keeps; the rest are only counted.
    public var problemLimit = 10_000
    public var chunkSize = 1 << 20
    /// A line longer than this stops validation with `line_too_long` (docs/data-checks.md).
    public var maxLineBytes = LineChunkReader.defaultMaxLineBytes
    public var workers = max(1, System.coreCount)
    /// Whether a file in a format `model` cannot train on is an error: true when the user named the model.
    public var checksModelFormats = false

    public static let minimumExamples = 10

    public init(counter: TokenCounter, model: ModelInfo, epochs: Int?, pricesAsOf: String) {
        self.counter = counter
        self.model = model
        self.epochs = epochs
        self.pricesAsOf = pricesAsOf
    }

    /// Validates a training file; its example index is returned for checking a validation file against it.
    public func validateTraining(path: String) throws(DatasetError) -> (report: DatasetReport, index: ExampleIndex) {
        try validate(path: path, role: .training)
    }

    /// Validates a validation file, warning about examples also in the training files.
    public func validateValidation(path: String, against training: [(path: String, index: ExampleIndex)]) throws(DatasetError) -> DatasetReport {
        try validate(path: path, role: .validation, training: training).report
    }

    private func validate(path: String, role: DatasetReport.Role, training: [(path: String, index: ExampleIndex)] = []) throws(DatasetError) -> (report: DatasetReport, index: ExampleIndex) {
        let reader = try LineChunkReader(path: path, blockSize: chunkSize, maxLineBytes: maxLineBytes)
        let lineChecker = LineChecker(counter: counter)
        var merge = MergeState(
            role: role, tokenLimit: model.trainingTokenLimit, problemLimit: problemLimit, training: training,
            model: checksModelFormats ? model : nil)
        // Pipelined: while the workers check one batch, this thread reads the next and merges the last.
        // Several chunks per worker keep both cores busy when one chunk is slower than another.
        var inFlight: (chunks: [LineChunk], work: BatchWork)?
        while true {
            var batch: [LineChunk] = []
            while batch.count < workers * 4, let chunk = try reader.next() { batch.append(chunk) }
            let started = batch.isEmpty ? nil : (batch, BatchWork(batch, lineChecker, workers: workers))
            if let (chunks, work) = inFlight {
                for (chunk, result) in zip(chunks, work.wait()) { merge.add(chunk, result) }
            }
            inFlight = started
            if started == nil { break }
        }
        let report = merge.finish(path: path, encoding: model.encoding, exact: counter.isExact) { histogram in
            role == .training ? TrainingEstimate(model: model, histogram: histogram, epochs: epochs, pricesAsOf: pricesAsOf) : nil
        }
        return (report, merge.index)
    }

}

/// One batch of chunks being checked by `workers` threads of its own, each taking the next chunk.
/// Dedicated threads, not `concurrentPerform`: called from a Swift concurrency thread, libdispatch
/// on Linux ran the whole batch on one core.
private final class BatchWork: @unchecked Sendable {
    // @unchecked Sendable: each slot is written by the one thread that claimed its index, and `wait`
    // reads the slots only after every thread has left the group.
    private let slots: UnsafeMutableBufferPointer<ChunkResult>
    private let next = Atomic<Int>(0)
    private let group = DispatchGroup()

    init(_ batch: [LineChunk], _ checker: LineChecker, workers: Int) {
        slots = .allocate(capacity: batch.count)
        slots.initialize(repeating: ChunkResult())
        for _ in 0..<min(workers, batch.count) {
            group.enter()
            Thread.detachNewThread { [self] in
                while case let index = next.add(1, ordering: .relaxed).oldValue, index < batch.count {
                    slots[index] = checker.check(batch[index])
                }
                group.leave()
            }
        }
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func wait() -> [ChunkResult] {
        group.wait()
        return Array(slots)
    }
}

/// The in-order part of validation.
private struct MergeState {
    let role: DatasetReport.Role
    let tokenLimit: Int
    let problemLimit: Int
    let training: [(path: String, index: ExampleIndex)]
    var index = ExampleIndex()
    var hasher = SHA256()
    var bytes = 0
    var lines = 0
    var format: ExampleFormat?
    var examples = 0
    var problems: [DataProblem] = []
    var counts: [String: Int] = [:]
    var errors = 0
    var warnings = 0
    var tokens = TokenHistogram()
    var assistantTokens = TokenHistogram()

    /// The model whose formats the file must be in, when one was named.
    let model: ModelInfo?

    init(
        role: DatasetReport.Role, tokenLimit: Int, problemLimit: Int, training: [(path: String, index: ExampleIndex)],
        model: ModelInfo?
    ) {
        self.role = role
        self.tokenLimit = tokenLimit
        self.problemLimit = problemLimit
        self.training = training
        self.model = model
    }

    mutating func add(_ chunk: LineChunk, _ result: ChunkResult) {
        chunk.bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        bytes += chunk.bytes.count
        lines += result.lines
        var found = result.problems
        for record in result.examples {
            found += examine(record)
        }
        found.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        found.forEach { record($0) }
    }

    private mutating func examine(_ record: ExampleRecord) -> [DataProblem] {
        var found: [DataProblem] = []
        let fileFormat = format ?? record.format
        format = fileFormat
        guard record.format == fileFormat else {
            return [DataProblem(line: record.line, key: .mixedFormat, message: "\(record.format.rawValue) example in a file of \(fileFormat.rawValue) examples")]
        }
        guard record.isValid else { return [] }
        examples += 1
        tokens.add(record.tokens)
        assistantTokens.add(record.assistantTokens)
        if record.tokens > tokenLimit {
            found.append(DataProblem(line: record.line, key: .exampleTooLong, message: "\(record.tokens) tokens; the model trains on \(tokenLimit) and truncates the rest"))
        }
        if let first = index.insert(record.hash, line: record.line) {
            found.append(DataProblem(line: record.line, key: .duplicateExample, message: "the same example as line \(first)"))
        }
        for training in training {
            guard let line = training.index.line(of: record.hash) else { continue }
            found.append(DataProblem(line: record.line, key: .validationOverlap, message: "the same example as \(training.path):\(line) in the training file"))
        }
        return found
    }

    private mutating func record(_ problem: DataProblem) {
        counts[problem.key.rawValue, default: 0] += 1
        if problem.severity == .error { errors += 1 } else { warnings += 1 }
        if problems.count < problemLimit { problems.append(problem) }
    }

    mutating func finish(path: String, encoding: TokenEncodingName, exact: Bool, estimate: (TokenHistogram) -> TrainingEstimate?) -> DatasetReport {
        if lines == 0 {
            record(DataProblem(line: nil, key: .emptyFile, message: "the file holds no examples"))
        } else if examples < DatasetValidator.minimumExamples {
            record(DataProblem(line: nil, key: .tooFewExamples, message: "\(examples) valid examples; at least \(DatasetValidator.minimumExamples) are needed"))
        }
        if let format, let refusal = model?.refusal(of: format) {
            record(DataProblem(line: nil, key: .unsupportedFormat, message: refusal))
        }
        // Weights of 0 on every assistant message leave a training file nothing to learn.
        if role == .training, format == .chat, examples > 0, assistantTokens.total == 0 {
            record(DataProblem(line: nil, key: .noTrainedTokens, message: "every assistant message has weight 0: nothing is trained on"))
        }
        return DatasetReport(
            path: path, role: role, digest: DatasetDigest(hasher.finalize()), bytes: bytes, lines: lines, format: format,
            examples: examples, problems: problems, problemCounts: counts, errors: errors, warnings: warnings,
            encoding: encoding, tokenCountsAreExact: exact, tokens: tokens.summary, assistantTokens: assistantTokens.summary,
            examplesOverLimit: tokens.count(above: tokenLimit), estimate: estimate(tokens))
    }
}

extension DatasetValidator {
    /// Validates training files, then the validation file against all of them.
    public func validate(training: [String], validation: String?) throws(DatasetError) -> [DatasetReport] {
        var reports: [DatasetReport] = []
        var indexes: [(path: String, index: ExampleIndex)] = []
        for path in training {
            let (report, index) = try validateTraining(path: path)
            reports.append(report)
            indexes.append((path, index))
        }
        if let validation {
            reports.append(try validateValidation(path: validation, against: indexes))
        }
        return reports
    }
}
