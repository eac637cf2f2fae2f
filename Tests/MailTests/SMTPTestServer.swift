import Foundation
import TestSupport

/// A real SMTP server (aiosmtpd, smtp_server.py) on 127.0.0.1 that saves each message it accepts.
final class SMTPTestServer {
    let directory: URL
    let mailDirectory: URL
    private let options: [String]
    private var server: TestServer?
    private(set) var port: Int

    /// - Parameter options: extra smtp_server.py options, e.g. `["--reject", "bad@example.org"]`.
    init(directory: URL, options: [String] = []) throws {
        self.directory = directory
        mailDirectory = directory.appendingPathComponent("mail")
        self.options = options
        let server = try TestServer.start(script: "smtp_server.py", arguments: Self.arguments(mailDirectory, directory, options))
        self.server = server
        port = Int(server.port)
    }

    private static func arguments(_ mailDirectory: URL, _ directory: URL, _ options: [String]) -> [String] {
        ["--mail-dir", mailDirectory.path, "--port-file", directory.appendingPathComponent("port-\(UUID().uuidString)").path] + options
    }

    var url: String { "smtp://127.0.0.1:\(port)" }

    /// Stops the server: connections to its port are refused until `start()`.
    func stop() {
        server?.stop()
        server = nil
    }

    /// Starts it again on the same port.
    func start() throws {
        server = try TestServer.start(script: "smtp_server.py", arguments: Self.arguments(mailDirectory, directory, options),
                                      port: UInt16(port))
    }

    /// Every message received so far, oldest first.
    func received() throws -> [ReceivedMail] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: mailDirectory.path)) ?? []
        return try names.filter { $0.hasSuffix(".eml") }.sorted().map { name in
            let eml = mailDirectory.appendingPathComponent(name)
            let envelopeURL = eml.deletingPathExtension().appendingPathExtension("json")
            let envelope = try JSONDecoder().decode(ReceivedMail.Envelope.self, from: Data(contentsOf: envelopeURL))
            return ReceivedMail(file: eml, raw: try Data(contentsOf: eml), envelope: envelope)
        }
    }

    /// Stops the server and removes its directory (messages, logs, certificates).
    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// One message as the server stored it.
struct ReceivedMail {
    struct Envelope: Decodable {
        var mail_from: String
        var rcpt_tos: [String]
        var tls: Bool
        var login: String?
        var peer_port: Int
    }

    let file: URL
    let raw: Data
    let envelope: Envelope

    var rawText: String { String(decoding: raw, as: UTF8.self) }

    /// The header block, as received (folded lines kept).
    var rawHeader: String {
        rawText.components(separatedBy: "\r\n\r\n").first ?? ""
    }

    /// What Python's email package makes of the message.
    func parsed() throws -> ParsedMail { try ParsedMail.parse(file) }
}

/// A message as Python's `email` package (policy.default) sees it: an independent MIME parser.
struct ParsedMail: Decodable {
    struct Node: Decodable {
        var content_type: String
        var charset: String?
        var transfer_encoding: String?
        var defects: [String]
        var parts: [Node]?
        var text: String?
        var size: Int?
        var sha256: String?
        var content_id: String?
        var filename: String?
    }

    var headers: [[String]]
    var mime: Node

    var headerNames: [String] { headers.map { $0[0] } }
    func header(_ name: String) -> [String] { headers.filter { $0[0].lowercased() == name.lowercased() }.map { $0[1] } }

    static func parse(_ file: URL) throws -> ParsedMail {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let python = ProcessInfo.processInfo.environment["NEWSWATCH_TEST_PYTHON"] ?? "python3"
        process.arguments = [python, TestServer.serversDirectory.appendingPathComponent("parse_eml.py").path, file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode(ParsedMail.self, from: data)
    }

    /// Parses rendered bytes, without any server, through a temporary file.
    static func parse(rendered bytes: [UInt8]) throws -> ParsedMail {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("newswatch-rendered-\(UUID().uuidString).eml")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try parse(file)
    }
}
