import Foundation
import Testing
import TestSupport

/// Alerts and digests through a real SMTP server (aiosmtpd) on loopback, driven by the real binary.
@Suite(.serialized)
struct AlertMailEndToEndTests {
    let directory: URL
    let db: String
    let mailDir: URL
    let port: UInt16

    init() throws {
        directory = try TestPaths.temporaryDirectory("e2e-mail")
        db = directory.appendingPathComponent("newswatch.db").path
        mailDir = directory.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mailDir, withIntermediateDirectories: true)
        port = try TestPorts.freePort()
    }

    func startSMTP() throws -> TestServer {
        try TestServer.start(script: "smtp_server.py", arguments: [
            "--mail-dir", mailDir.path, "--port-file", directory.appendingPathComponent("port").path,
        ], port: port)
    }

    /// The demo's watches with an SMTP server on `port`.
    func config() throws -> String {
        let demo = try String(contentsOf: CommandRunner.repositoryRoot.appendingPathComponent("Feeds/demo.toml"), encoding: .utf8)
        let path = directory.appendingPathComponent("config.toml")
        try Data("[smtp]\nurl = \"smtp://127.0.0.1:\(port)\"\nfrom = \"newswatch@example.org\"\n\n\(demo)".utf8).write(to: path)
        return path.path
    }

    func messages() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: mailDir.path).filter { $0.hasSuffix(".eml") }.sorted().map {
            try String(contentsOf: mailDir.appendingPathComponent($0), encoding: .utf8)
        }
    }

    var demoOPML: String { CommandRunner.repositoryRoot.appendingPathComponent("Feeds/demo.opml").path }

    @Test func alertsWaitWhileTheServerIsDownAndGoOutOnceWithTheNextPass() async throws {
        let config = try config()
        // Server down: everything is stored, the pass says how many messages wait and exits non-zero.
        let down = try await CommandRunner.newswatch(["run", "--feeds", demoOPML, "--db", db, "--config", config])
        #expect(down.status != 0)
        #expect(down.stderrLines.count == 1 && down.stderr.contains("wait"), "\(down.stderr)")
        let stories = try await CommandRunner.newswatch(["stories", "--json", "--db", db, "--config", config])
        #expect(stories.stdout.contains("\"story\""))

        // Server up: the next pass sends what waited, one message per watch, then nothing more.
        let server = try startSMTP()
        defer { server.stop() }
        let up = try await CommandRunner.newswatch(["run", "--db", db, "--config", config])
        #expect(up.status == 0, "\(up.stderr)")
        let sent = try messages()
        #expect(!sent.isEmpty)
        for message in sent {
            #expect(message.contains("Subject: [newswatch] ") || message.contains("Subject: =?"))
            #expect(message.contains("multipart/alternative"))
            #expect(message.contains("Message-ID: <"))
        }
        let subjects = sent.compactMap { $0.split(separator: "\r\n").first { $0.hasPrefix("Subject:") } }
        #expect(Set(subjects).count == subjects.count, "one message per watch: \(subjects)")

        let again = try await CommandRunner.newswatch(["run", "--all", "--db", db, "--config", config])
        #expect(again.status == 0)
        #expect(try messages().count == sent.count, "nothing is sent twice")
        let alerts = try await CommandRunner.newswatch(["alerts", "--db", db, "--config", config])
        #expect(!alerts.stdout.contains("waiting"))
    }

    @Test func aDigestIsMailedAsMultipartThroughTheOutbox() async throws {
        let config = try config()
        let server = try startSMTP()
        defer { server.stop() }
        _ = try await CommandRunner.newswatch(["run", "--feeds", demoOPML, "--db", db, "--config", config])
        let before = try messages().count
        let digest = try await CommandRunner.newswatch(["digest", "--since", "30d", "--email", "boss@example.org", "--db", db, "--config", config])
        #expect(digest.status == 0, "\(digest.stderr)")
        let all = try messages()
        #expect(all.count == before + 1)
        let mail = try #require(all.last { $0.contains("boss@example.org") })
        #expect(mail.contains("multipart/alternative"))
        #expect(mail.contains("text/plain") && mail.contains("text/html"))

        // Without --email or --out, the config's [digest] recipients get it.
        let withRecipients = directory.appendingPathComponent("recipients.toml")
        let base = try String(contentsOfFile: config, encoding: .utf8)
        try Data((base + "\n[digest]\nrecipients = [\"desk@example.org\"]\n").utf8).write(to: withRecipients)
        let defaultDigest = try await CommandRunner.newswatch(["digest", "--since", "30d", "--db", db, "--config", withRecipients.path])
        #expect(defaultDigest.status == 0, "\(defaultDigest.stderr)")
        #expect(defaultDigest.stdout.isEmpty)
        let digests = try messages().filter { $0.contains("Subject: [newswatch] digest") }
        #expect(digests.count == 2, "the --email digest and the one to [digest] recipients")
        #expect(digests.contains { $0.contains("To: desk@example.org") || $0.contains("<desk@example.org>") })
    }
}

/// A watch's webhook receives one JSON POST per pass listing its new stories.
@Suite(.serialized)
struct WebhookEndToEndTests {
    @Test func aWatchWithAWebhookGetsOnePostPerPass() async throws {
        let directory = try TestPaths.temporaryDirectory("e2e-webhook")
        let records = directory.appendingPathComponent("posts")
        try FileManager.default.createDirectory(at: records, withIntermediateDirectories: true)
        let server = try TestServer.start(script: "webhook_server.py", arguments: [
            "--record-dir", records.path, "--port-file", directory.appendingPathComponent("port").path, "--fail-first", "1",
        ])
        defer { server.stop() }
        let config = directory.appendingPathComponent("config.toml")
        try Data("""
            [[watch]]
            name = "quake"
            query = "earthquake OR quake OR 地震"
            webhook = "\(server.baseURL)/hook"
            """.utf8).write(to: config)
        let db = directory.appendingPathComponent("db").path
        let opml = CommandRunner.repositoryRoot.appendingPathComponent("Feeds/demo.opml").path
        let run = try await CommandRunner.newswatch(["run", "--feeds", opml, "--db", db, "--config", config.path])
        #expect(run.status == 0, "the first refused POST is retried within the pass: \(run.stderr)")
        let posts = try FileManager.default.contentsOfDirectory(atPath: records.path)
            .filter { $0.hasSuffix(".json") && !$0.contains("headers") && !$0.contains("failed") }
        #expect(posts.count == 1, "one POST for the watch: \(posts)")
        let body = try #require(posts.first.map { try Data(contentsOf: records.appendingPathComponent($0)) })
        let json = try #require(JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(json["watch"] as? String == "quake")
        let stories = try #require(json["stories"] as? [[String: Any]])
        #expect(!stories.isEmpty)
        #expect(stories.allSatisfy { $0["title"] is String && $0["outlets"] is Int && $0["first_outlet"] is String })
    }
}
