import Foundation

/// What a finished process printed and how it ended.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    public var stderrLines: [String] { stderr.split(separator: "\n").map(String.init) }
}

/// Runs programs for the tests: the built `newswatch` binary, python helpers.
public enum CommandRunner {
    /// The repository's root folder.
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The `newswatch` executable built beside the test bundle.
    public static var newswatchBinary: URL {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        if folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        return folder.appendingPathComponent("newswatch")
    }

    /// Runs a program to completion with the given environment additions and working directory.
    @discardableResult
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:],
                           currentDirectory: URL? = nil, timeout: TimeInterval = 120) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes while the process runs so a full pipe never blocks it.
        let outData = ReadBuffer(out.fileHandleForReading), errData = ReadBuffer(err.fileHandleForReading)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { process.terminate(); break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: outData.finish(), stderr: errData.finish())
    }

    /// Runs the built `newswatch` with the given arguments. The wait happens on a thread of its own, so tests
    /// running in parallel keep the (small) cooperative thread pool.
    @discardableResult
    public static func newswatch(_ arguments: [String], environment: [String: String] = [:], currentDirectory: URL? = nil,
                                 timeout: TimeInterval = 120) async throws -> CommandResult {
        let binary = newswatchBinary
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    try run(binary, arguments, environment: environment, currentDirectory: currentDirectory, timeout: timeout)
                })
            }
        }
    }
}

/// Drains a pipe on a background thread until the writer closes it.
private final class ReadBuffer: @unchecked Sendable {
    private var data = Data()
    private let finished = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            finished.signal()
        }
    }

    /// Waits for end of file and returns everything read.
    func finish() -> String {
        finished.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
