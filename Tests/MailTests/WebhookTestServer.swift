import Foundation
import TestSupport

/// A real HTTP server (webhook_server.py) on 127.0.0.1 that records each POST it gets.
final class WebhookTestServer {
    let directory: URL
    let recordDirectory: URL
    private let server: TestServer

    /// - Parameter options: e.g. `["--fail-first", "2"]` or `["--always-status", "400"]`.
    init(directory: URL, options: [String] = []) throws {
        self.directory = directory
        recordDirectory = directory.appendingPathComponent("posts")
        server = try TestServer.start(script: "webhook_server.py", arguments: [
            "--record-dir", recordDirectory.path, "--port-file", directory.appendingPathComponent("port").path,
        ] + options)
    }

    var url: String { "http://127.0.0.1:\(server.port)/hooks/newswatch" }

    /// Stops the server; its port then refuses connections.
    func stop() { server.stop() }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// How many requests arrived, successful or not.
    func requestCount() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: recordDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".headers.json") }.count
    }

    /// Bodies of the requests answered with 2xx, oldest first.
    func deliveredBodies() throws -> [Data] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: recordDirectory.path)) ?? []
        return try names.filter { $0.hasSuffix(".json") && !$0.contains(".headers") && !$0.contains(".failed") }.sorted()
            .map { try Data(contentsOf: recordDirectory.appendingPathComponent($0)) }
    }

    /// Request headers of request `number` (1-based).
    func headers(ofRequest number: Int) throws -> [String: String] {
        struct Meta: Decodable { var headers: [String: String] }
        let name = String(number).leftPaddedForTest(to: 4) + ".headers.json"
        return try JSONDecoder().decode(Meta.self, from: Data(contentsOf: recordDirectory.appendingPathComponent(name))).headers
    }
}

extension String {
    func leftPaddedForTest(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
