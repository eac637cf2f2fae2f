import Foundation
import Testing
import TestSupport

/// The real `newswatch` binary, run as a user would, on real files, a real SQLite database and a real
/// HTTP server on loopback.
@Suite(.serialized)
struct EndToEndTests {
    let directory: URL
    let db: String
    let emptyConfig: String

    init() throws {
        directory = try TestPaths.temporaryDirectory("e2e")
        db = directory.appendingPathComponent("newswatch.db").path
        emptyConfig = directory.appendingPathComponent("config.toml").path
        try Data().write(to: URL(fileURLWithPath: emptyConfig))
    }

    var demoOPML: String { CommandRunner.repositoryRoot.appendingPathComponent("Feeds/demo.opml").path }
    var demoConfig: String { CommandRunner.repositoryRoot.appendingPathComponent("Feeds/demo.toml").path }

    func newswatch(_ arguments: [String], config: String? = nil) async throws -> CommandResult {
        try await CommandRunner.newswatch(arguments + ["--db", db, "--config", config ?? emptyConfig])
    }

    func storiesJSON() async throws -> [[String: Any]] {
        let result = try await newswatch(["stories", "--json"])
        #expect(result.status == 0, "stories --json failed: \(result.stderr)")
        return try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test func demoPassGroupsStoriesRaisesAlertsAndIsQuietUnderCron() async throws {
        let run = try await newswatch(["run", "--feeds", demoOPML], config: demoConfig)
        #expect(run.status == 0, "run failed: \(run.stderr)")
        #expect(run.stdout.isEmpty, "a successful run under cron prints nothing, got: \(run.stdout)")

        let stories = try await storiesJSON()
        let guids = stories.flatMap { ($0["items"] as? [[String: Any]] ?? []).compactMap { $0["guid"] as? String } }
        #expect(!guids.isEmpty)
        #expect(Set(guids).count == guids.count, "every item is in exactly one story")
        let multiOutlet = stories.filter { ($0["outlets"] as? Int ?? 0) >= 3 }
        #expect(multiOutlet.count >= 3, "the demo's syndicated events group into stories of 3+ outlets")

        let alerts = try await newswatch(["alerts"], config: demoConfig)
        #expect(alerts.status == 0)
        #expect(!alerts.stdout.contains("\n0 alerts"), "the demo watches raise alerts")

        // The broken demo feed is recorded on the feed, not fatal.
        let feeds = try await newswatch(["feeds", "list"], config: demoConfig)
        #expect(feeds.stdout.contains("failing") || feeds.stdout.contains("BROKEN"))

        // A second pass over the same database adds nothing: feeds are not due, and nothing is duplicated.
        let second = try await newswatch(["run"], config: demoConfig)
        #expect(second.status == 0)
        let again = try await storiesJSON()
        #expect(again.count == stories.count)
        let forced = try await newswatch(["run", "--all"], config: demoConfig)
        #expect(forced.status == 0)
        let guidsAfter = try await storiesJSON().flatMap { ($0["items"] as? [[String: Any]] ?? []).compactMap { $0["guid"] as? String } }
        #expect(guidsAfter.count == guids.count, "items seen again are updated in place, never duplicated")
    }

    @Test func feedsOverHTTPOnLoopbackWithConditionalGet() async throws {
        let site = directory.appendingPathComponent("site")
        try FileManager.default.createDirectory(at: site, withIntermediateDirectories: true)
        let demo = CommandRunner.repositoryRoot.appendingPathComponent("Feeds/demo")
        let files = try FileManager.default.contentsOfDirectory(atPath: demo.path)
        for file in files { try FileManager.default.copyItem(at: demo.appendingPathComponent(file), to: site.appendingPathComponent(file)) }
        let server = try TestServer.start(script: "static_http_server.py", arguments: ["--root", site.path])
        defer { server.stop() }

        var added = 0
        for file in files {
            let add = try await newswatch(["feeds", "add", "\(server.baseURL)/\(file)"])
            if add.status == 0 { added += 1 } else { #expect(add.stderrLines.count == 1 && add.stderr.contains(file)) }
        }
        #expect(added == files.count - 1, "every demo feed but the broken one is accepted")
        let listed = try await newswatch(["feeds", "list"])
        #expect(listed.stdout.contains("\(added) feeds"))
        let run = try await newswatch(["run"])
        #expect(run.status == 0, "\(run.stderr)")
        let before = try await storiesJSON()
        #expect(!before.isEmpty)
        // Everything again: the server answers 304 (If-Modified-Since) or the same items, and nothing doubles.
        let again = try await newswatch(["run", "--all"])
        #expect(again.status == 0)
        #expect(try await storiesJSON().count == before.count)
    }

    @Test func addingAWebPageSubscribesToTheFeedItAdvertises() async throws {
        let server = try TestServer.start(script: "fault_http_server.py")
        defer { server.stop() }
        let page = try await newswatch(["feeds", "add", "\(server.baseURL)/html"])
        #expect(page.status == 0, "\(page.stderr)")
        #expect(page.stdout.contains("\(server.baseURL)/feed"), "says which feed it chose: \(page.stdout)")
        let missing = try await newswatch(["feeds", "add", "\(server.baseURL)/status/404"])
        #expect(missing.status != 0)
        #expect(missing.stderrLines.count == 1 && missing.stderr.contains("404"))
        let listed = try await newswatch(["feeds", "list"])
        #expect(listed.stdout.contains("\(server.baseURL)/feed") && listed.stdout.contains("1 feeds"))
    }

    @Test func aSecondOverlappingPassExitsAtOnce() async throws {
        // Hold the pass lock from another process, as a running pass would.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        holder.arguments = ["-c", "import fcntl,sys,time; f=open(sys.argv[1],'w'); fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(30)",
                            db + ".lock"]
        let pipe = Pipe()
        holder.standardOutput = pipe
        try holder.run()
        defer { holder.terminate() }
        _ = pipe.fileHandleForReading.availableData
        let started = Date()
        let run = try await newswatch(["run", "--feeds", demoOPML])
        #expect(run.status == 0)
        #expect(run.stderrLines.count == 1 && run.stderr.contains("another pass"))
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(try await storiesJSON().isEmpty, "the second pass fetched nothing")
    }

    @Test func badInputGetsOneClearLineAndKeepsStoredData() async throws {
        _ = try await newswatch(["run", "--feeds", demoOPML])
        let storedBefore = try await storiesJSON().count
        #expect(storedBefore > 0)

        let missing = try await newswatch(["parse", "/nonexistent/feed.xml", "--json"])
        #expect(missing.status != 0)
        #expect(missing.stderrLines.count == 1 && missing.stderr.contains("/nonexistent/feed.xml"))

        let html = directory.appendingPathComponent("page.xml")
        try Data("<!DOCTYPE html><html><head><title>Hi</title></head><body><p>Not a feed</p></body></html>".utf8).write(to: html)
        let notFeed = try await newswatch(["parse", html.path, "--json"])
        #expect(notFeed.status != 0)
        #expect(notFeed.stderrLines.count == 1 && notFeed.stderr.contains(html.path))

        let notOPML = try await newswatch(["feeds", "import", html.path])
        #expect(notOPML.status != 0)
        #expect(notOPML.stderrLines.count == 1 && notOPML.stderr.contains(html.path))

        let unknownKey = directory.appendingPathComponent("unknown.toml")
        try Data("[fetch]\nconcurency = 4\n".utf8).write(to: unknownKey)
        let badKey = try await newswatch(["stories"], config: unknownKey.path)
        #expect(badKey.status != 0)
        #expect(badKey.stderrLines.count == 1 && badKey.stderr.contains("concurency"))

        let brokenTOML = directory.appendingPathComponent("broken.toml")
        try Data("[fetch\nconcurrency = 4\n".utf8).write(to: brokenTOML)
        let badTOML = try await newswatch(["stories"], config: brokenTOML.path)
        #expect(badTOML.status != 0)
        #expect(badTOML.stderrLines.count == 1 && badTOML.stderr.contains("broken.toml"))

        let refused = try await newswatch(["parse", "http://127.0.0.1:9/feed.xml", "--json"])
        #expect(refused.status != 0)
        #expect(refused.stderrLines.count == 1 && refused.stderr.contains("127.0.0.1:9"))

        let badQuery = try await newswatch(["watch", "add", "broken", "(xinjiang OR uyghur"])
        #expect(badQuery.status != 0)
        #expect(badQuery.stderr.contains("position"))

        #expect(try await storiesJSON().count == storedBefore, "nothing stored was lost")
    }

    @Test func parseJSONHasTheDocumentedShape() async throws {
        let feed = CommandRunner.repositoryRoot.appendingPathComponent("Feeds/demo/harbour-times.xml")
        let result = try await newswatch(["parse", feed.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["format", "title", "link", "subtitle", "language", "updated", "errors", "entries"] {
            #expect(object.keys.contains(key), "missing key \(key)")
        }
        let entry = try #require((object["entries"] as? [[String: Any]])?.first)
        for key in ["id", "title", "link", "published", "updated", "authors", "categories", "summary", "content", "enclosures"] {
            #expect(entry.keys.contains(key), "missing entry key \(key)")
        }
    }

    @Test func searchAndWatchTestUseTheQueryLanguage() async throws {
        _ = try await newswatch(["run", "--feeds", demoOPML])
        let search = try await newswatch(["search", "detention*", "--json"])
        #expect(search.status == 0, "\(search.stderr)")
        let hits = try #require(JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [[String: Any]])
        #expect(!hits.isEmpty)
        for key in ["guid", "link", "feed", "title", "published", "story"] { #expect(hits[0].keys.contains(key)) }
        let add = try await newswatch(["watch", "add", "xj", "(Xinjiang OR Uyghur OR Uighur OR 新疆) NEAR/5 detention*", "--email", "desk@example.org"])
        #expect(add.status == 0)
        #expect(try await newswatch(["watch", "list"]).stdout.contains("xj"))
        #expect(try await newswatch(["watch", "remove", "xj"]).status == 0)
    }

    @Test func theDemoDigestShowsTheDemoStoriesWithTheirOutletCounts() async throws {
        _ = try await newswatch(["run", "--feeds", demoOPML], config: demoConfig)
        let multiOutlet = try await storiesJSON().filter { ($0["outlets"] as? Int ?? 0) >= 2 }
        #expect(!multiOutlet.isEmpty)
        let text = directory.appendingPathComponent("digest.txt"), html = directory.appendingPathComponent("digest.html")
        #expect(try await newswatch(["digest", "--since", "30d", "--format", "text", "--out", text.path], config: demoConfig).status == 0)
        #expect(try await newswatch(["digest", "--since", "30d", "--out", html.path], config: demoConfig).status == 0)
        let plain = try String(contentsOf: text, encoding: .utf8)
        let page = try String(contentsOf: html, encoding: .utf8)
        for story in multiOutlet {
            let title = try #require(story["title"] as? String), outlets = try #require(story["outlets"] as? Int)
            #expect(plain.contains(title) && plain.contains("\(outlets) outlets"), "text digest lists \(title)")
            let escaped = title.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "'", with: "&#39;")
            #expect(page.contains(escaped) || page.contains(title), "HTML digest lists \(title)")
        }
        for line in plain.split(separator: "\n") where !line.contains("://") {
            #expect(line.count <= 80, "a text line over 80 columns: \(line)")
        }
    }

    @Test func digestSinceLastTwiceGivesAnEmptySecondDigest() async throws {
        _ = try await newswatch(["run", "--feeds", demoOPML], config: demoConfig)
        let out1 = directory.appendingPathComponent("d1.txt").path, out2 = directory.appendingPathComponent("d2.txt").path
        let first = try await newswatch(["digest", "--since", "last", "--format", "text", "--out", out1], config: demoConfig)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await newswatch(["digest", "--since", "last", "--format", "text", "--out", out2, "--verbose"], config: demoConfig)
        #expect(second.status == 0)
        #expect(second.stdout.contains("(0 stories)"), "the second digest starts where the first ended: \(second.stdout)")
        let html = directory.appendingPathComponent("d.html").path
        #expect(try await newswatch(["digest", "--since", "30d", "--out", html], config: demoConfig).status == 0)
        #expect(FileManager.default.fileExists(atPath: html))
    }
}
