import Foundation
import Model

extension SQLiteStore {
    private static let feedColumns = """
        id, url, title, site_link, etag, last_modified, next_check, interval_seconds, last_unconditional, pending_redirect,
        last_status, last_error, consecutive_failures, last_checked, last_success, failing_since, gone
        """

    private static func feed(_ r: Row) -> Feed {
        Feed(id: r.int(0), url: r.string(1), title: r.optionalString(2), siteLink: r.optionalString(3), etag: r.optionalString(4),
             lastModified: r.optionalString(5), nextCheck: r.date(6), intervalSeconds: r.double(7),
             lastUnconditionalFetch: r.optionalDate(8), pendingRedirect: r.optionalString(9),
             health: FeedHealth(lastStatus: r.optionalInt(10).map(Int.init), lastError: r.optionalString(11),
                                consecutiveFailures: Int(r.int(12)), lastChecked: r.optionalDate(13), lastSuccess: r.optionalDate(14),
                                failingSince: r.optionalDate(15), gone: r.int(16) != 0))
    }

    /// Adds a feed unless its URL is already subscribed. Returns the feed and whether it was new.
    @discardableResult
    public func addFeed(url: String, title: String? = nil, siteLink: String? = nil, categories: [String] = [],
                        now: Date = Date()) throws(StoreError) -> (feed: Feed, added: Bool) {
        if let existing = try feed(url: url) { return (existing, false) }
        try db.run("INSERT INTO feeds (url, title, site_link, categories, next_check, added) VALUES (?, ?, ?, ?, 0, ?)",
                   url, title, siteLink, ListColumn.encode(categories), now)
        return (try feed(id: db.lastInsertRowID)!, true)
    }

    public func feed(url: String) throws(StoreError) -> Feed? {
        try db.first("SELECT \(Self.feedColumns) FROM feeds WHERE url = ?", url, map: Self.feed)
    }

    public func feed(id: Int64) throws(StoreError) -> Feed? {
        try db.first("SELECT \(Self.feedColumns) FROM feeds WHERE id = ?", id, map: Self.feed)
    }

    /// Every feed, in the order they were added, with items of the last 7 days counted into health.
    public func allFeeds(now: Date = Date()) throws(StoreError) -> [Feed] {
        var feeds = try db.query("SELECT \(Self.feedColumns) FROM feeds ORDER BY id", map: Self.feed)
        let counts = try db.query("SELECT feed_id, count(*) FROM items WHERE fetched >= ? GROUP BY feed_id",
                                  now.addingTimeInterval(-7 * 86_400)) { ($0.int(0), Int($0.int(1))) }
        let byFeed = Dictionary(counts, uniquingKeysWith: +)
        for i in feeds.indices { feeds[i].health.itemsLast7Days = byFeed[feeds[i].id] ?? 0 }
        return feeds
    }

    /// Feeds whose next check has come (all feeds that are not gone when `includeNotDue`).
    public func dueFeeds(now: Date, includeNotDue: Bool = false) throws(StoreError) -> [Feed] {
        try db.query("SELECT \(Self.feedColumns) FROM feeds WHERE gone = 0 AND (? OR next_check <= ?) ORDER BY next_check, id",
                     includeNotDue, now, map: Self.feed)
    }


    /// Removes a feed with its items. Returns false when no feed has that URL.
    @discardableResult
    public func removeFeed(url: String) throws(StoreError) -> Bool {
        try db.transaction { () throws(StoreError) in
            guard let feed = try feed(url: url) else { return false }
            let storyIDs = try db.query("SELECT DISTINCT story_id FROM items WHERE feed_id = ? AND story_id IS NOT NULL", feed.id) { $0.int(0) }
            try db.run("DELETE FROM feeds WHERE id = ?", feed.id)
            try refreshStories(storyIDs)
            return true
        }
    }

    /// Writes a feed's fetch state and health back (including a URL adopted from a permanent redirect).
    public func saveFeedState(_ feed: Feed) throws(StoreError) {
        let h = feed.health
        try db.run("""
            UPDATE feeds SET url = ?, etag = ?, last_modified = ?, next_check = ?, interval_seconds = ?, last_unconditional = ?,
                pending_redirect = ?, last_status = ?, last_error = ?, consecutive_failures = ?, last_checked = ?, last_success = ?,
                failing_since = ?, gone = ? WHERE id = ?
            """, arguments: [feed.url, feed.etag, feed.lastModified, feed.nextCheck, feed.intervalSeconds, feed.lastUnconditionalFetch,
                             feed.pendingRedirect, h.lastStatus, h.lastError, h.consecutiveFailures, h.lastChecked, h.lastSuccess,
                             h.failingSince, h.gone, feed.id])
    }

    /// Records the title and site link a feed document announced, keeping a title set by the subscription list.
    public func updateFeedMetadata(id: Int64, title: String?, siteLink: String?) throws(StoreError) {
        try db.run("UPDATE feeds SET title = COALESCE(NULLIF(title, ''), ?), site_link = COALESCE(?, site_link) WHERE id = ?",
                   title, siteLink, id)
    }
}
