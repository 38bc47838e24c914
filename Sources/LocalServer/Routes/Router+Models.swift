import Foundation
import Providers
import SweepCore

/// The models and chat-completions routes.
extension Router {
    static func model(_ id: String) -> OpenAIWire.Model {
        OpenAIWire.Model(id: id, created: 0, ownedBy: id.hasPrefix("ft:") ? "user-local" : "system")
    }

    /// A model id in its format that the provider has now (a deleted model is gone at once).
    func existingModel(_ id: String, param: String = "model") throws -> String {
        guard IDFormat.isModelID(id), provider.availableModels().contains(id) else {
            throw Failure(
                status: 404, message: "The model \(Failure.quoted(id)) does not exist", param: param,
                code: "model_not_found")
        }
        return id
    }

    func deleteModel(_ id: String) throws -> ServerResponse {
        _ = try existingModel(id)
        guard provider.deleteModel(id) else {
            throw Failure(
                status: 400, message: "The model \(Failure.quoted(id)) cannot be deleted", param: "model",
                code: "model_not_deletable")
        }
        return try json(OpenAIWire.Deleted(id: id, object: "model", deleted: true))
    }

    func chat(_ request: ServerRequest) async throws -> ServerResponse {
        let body = try decodeJSON(OpenAIWire.ChatRequest.self, request)
        guard !body.messages.isEmpty else { throw Failure.invalid("messages", "'messages' must not be empty.") }
        _ = try existingModel(body.model)
        let messages = body.messages.map { ChatMessage(role: $0.role, content: $0.content) }
        let answer: String
        do { answer = try await provider.complete(model: body.model, messages: messages) } catch {
            throw Failure(
                status: 404, message: "The model \(Failure.quoted(body.model)) does not exist", param: "model",
                code: "model_not_found")
        }
        let id = "chatcmpl-" + Self.hexID(12)
        let created = Int(Date().timeIntervalSince1970)
        if body.stream == true { return try stream(answer, id: id, created: created, model: body.model) }
        let promptBytes = messages.reduce(0) { $0 + $1.content.utf8.count }
        return try json(
            OpenAIWire.ChatResponse(
                id: id, created: created, model: body.model, answer: answer, promptTokens: promptBytes,
                completionTokens: answer.utf8.count))
    }

    /// `stream: true`: the answer as server-sent events (role, content, finish), then `[DONE]`.
    private func stream(_ answer: String, id: String, created: Int, model: String) throws -> ServerResponse {
        let chunks = [
            OpenAIWire.ChatChunk.Choice(delta: ["role": "assistant", "content": ""]),
            OpenAIWire.ChatChunk.Choice(delta: ["content": answer]),
            OpenAIWire.ChatChunk.Choice(delta: [:], finishReason: "stop"),
        ]
        var body = Data()
        for choice in chunks {
            body +=
                Data("data: ".utf8)
                + (try OpenAIWire.encoder.encode(OpenAIWire.ChatChunk(id: id, created: created, model: model, choices: [choice])))
            body += Data("\n\n".utf8)
        }
        body += Data("data: [DONE]\n\n".utf8)
        return ServerResponse(status: 200, body: body, contentType: "text/event-stream")
    }
}
