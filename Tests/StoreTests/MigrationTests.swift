import Foundation
import Testing
import Model
@testable import Store
import TestSupport

/// Schema steps applied to databases written by earlier versions, and the story keys' clean-up.
struct MigrationTests {
    let path: String

    init() throws {
        path = try TestPaths.temporaryDirectory("migration").appendingPathComponent("newswatch.db").path
    }

    func storyKeyCount(_ store: SQLiteStore, story: Int64) throws -> Int64 {
        try store.db.scalarInt("SELECT count(*) FROM story_keys WHERE story_id = ?", story)
    }

    @Test func storyKeysOfSchemaThreeSurviveTheMoveToSchemaFour() throws {
        do {
            let old = try Database(path: path)
            for step in Migrations.steps.prefix(3) { try old.execute(step) }
            try old.execute("PRAGMA user_version = 3")
            try old.execute("INSERT INTO stories (id, title, first_seen, last_seen) VALUES (7, 'Old story', 0, 0)")
            try old.execute("INSERT INTO story_keys (key, story_id) VALUES (11, 7), (12, 7), (-5, 7)")
        }
        let store = try SQLiteStore(path: path)
        #expect(try store.schemaVersion == Migrations.steps.count)
        #expect(try storyKeyCount(store, story: 7) == 3)
        #expect(try store.storyCandidates(keys: [11], since: .distantPast).isEmpty)   // keys without features find nothing
    }

    @Test func deletedStoryTakesItsKeysAlong() throws {
        let store = try SQLiteStore(path: path)
        let feed = try store.addFeed(url: "https://example.org/feed.xml").feed
        let ids = try store.storeEntries([ParsedEntry(id: "a", title: "Only")], feedID: feed.id, fetched: Date()).newItemIDs
        let story = try store.createStory(title: "Only", firstSeen: Date())
        try store.assignItems([(ids[0], story)])
        try store.saveStoryFeatures([(StoryFeatures(storyID: story, features: [1, 2, 3], firstSeen: Date(), lastSeen: Date(), itemCount: 1),
                                      [40, 41, 40])])
        #expect(try storyKeyCount(store, story: story) == 2)
        #expect(try store.storyCandidates(keys: [41], since: .distantPast).map(\.storyID) == [story])
        #expect(try store.removeFeed(url: feed.url))
        #expect(try storyKeyCount(store, story: story) == 0)
        #expect(try store.storyCandidates(keys: [40, 41], since: .distantPast).isEmpty)
    }
}
