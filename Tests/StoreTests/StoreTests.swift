import Foundation
import Testing
import Model
import Store
import TestSupport

/// The SQLite store against real database files.
struct StoreTests {
    let directory: URL
    let path: String

    init() throws {
        directory = try TestPaths.temporaryDirectory("store")
        path = directory.appendingPathComponent("sub/newswatch.db").path
    }

    func entry(_ id: String, title: String, text: String = "body", link: String? = nil, published: Date? = nil) -> ParsedEntry {
        ParsedEntry(id: id, title: title, link: link, canonicalLink: link, published: published, text: text)
    }

    @Test func opensWithMigrationsWALAndForeignKeys() throws {
        let store = try SQLiteStore(path: path)
        #expect(try store.schemaVersion >= 1)
        // Reopening applies nothing twice.
        let again = try SQLiteStore(path: path)
        #expect(try again.schemaVersion == store.schemaVersion)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func newDatabaseUsesSixteenKilobytePages() throws {
        _ = try SQLiteStore(path: path)
        // The file header holds the page size, big-endian, at offset 16.
        let header = try #require(FileManager.default.contents(atPath: path)?.prefix(18))
        #expect(Int(header[16]) << 8 | Int(header[17]) == 16_384)
    }

    @Test func itemSeenAgainIsUpdatedInPlaceNeverDuplicated() throws {
        let store = try SQLiteStore(path: path)
        let feed = try store.addFeed(url: "https://example.org/feed.xml").feed
        let now = Date()
        let first = try store.storeEntries([entry("a", title: "One"), entry("b", title: "Two")], feedID: feed.id, fetched: now)
        #expect(first.newItemIDs.count == 2)
        let same = try store.storeEntries([entry("a", title: "One"), entry("b", title: "Two")], feedID: feed.id, fetched: now)
        #expect(same.newItemIDs.isEmpty && same.updatedItemIDs.isEmpty)
        let edited = try store.storeEntries([entry("a", title: "One, corrected")], feedID: feed.id, fetched: now)
        #expect(edited.newItemIDs.isEmpty)
        #expect(edited.updatedItemIDs == [first.newItemIDs[0]])
        #expect(try store.itemCount() == 2)
        #expect(try store.items(ids: [first.newItemIDs[0]]).first?.item.title == "One, corrected")
    }

    @Test func guidsWithAnyCharactersAreFoundAgain() throws {
        let store = try SQLiteStore(path: path)
        let feed = try store.addFeed(url: "https://example.org/feed.xml").feed
        // The two spellings of "café" are equal as Swift strings but two guids to SQLite, and so two items.
        let guids = ["tag:example.org,2026:\"quoted\" \\ back/slash", "Zürich 🚨 新疆", "  spaced  ", "a\u{0}b", "[\"json\"]",
                     "caf\u{E9}", "cafe\u{301}"]
        let entries = guids.map { entry($0, title: "Item \($0)") }
        let first = try store.storeEntries(entries + [entries[0]], feedID: feed.id, fetched: Date())
        #expect(first.newItemIDs.count == guids.count)
        #expect(try store.items(ids: first.newItemIDs).map(\.item.guid) == guids)
        let again = try store.storeEntries(entries, feedID: feed.id, fetched: Date())
        #expect(again.newItemIDs.isEmpty && again.updatedItemIDs.isEmpty)
        #expect(try store.itemCount() == guids.count)
    }

    @Test func contentHashIsStableAndSeesEveryPart() {
        let item = ParsedEntry(id: "g", title: "Title", link: "https://example.org/a", content: "<p>Body</p>",
                               text: "Body text long enough to take more than one eight-byte step")
        // Stored hashes are compared with the next fetch's, so the function must not change between versions.
        #expect(SQLiteStore.contentHash(item) == 133_724_467_049_032_954)
        #expect(SQLiteStore.contentHash(ParsedEntry(id: "g", title: "ab", link: "c"))
                != SQLiteStore.contentHash(ParsedEntry(id: "g", title: "a", link: "bc")))
        for edit: (inout ParsedEntry) -> Void in [{ $0.title += "!" }, { $0.link = nil }, { $0.text += "." }, { $0.content = "<p>Body.</p>" }] {
            var edited = item
            edit(&edited)
            #expect(SQLiteStore.contentHash(edited) != SQLiteStore.contentHash(item))
        }
    }

    @Test func sameGuidInAnotherFeedIsAnotherItem() throws {
        let store = try SQLiteStore(path: path)
        let a = try store.addFeed(url: "https://a.example/feed").feed
        let b = try store.addFeed(url: "https://b.example/feed").feed
        _ = try store.storeEntries([entry("x", title: "Shared")], feedID: a.id, fetched: Date())
        _ = try store.storeEntries([entry("x", title: "Shared")], feedID: b.id, fetched: Date())
        #expect(try store.itemCount() == 2)
    }

    @Test func failedTransactionLeavesStoredDataIntact() throws {
        let store = try SQLiteStore(path: path)
        let feed = try store.addFeed(url: "https://example.org/feed.xml").feed
        _ = try store.storeEntries([entry("a", title: "Kept")], feedID: feed.id, fetched: Date())
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.transaction {
                _ = try store.storeEntries([entry("a", title: "Overwritten"), entry("c", title: "New")], feedID: feed.id, fetched: Date())
                throw Boom()
            }
        }
        #expect(try store.itemCount() == 1)
        #expect(try store.items(since: nil).first?.item.title == "Kept")
    }

    @Test func feedStateRoundTrips() throws {
        let store = try SQLiteStore(path: path)
        var feed = try store.addFeed(url: "https://example.org/feed.xml", title: "Example").feed
        #expect(try store.addFeed(url: "https://example.org/feed.xml").added == false)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        feed.etag = "\"abc\""
        feed.lastModified = "Wed, 21 Oct 2026 07:28:00 GMT"
        feed.nextCheck = now.addingTimeInterval(600)
        feed.health = FeedHealth(lastStatus: 503, lastError: "server said 503", consecutiveFailures: 2, lastChecked: now,
                                 lastSuccess: now.addingTimeInterval(-90_000), failingSince: now.addingTimeInterval(-90_000))
        try store.saveFeedState(feed)
        let read = try #require(try store.feed(id: feed.id))
        #expect(read.etag == "\"abc\"" && read.lastModified == feed.lastModified)
        #expect(read.health.consecutiveFailures == 2 && read.health.lastError == "server said 503")
        #expect(read.health.isBroken(now: now))
        #expect(try store.dueFeeds(now: now).isEmpty)
        #expect(try store.dueFeeds(now: now, includeNotDue: true).count == 1)
        #expect(try store.dueFeeds(now: now.addingTimeInterval(601)).count == 1)
    }

    @Test func goneFeedsAreNeverDue() throws {
        let store = try SQLiteStore(path: path)
        var feed = try store.addFeed(url: "https://example.org/gone").feed
        feed.health.gone = true
        try store.saveFeedState(feed)
        #expect(try store.dueFeeds(now: .distantFuture, includeNotDue: true).isEmpty)
    }

    @Test func storyIndexFindsCandidatesByKeyWithinTheWindow() throws {
        let store = try SQLiteStore(path: path)
        let feed = try store.addFeed(url: "https://example.org/feed.xml").feed
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let ids = try store.storeEntries([entry("a", title: "Quake", published: t0), entry("b", title: "Quake again", published: t0)],
                                         feedID: feed.id, fetched: t0).newItemIDs
        let story = try store.createStory(title: "Quake", firstSeen: t0)
        try store.saveStoryFeatures([(StoryFeatures(storyID: story, features: [1, 2, 3], firstSeen: t0, lastSeen: t0, itemCount: 2),
                                      [42, 43])])
        try store.assignItems(ids.map { ($0, story) })
        try store.refreshStories([story])
        let found = try store.storyCandidates(keys: [7, 43], since: t0.addingTimeInterval(-60))
        #expect(found.map(\.storyID) == [story])
        #expect(found.first?.features == [1, 2, 3])
        #expect(try store.storyCandidates(keys: [43], since: t0.addingTimeInterval(60)).isEmpty)
        let listed = try store.storiesWithMembers(since: nil)
        #expect(listed.count == 1 && listed[0].members.count == 2 && listed[0].story.outletCount == 1)
    }

    @Test func storyRecordsFollowTheirItems() throws {
        let store = try SQLiteStore(path: path)
        let first = try store.addFeed(url: "https://one.example/feed.xml").feed
        let second = try store.addFeed(url: "https://two.example/feed.xml").feed
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let a = try store.storeEntries([entry("a", title: "Second report", published: t0.addingTimeInterval(60)),
                                        entry("c", title: "Latest report", published: t0.addingTimeInterval(600))],
                                       feedID: first.id, fetched: t0.addingTimeInterval(900)).newItemIDs
        let b = try store.storeEntries([entry("b", title: "First report", published: t0)], feedID: second.id,
                                       fetched: t0.addingTimeInterval(900)).newItemIDs
        let story = try store.createStory(title: "placeholder", firstSeen: t0)
        let other = try store.createStory(title: "placeholder", firstSeen: t0)
        try store.assignItems((a + b).map { ($0, story) })
        try store.refreshStories([story, other])
        var record = try #require(try store.story(id: story))
        #expect(record.title == "First report" && record.firstFeedID == second.id && record.firstSeen == t0)
        #expect(record.lastSeen == t0.addingTimeInterval(600) && record.itemCount == 3 && record.outletCount == 2)
        #expect(try store.story(id: other) == nil)          // never got an item
        // The earliest item moves to a story of its own: both records follow.
        let moved = try store.createStory(title: "placeholder", firstSeen: t0)
        try store.assignItems([(b[0], moved)])
        try store.refreshStories([story, moved])
        record = try #require(try store.story(id: story))
        #expect(record.title == "Second report" && record.firstFeedID == first.id && record.itemCount == 2 && record.outletCount == 1)
        #expect(try store.story(id: moved)?.title == "First report")
    }

    @Test func manyRowsAreWrittenInBlocks() throws {
        // 600 keys and 300 assignments: full blocks and every smaller block size.
        let store = try SQLiteStore(path: path)
        let feed = try store.addFeed(url: "https://example.org/feed.xml").feed
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        let ids = try store.storeEntries((0..<300).map { entry("e\($0)", title: "Item \($0)", published: t0) },
                                         feedID: feed.id, fetched: t0).newItemIDs
        let story = try store.createStory(title: "Many", firstSeen: t0)
        let keys = (1...600).map { Int64($0) * 7_919 }
        try store.saveStoryFeatures([(StoryFeatures(storyID: story, features: [9], firstSeen: t0, lastSeen: t0, itemCount: 300), keys)])
        for key in [keys[0], keys[255], keys[256], keys[511], keys[599]] {
            #expect(try store.storyCandidates(keys: [key], since: t0).map(\.storyID) == [story])
        }
        #expect(try store.storyCandidates(keys: [1], since: t0).isEmpty)
        try store.assignItems(ids.map { ($0, story) })
        #expect(try store.items(ids: ids).allSatisfy { $0.item.storyID == story })
        try store.addTermFrequencies(Dictionary(uniqueKeysWithValues: (1...300).map { (Int64($0), $0) }), documents: 300)
        let known = try store.termFrequencies([1, 150, 300, 301])
        #expect(known.documents == 300 && known.frequencies == [1: 1, 150: 150, 300: 300])
    }

    @Test func removingAFeedRemovesItsItemsAndEmptiedStories() throws {
        let store = try SQLiteStore(path: path)
        let feed = try store.addFeed(url: "https://example.org/feed.xml").feed
        let ids = try store.storeEntries([entry("a", title: "Only")], feedID: feed.id, fetched: Date()).newItemIDs
        let story = try store.createStory(title: "Only", firstSeen: Date())
        try store.assignItems([(ids[0], story)])
        try store.refreshStories([story])
        #expect(try store.removeFeed(url: feed.url))
        #expect(try store.itemCount() == 0)
        #expect(try store.stories(since: nil).isEmpty)
        #expect(try store.removeFeed(url: feed.url) == false)
    }

    @Test func oneAlertPerWatchAndStoryAndTheOutboxKeepsUnsentMessages() throws {
        let store = try SQLiteStore(path: path)
        let feed = try store.addFeed(url: "https://example.org/feed.xml").feed
        let ids = try store.storeEntries([entry("a", title: "A"), entry("b", title: "B")], feedID: feed.id, fetched: Date()).newItemIDs
        let story = try store.createStory(title: "A", firstSeen: Date())
        #expect(try store.recordAlert(watchName: "w", storyID: story, itemID: ids[0], kind: .newStory, now: Date()))
        #expect(try store.recordAlert(watchName: "w", storyID: story, itemID: ids[1], kind: .newStory, now: Date()) == false)
        #expect(try store.recordAlert(watchName: "w", storyID: story, itemID: nil, kind: .coverage(outlets: 5), now: Date()))
        let pending = try store.unbatchedAlerts()
        #expect(pending.count == 2)
        let message = try store.enqueue(kind: .alertMail, watchName: "w", recipients: ["a@example.org"], messageID: "<m1@test>",
                                        payload: Array("hello".utf8), alertIDs: pending.map(\.id), now: Date())
        #expect(try store.unbatchedAlerts().isEmpty)
        #expect(try store.unsentMessages().map(\.messageID) == ["<m1@test>"])
        try store.markFailed(message, error: "connection refused")
        #expect(try store.unsentMessages().first?.attempts == 1)
        try store.markSent(message, at: Date())
        #expect(try store.unsentMessages().isEmpty)
        #expect(try store.alertListings(since: nil).allSatisfy { $0.status == "sent" })
    }

    @Test func watchesSaveReplaceAndRemove() throws {
        let store = try SQLiteStore(path: path)
        try store.saveWatch(Watch(name: "x", query: "a", emails: ["one@example.org", "two@example.org"]))
        try store.saveWatch(Watch(name: "x", query: "b"))
        #expect(try store.watches() == [Watch(name: "x", query: "b")])
        #expect(try store.removeWatch(name: "x"))
        #expect(try store.removeWatch(name: "x") == false)
    }

    @Test func anUnwritableLocationIsAClearError() throws {
        let blocker = directory.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        #expect {
            _ = try SQLiteStore(path: blocker.path + "/db.sqlite")
        } throws: { error in
            "\(error)".contains(blocker.path)
        }
    }
}
