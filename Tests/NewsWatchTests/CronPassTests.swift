import Foundation
import Testing
import Model
import NewsWatch
import Store
import TestSupport

/// The whole cron pass over real local feed files and a real SQLite database.
@Suite(.serialized)
struct CronPassTests {
    let directory: URL
    let store: SQLiteStore

    init() throws {
        directory = try TestPaths.temporaryDirectory("cronpass")
        store = try SQLiteStore(path: directory.appendingPathComponent("newswatch.db").path)
    }

    struct TestItem {
        var guid: String
        var title: String
        var link: String
        var description: String
        var date = "Thu, 26 Nov 2026 08:00:00 GMT"
    }

    /// Writes an RSS 2.0 feed and subscribes to it.
    @discardableResult
    func feed(_ name: String, _ items: [TestItem]) throws -> URL {
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
        let body = items.map {
            "<item><guid>\(esc($0.guid))</guid><title>\(esc($0.title))</title><link>\(esc($0.link))</link>" +
            "<description>\(esc($0.description))</description><pubDate>\($0.date)</pubDate></item>"
        }.joined(separator: "\n")
        let xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>\(name)</title>" +
            "<link>https://\(name).example/</link><description>d</description>\n\(body)\n</channel></rss>"
        let url = directory.appendingPathComponent("\(name).xml")
        try Data(xml.utf8).write(to: url)
        try store.addFeed(url: url.absoluteString, title: name)
        return url
    }

    func pass(watches: [Watch] = [], coverageSteps: [Int] = []) async throws -> PassReport {
        var settings = PassSettings()
        settings.configWatches = watches
        settings.coverageSteps = coverageSteps
        settings.fetchAll = true
        return try await CronPass(store: store, settings: settings).run()
    }

    let quake = [
        ("Strong earthquake shakes Valparaíso, buildings evacuated", "A magnitude 6.8 earthquake struck off Valparaíso on Thursday, forcing the evacuation of office buildings and the port."),
        ("Magnitude 6.8 quake hits off Chile's Valparaíso; port evacuated", "Chile's port city of Valparaíso was evacuated after a 6.8 magnitude earthquake struck offshore on Thursday morning."),
        ("Valparaíso earthquake: 6.8 tremor forces evacuations in Chilean port", "Office buildings and the port of Valparaíso were evacuated when a 6.8 magnitude earthquake struck off the Chilean coast."),
    ]

    @Test func oneStoryPerEventAndOneAlertPerStoryAcrossOutlets() async throws {
        for (i, (title, text)) in quake.enumerated() {
            try feed("outlet\(i)", [
                TestItem(guid: "q\(i)", title: title, link: "https://outlet\(i).example/quake?utm_source=rss", description: text),
                TestItem(guid: "other\(i)", title: "Local bakery \(i) wins regional bread prize", link: "https://outlet\(i).example/bread\(i)",
                         description: "A family bakery number \(i) took first place for its sourdough at the regional fair."),
            ])
        }
        let report = try await pass(watches: [Watch(name: "quakes", query: "earthquake OR quake")])
        #expect(report.failures.isEmpty)
        #expect(report.itemsNew == 6)
        let stories = try store.storiesWithMembers(since: nil)
        let quakeStories = stories.filter { $0.members.contains { $0.guid.hasPrefix("q") } }
        #expect(quakeStories.count == 1, "the three reports of the quake are one story")
        #expect(quakeStories.first?.story.outletCount == 3)
        let alerts = try store.alertListings(since: nil)
        #expect(alerts.count == 1, "one alert per (watch, story), not one per outlet")
        #expect(alerts.first?.alert.watchName == "quakes")
    }

    @Test func coverageFollowUpsWhenAStoryCrossesThresholds() async throws {
        for (i, (title, text)) in quake.enumerated() {
            try feed("outlet\(i)", [TestItem(guid: "q\(i)", title: title, link: "https://outlet\(i).example/q", description: text)])
        }
        _ = try await pass(watches: [Watch(name: "quakes", query: "earthquake OR quake")], coverageSteps: [2, 3, 5])
        let kinds = Set(try store.alertListings(since: nil).map(\.alert.kind))
        #expect(kinds == [.newStory, .coverage(outlets: 2), .coverage(outlets: 3)])
    }

    @Test func aBrokenFeedIsRecordedAndThePassGoesOn() async throws {
        try feed("good", [TestItem(guid: "g1", title: "Harbour bridge reopens", link: "https://good.example/1", description: "After repairs.")])
        let broken = directory.appendingPathComponent("broken.xml")
        try Data("<html><body>this is not a feed</body></html>".utf8).write(to: broken)
        try store.addFeed(url: broken.absoluteString)
        let missing = directory.appendingPathComponent("missing.xml")
        try store.addFeed(url: missing.absoluteString)
        let report = try await pass()
        #expect(report.itemsNew == 1)
        #expect(report.failures.count == 2)
        let failed = try store.allFeeds().filter { $0.health.consecutiveFailures == 1 }
        #expect(failed.count == 2)
        for feed in failed {
            let name = URL(string: feed.url)!.lastPathComponent
            #expect((feed.health.lastError ?? "").contains(name), "the reason names the feed: \(feed.health.lastError ?? "")")
        }
    }

    @Test func anEditedItemIsUpdatedInPlaceAndStaysInItsStory() async throws {
        try feed("a", [TestItem(guid: "a1", title: quake[0].0, link: "https://a.example/q", description: quake[0].1)])
        try feed("b", [TestItem(guid: "b1", title: quake[1].0, link: "https://b.example/q", description: quake[1].1)])
        _ = try await pass()
        let storyBefore = try #require(try store.storiesWithMembers(since: nil).first { $0.members.contains { $0.guid == "a1" } })
        try feed("a", [TestItem(guid: "a1", title: quake[0].0 + " (updated)", link: "https://a.example/q",
                                description: quake[0].1 + " No injuries were reported.")])
        let report = try await pass()
        #expect(report.itemsNew == 0 && report.itemsUpdated == 1)
        #expect(try store.itemCount() == 2)
        let storyAfter = try #require(try store.storiesWithMembers(since: nil).first { $0.members.contains { $0.guid == "a1" } })
        #expect(storyAfter.story.id == storyBefore.story.id, "an edited item stays in its story")
        #expect(storyAfter.members.first { $0.guid == "a1" }?.title.hasSuffix("(updated)") == true)
    }

    @Test func itemsAnInterruptedPassStoredGetTheirStoriesNextPass() async throws {
        // An interrupted pass may have stored items without clustering them (an older version did both apart).
        try feed("a", [TestItem(guid: "a1", title: quake[0].0, link: "https://a.example/q", description: quake[0].1)])
        let feedA = try #require(try store.allFeeds().first)
        let stored = try store.storeEntries([ParsedEntry(id: "a0", title: quake[1].0, link: "https://a.example/q0",
                                                         canonicalLink: "https://a.example/q0", published: nil, text: quake[1].1)],
                                            feedID: feedA.id, fetched: Date())
        #expect(try store.unclusteredItemIDs() == stored.newItemIDs)
        _ = try await pass()
        #expect(try store.unclusteredItemIDs().isEmpty)
        let stories = try store.storiesWithMembers(since: nil)
        #expect(stories.flatMap(\.members).map(\.guid).sorted() == ["a0", "a1"])
        #expect(stories.count == 1, "the leftover and the new report of the same quake share a story")
    }
}
