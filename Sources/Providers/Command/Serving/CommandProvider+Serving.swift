import Foundation
import SweepCore

/// Chat completions from a command trainer's models (`docs/trainer-contract.md`, "Serving"): through
/// the endpoint the run's `model.json` names, else a server started from `provider.serve` on a free
/// loopback port, once per model for the whole command, through the OpenAI client and its retries.
extension CommandProvider {
    public func complete(model: String, messages: [ChatMessage]) async throws -> String {
        let served = try await servers.model(model) { try await self.serve(model) }
        return try await served.endpoint.complete(model: served.name, messages: messages)
    }

    /// Stops the server started for `model`, if one was.
    public func doneAsking(model: String) async { await servers.release(model) }

    /// Starts (or finds) what answers for `model`, ready for questions.
    func serve(_ model: String) async throws -> ServedModel {
        let producer = producer(of: model)
        if let endpoint = producer?.model?.endpoint {
            let key = endpoint.apiKeyEnvironment.flatMap { ProcessInfo.processInfo.environment[$0] }
            return ServedModel(
                server: nil, endpoint: OpenAIProvider(configuration: .init(baseURL: endpoint.baseURL, apiKey: key)),
                name: model, grace: spec.cancelGrace)
        }
        guard let template = spec.serve else {
            throw ProviderError.invalidRequest(
                "ftsweep cannot ask '\(model)': the command provider has no serve command (provider.serve) and the "
                    + "run's model.json names no base_url (docs/trainer-contract.md, Serving)")
        }
        var values = producer.map { Self.values(of: $0.stored.job, runDirectory: $0.folder.runDirectory) } ?? [:]
        values["model"] = values["model"] ?? model
        values["model_dir"] = model
        let shell = spec.shell
        let environment = ProcessInfo.processInfo.environment.merging(spec.environment) { $1 }
        func filled(_ port: Int) -> [String: String] { values.merging(["port": String(port)]) { $1 } }
        let server = try ModelServer.start(
            command: { port in
                shell ? ["/bin/sh", "-c", template.shellCommand(filled(port))] : template.arguments(filled(port))
            },
            workdir: workdir,
            environment: { port in
                environment.merging(filled(port).map { ("FTSWEEP_" + $0.key.uppercased(), $0.value) }) { $1 }
            }, grace: spec.cancelGrace)
        let listed: [String]
        do { listed = try await server.waitUntilReady(timeout: spec.serveTimeout, model: model) } catch {
            await server.stop(grace: spec.cancelGrace)
            throw error
        }
        // Retries wait through the watcher, which gives up at once (naming why) when the server has ended.
        let endpoint = OpenAIProvider(
            configuration: .init(baseURL: server.baseURL, apiKey: nil), sleeper: ServerWatch(server: server, model: model))
        return ServedModel(
            server: server, endpoint: endpoint, name: listed.contains(model) ? model : listed.first ?? model,
            grace: spec.cancelGrace)
    }

    /// The succeeded job whose model is `model`, with its `model.json` when it wrote one.
    func producer(of model: String) -> (folder: CommandJobFolder, stored: StoredCommandJob, model: TrainerModel?)? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for name in names.sorted() where name.hasPrefix("ftjob-") {
            let folder = folder(JobID(name))
            guard folder.number(at: folder.exitCode) == 0, let stored = try? folder.readStored() else { continue }
            let written = try? TrainerModel.read(folder.modelFile)
            if (written?.model ?? folder.runDirectory) == model { return (folder, stored, written) }
        }
        return nil
    }

    /// The trial's placeholders as its trainer had them (the data files excepted).
    static func values(of job: JobSnapshot, runDirectory: String) -> [String: String] {
        CommandInvocation.values(
            model: job.model, hyperparameters: job.hyperparameters, seed: job.seed.map(String.init) ?? "", metadata: job.metadata,
            suffix: nil, trainingFile: "", validationFile: nil, runDirectory: runDirectory)
    }
}

/// The OpenAI client's wait between retries, which ends the retries with the server's own story
/// (how it ended, its standard error) once the server is gone instead of asking a dead port again.
struct ServerWatch: Sleeper {
    let server: ModelServer
    let model: String

    func sleep(for duration: Duration) async throws {
        guard server.serverIsRunning else {
            throw ProviderError.unavailable(
                "the model server for \(model) stopped while answering (\(server.ending)); its standard error ends: "
                    + server.stderrTail())
        }
        try await Task.sleep(for: duration)
    }
}
