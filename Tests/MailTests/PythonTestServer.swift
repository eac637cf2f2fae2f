import Foundation
import Glibc

/// Runs one of the Python servers in Tests/TestSupport/Servers on 127.0.0.1 and waits until it listens.
/// The script binds the port (0 = any free one) and writes it to a file, so there is no race for ports.
final class PythonTestServer {
    enum Failure: Error, CustomStringConvertible {
        case didNotStart(script: String, log: String)
        var description: String {
            switch self { case .didNotStart(let script, let log): "\(script) did not start listening: \(log)" }
        }
    }

    static let serversDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("TestSupport/Servers")

    let process: Process
    let port: Int

    /// Starts `script` with `arguments` plus `--port-file`; its stderr goes to a log in `directory`.
    init(script: String, arguments: [String], directory: URL) throws {
        let portFile = directory.appendingPathComponent("port-\(UUID().uuidString)")
        let log = directory.appendingPathComponent("\(script).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let python = ProcessInfo.processInfo.environment["NEWSWATCH_TEST_PYTHON"]
            ?? (FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3")
        process.arguments = [python, Self.serversDirectory.appendingPathComponent(script).path] + arguments + ["--port-file", portFile.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        var port: Int?
        while Date() < deadline, process.isRunning {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let value = Int(text) { port = value; break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        guard let port else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            throw Failure.didNotStart(script: script, log: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
        }
        self.process = process
        self.port = port
    }

    /// SIGTERM, then SIGKILL if the server has not exited within 3 seconds.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { Thread.sleep(forTimeInterval: 0.01) }
    }

    deinit { stop() }
}
