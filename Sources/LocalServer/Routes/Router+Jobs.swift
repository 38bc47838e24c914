import Foundation
import Providers
import SweepCore

/// The fine-tuning routes: create, list, retrieve, control, events and checkpoints.
extension Router {
    func createJob(_ request: ServerRequest) async throws -> ServerResponse {
        let body = try decodeJSON(OpenAIWire.CreateJob.self, request)
        let hyperparameters = try JobRequestCheck(provider: provider).hyperparameters(of: body)
        if faults?.dailyCapReached() == true {
            throw Failure(
                status: 429,
                message:
                    "This fine-tune request has been rate-limited. Your organization has reached the maximum of fine-tuning requests per day for the model (injected fault).",
                code: "daily_rate_limit_exceeded")
        }
        let defaults: [String: ParamValue] = [
            "n_epochs": .auto, "batch_size": .auto, "learning_rate_multiplier": .auto,
        ]
        let created: JobSnapshot
        do {
            created = try await provider.createJob(
                JobRequest(
                    model: body.model, trainingFile: RemoteFileID(body.trainingFile),
                    validationFile: body.validationFile.map(RemoteFileID.init),
                    hyperparameters: defaults.merging(hyperparameters) { $1 }, suffix: body.suffix,
                    seed: body.seed ?? Int.random(in: 0...Int(Int32.max)),
                    metadata: body.metadata ?? [:]))
        } catch let error as ProviderError {
            FileHandle.standardError.write(Data("ftsweep-serve: job creation failed: \(error)\n".utf8))
            throw Failure.invalid(
                "model", "The job could not be created from this model and these files.", code: "invalid_request")
        }
        await index.add(created)
        return try json(try await job(created.id.rawValue))
    }

    func job(_ id: String) async throws -> OpenAIWire.Job {
        guard IDFormat.isJobID(id), let record = try? await provider.record(JobID(id)) else {
            throw Failure.notFound("fine-tuning job", id)
        }
        return OpenAIWire.Job(
            record.job, trainingFile: record.trainingFile.rawValue, validationFile: record.validationFile?.rawValue,
            suffix: record.suffix)
    }

    func listJobs(_ request: ServerRequest) async throws -> ServerResponse {
        var filter: [String: String] = [:]
        for item in request.query where item.name.hasPrefix("metadata[") && item.name.hasSuffix("]") {
            filter[String(item.name.dropFirst(9).dropLast())] = item.value
        }
        let (ids, more) = await index.page(
            after: request.queryValue("after"), limit: try limit(request), filter: filter)
        var jobs: [OpenAIWire.Job] = []
        for id in ids { if let job = try? await job(id) { jobs.append(job) } }
        return try json(OpenAIWire.List(data: jobs, hasMore: more))
    }

    func control(_ id: String, _ action: String) async throws -> ServerResponse {
        _ = try await job(id)
        do {
            switch action {
            case "pause": _ = try await provider.pause(JobID(id))
            case "resume": _ = try await provider.resume(JobID(id))
            default: _ = try await provider.cancel(JobID(id))
            }
        } catch let error as ProviderError {
            throw Failure.invalid("id", error.description)
        }
        return try json(try await job(id))
    }

    func events(_ id: String, _ request: ServerRequest) async throws -> ServerResponse {
        _ = try await job(id)
        let events = try await provider.events(JobID(id), after: nil).reversed().map(OpenAIWire.Event.init)
        let (page, more) = try Self.page(Array(events), id: \.id, request, limit: limit(request))
        return try json(OpenAIWire.List(data: page, hasMore: more))
    }

    func checkpoints(_ id: String, _ request: ServerRequest) async throws -> ServerResponse {
        _ = try await job(id)
        let checkpoints = try await provider.checkpoints(JobID(id)).reversed().map { OpenAIWire.Checkpoint($0, job: id) }
        let (page, more) = try Self.page(Array(checkpoints), id: \.id, request, limit: limit(request, default: 10))
        return try json(OpenAIWire.List(data: page, hasMore: more, firstId: page.first?.id, lastId: page.last?.id))
    }

    /// `limit`: 1 to 100 (default 20); anything else is a 400, as OpenAI answers.
    func limit(_ request: ServerRequest, default defaultLimit: Int = 20) throws -> Int {
        guard let text = request.queryValue("limit") else { return defaultLimit }
        guard let limit = Int(text), (1...100).contains(limit) else {
            throw Failure.invalid("limit", "limit must be a whole number from 1 to 100.")
        }
        return limit
    }

    /// Cursor pagination: the items after `after`, at most `limit`.
    static func page<T>(_ items: [T], id: KeyPath<T, String>, _ request: ServerRequest, limit: Int) -> ([T], Bool) {
        var start = 0
        if let after = request.queryValue("after"), let index = items.firstIndex(where: { $0[keyPath: id] == after }) {
            start = index + 1
        }
        let slice = Array(items[min(start, items.count)..<min(items.count, start + limit)])
        return (slice, start + limit < items.count)
    }
}
