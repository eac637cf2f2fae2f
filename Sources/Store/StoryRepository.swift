import Foundation
import Model

/// A story with its members, as `stories` lists it.
public struct StoryWithMembers: Sendable, Hashable {
    public var story: Story
    public var members: [StoryMember]
    public init(story: Story, members: [StoryMember]) { self.story = story; self.members = members }
}

// The persisted candidate index of the story clusterer: opaque features per story and 64-bit keys.
extension SQLiteStore {
    public func storyCandidates(keys: [Int64], since: Date) throws(StoreError) -> [StoryFeatures] {
        guard !keys.isEmpty else { return [] }
        // The newest stories under each key: an index range scan of at most `StoryIndexLimits.candidatesPerKey` entries per key,
        // however common the key, many keys per statement.
        var storyIDs = Set<Int64>()
        let perKey = "SELECT story_id FROM (SELECT story_id FROM story_keys WHERE key = ? ORDER BY story_id DESC LIMIT \(StoryIndexLimits.candidatesPerKey))"
        let unique = Array(Set(keys))
        try db.forEachBlock(count: unique.count, blockSize: 64) { (block: Range<Int>) throws(StoreError) in
            let sql = Array(repeating: perKey, count: block.count).joined(separator: " UNION ALL ")
            try db.forEach(sql, arguments: Array(unique[block])) { storyIDs.insert($0.int(0)) }
        }
        var out: [StoryFeatures] = []
        try db.forEach("""
            SELECT story_id, features, first_seen, last_seen, item_count FROM story_features
            WHERE story_id IN (SELECT value FROM json_each(?)) AND last_seen >= ?
            """, arguments: [Self.jsonArray(storyIDs), since]) { r in
            out.append(StoryFeatures(storyID: r.int(0), features: r.blob(1), firstSeen: r.date(2), lastSeen: r.date(3),
                                     itemCount: Int(r.int(4))))
        }
        return out
    }

    public func createStory(title: String, firstSeen: Date) throws(StoreError) -> Int64 {
        try db.run("INSERT INTO stories (title, first_seen, last_seen) VALUES (?, ?, ?)", title, firstSeen, firstSeen)
        return db.lastInsertRowID
    }

    public func saveStoryFeatures(_ stories: [(features: StoryFeatures, newKeys: [Int64])]) throws(StoreError) {
        var rows: [any SQLBindable] = [], pairs: [(key: Int64, storyID: Int64)] = []
        rows.reserveCapacity(stories.count * 5)
        for (features, newKeys) in stories {
            rows += [features.storyID, features.features, features.firstSeen, features.lastSeen, features.itemCount] as [any SQLBindable]
            for key in Set(newKeys) { pairs.append((key, features.storyID)) }
        }
        // In key order, the inserts walk the key tree's pages once each instead of jumping about it.
        pairs.sort { ($0.key, $0.storyID) < ($1.key, $1.storyID) }
        var keys: [any SQLBindable] = []
        keys.reserveCapacity(pairs.count * 2)
        for pair in pairs { keys += [pair.key, pair.storyID] as [any SQLBindable] }
        try db.runRows("INSERT INTO story_features (story_id, features, first_seen, last_seen, item_count)", columns: 5, values: rows, """
            ON CONFLICT(story_id) DO UPDATE SET features = excluded.features, first_seen = excluded.first_seen,
                last_seen = excluded.last_seen, item_count = excluded.item_count
            """)
        try db.runRows("INSERT OR IGNORE INTO story_keys (key, story_id)", columns: 2, values: keys)
    }

    public func assignItems(_ assignments: [(itemID: Int64, storyID: Int64)]) throws(StoreError) {
        try db.runRows("UPDATE items SET story_id = v.column2 FROM (", columns: 2,
                       values: assignments.flatMap { [$0.itemID, $0.storyID] as [any SQLBindable] }, ") AS v WHERE items.id = v.column1")
    }

    public func termFrequencies(_ terms: [Int64]) throws(StoreError) -> (documents: Int, frequencies: [Int64: Int]) {
        let documents = Int(try db.scalarInt("SELECT value FROM counters WHERE name = 'story_term_documents'"))
        var frequencies: [Int64: Int] = [:]
        guard !terms.isEmpty else { return (documents, frequencies) }
        try db.forEach("SELECT term, df FROM story_term_df WHERE term IN (SELECT value FROM json_each(?))",
                       arguments: [Self.jsonArray(terms)]) { r in
            frequencies[r.int(0)] = Int(r.int(1))
        }
        return (documents, frequencies)
    }

    public func addTermFrequencies(_ frequencies: [Int64: Int], documents: Int) throws(StoreError) {
        try db.transaction { () throws(StoreError) in
            // In term order, as the story keys: each page of the table is visited once.
            try db.runRows("INSERT INTO story_term_df (term, df)", columns: 2,
                           values: frequencies.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] as [any SQLBindable] },
                           "ON CONFLICT(term) DO UPDATE SET df = df + excluded.df")
            try db.run("UPDATE counters SET value = value + ? WHERE name = 'story_term_documents'", documents)
        }
    }

    /// Recomputes the display record of each story from its items: representative title (the first item's),
    /// first seen, first outlet, distinct outlets. Stories left without items are deleted.
    public func refreshStories(_ ids: [Int64]) throws(StoreError) {
        guard !ids.isEmpty else { return }
        let list = Self.jsonArray(Set(ids))
        // Counts and times come from the items_story index alone; the first item's row is read for its title.
        try db.run("""
            UPDATE stories SET title = r.title, first_seen = r.first_seen, first_feed_id = r.feed_id, last_seen = r.last_seen,
                outlet_count = r.outlets, item_count = r.items
            FROM (
                SELECT a.story_id, a.first_seen, a.last_seen, a.items, a.outlets, i.title, i.feed_id FROM (
                    SELECT story_id, min(seen) AS first_seen, max(seen) AS last_seen, count(*) AS items, count(DISTINCT feed_id) AS outlets
                    FROM items WHERE story_id IN (SELECT value FROM json_each(?1)) GROUP BY story_id
                ) AS a
                JOIN items AS i ON i.id = (SELECT id FROM items WHERE story_id = a.story_id ORDER BY seen, id LIMIT 1)
            ) AS r
            WHERE stories.id = r.story_id
            """, list)
        try db.run("""
            DELETE FROM stories WHERE id IN (SELECT value FROM json_each(?1))
                AND NOT EXISTS (SELECT 1 FROM items WHERE story_id = stories.id)
            """, list)
    }

    /// Ids as a JSON array, for `IN (SELECT value FROM json_each(?))`: one statement for any number of ids.
    static func jsonArray(_ ids: some Collection<Int64>) -> String {
        "[" + ids.map(String.init).joined(separator: ",") + "]"
    }

    /// Strings as a JSON array, likewise.
    static func jsonArray(_ strings: [String]) -> String {
        guard let data = try? JSONEncoder().encode(strings) else { return "[]" }   // [String] always encodes
        return String(decoding: data, as: UTF8.self)
    }

    static let storyColumns = """
        s.id, s.title, s.first_seen, s.last_seen, s.first_feed_id, COALESCE(NULLIF(f.title, ''), f.url), s.outlet_count, s.item_count
        """

    static func story(_ r: Row) -> Story {
        Story(id: r.int(0), title: r.string(1), firstSeen: r.date(2), lastSeen: r.date(3), firstFeedID: r.optionalInt(4),
              firstOutlet: r.optionalString(5).map(outletName), outletCount: Int(r.int(6)), itemCount: Int(r.int(7)))
    }

    /// Stories first seen at or after `since` (every story when nil), newest first.
    public func stories(since: Date?) throws(StoreError) -> [Story] {
        try db.query("""
            SELECT \(Self.storyColumns) FROM stories s LEFT JOIN feeds f ON f.id = s.first_feed_id
            WHERE s.item_count > 0 AND s.last_seen >= ? ORDER BY s.first_seen DESC, s.id DESC
            """, since ?? .distantPast, map: Self.story)
    }

    public func story(id: Int64) throws(StoreError) -> Story? {
        try db.first("SELECT \(Self.storyColumns) FROM stories s LEFT JOIN feeds f ON f.id = s.first_feed_id WHERE s.id = ?",
                     id, map: Self.story)
    }

    /// A story's items, earliest first.
    public func storyMembers(storyID: Int64) throws(StoreError) -> [StoryMember] {
        try db.query("""
            SELECT i.id, i.guid, i.link, i.feed_id, COALESCE(NULLIF(f.title, ''), f.url), i.title, i.published, i.fetched
            FROM items i JOIN feeds f ON f.id = i.feed_id WHERE i.story_id = ? ORDER BY i.seen, i.id
            """, storyID) {
            StoryMember(itemID: $0.int(0), guid: $0.string(1), link: $0.optionalString(2), feedID: $0.int(3),
                        feed: Self.outletName($0.string(4)), title: $0.string(5), published: $0.optionalDate(6), fetched: $0.date(7))
        }
    }

    /// Stories (as `stories(since:)`) with their members, read in two queries.
    public func storiesWithMembers(since: Date?) throws(StoreError) -> [StoryWithMembers] {
        let stories = try stories(since: since)
        var members: [Int64: [StoryMember]] = [:]
        try db.forEach("""
            SELECT i.id, i.guid, i.link, i.feed_id, COALESCE(NULLIF(f.title, ''), f.url), i.title, i.published, i.fetched, i.story_id
            FROM items i JOIN feeds f ON f.id = i.feed_id JOIN stories s ON s.id = i.story_id
            WHERE s.last_seen >= ? ORDER BY i.seen, i.id
            """, arguments: [since ?? .distantPast]) { r in
            members[r.int(8), default: []].append(
                StoryMember(itemID: r.int(0), guid: r.string(1), link: r.optionalString(2), feedID: r.int(3),
                            feed: Self.outletName(r.string(4)), title: r.string(5), published: r.optionalDate(6), fetched: r.date(7)))
        }
        return stories.map { StoryWithMembers(story: $0, members: members[$0.id] ?? []) }
    }

    /// Items not yet in any story (left by an interrupted pass), for the next pass to cluster.
    public func unclusteredItemIDs() throws(StoreError) -> [Int64] {
        try db.query("SELECT id FROM items WHERE story_id IS NULL ORDER BY seen, id") { $0.int(0) }
    }

    /// A feed title, or the host of a feed URL when the feed has no title.
    static func outletName(_ titleOrURL: String) -> String {
        if titleOrURL.contains("://"), let host = URLComponents(string: titleOrURL)?.host { return host }
        return titleOrURL
    }
}
