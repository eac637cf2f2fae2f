import Foundation
import Model

/// An item with what the matcher and renderers need about its outlet.
public struct ItemWithSource: Sendable, Hashable {
    public var item: Item
    public var feedTitle: String
    public var feedURL: String
    public init(item: Item, feedTitle: String, feedURL: String) { self.item = item; self.feedTitle = feedTitle; self.feedURL = feedURL }
}

/// A feed's entries between `stageEntries` and `insertStaged`: the outcome (new items with their ids, edited
/// items' ids) and the rows still to insert.
public struct StagedEntries {
    public fileprivate(set) var outcome = StoreOutcome()
    /// Where each new item's entry stood in the entries staged (in `outcome.newItems` order).
    public fileprivate(set) var newEntryIndices: [Int] = []
    /// What a new item's row holds beyond the `Item` (in `outcome.newItems` order).
    fileprivate var rowExtras: [(authors: String, categories: String, updated: Date?, seen: Date, hash: Int64)] = []
}

extension SQLiteStore {
    static let itemColumns = "i.id, i.feed_id, i.guid, i.link, i.canonical_link, i.title, i.text, i.html, i.published, i.fetched, i.story_id"

    static func item(_ r: Row) -> Item {
        Item(id: r.int(0), feedID: r.int(1), guid: r.string(2), link: r.optionalString(3), canonicalLink: r.optionalString(4),
             title: r.string(5), text: r.string(6), html: r.optionalString(7), published: r.optionalDate(8), fetched: r.date(9),
             storyID: r.optionalInt(10))
    }

    /// Stores a feed's entries: new ones are inserted, ones seen before (same feed and guid) are updated in place
    /// when their content changed. Runs in one transaction (or inside the caller's).
    public func storeEntries(_ entries: [ParsedEntry], feedID: Int64, fetched: Date) throws(StoreError) -> StoreOutcome {
        try db.transaction { () throws(StoreError) in
            var nextID = try nextItemID()
            let staged = try stageEntries(entries, feedID: feedID, fetched: fetched, nextID: &nextID)
            try insertStaged([staged], storyIDs: [:])
            return staged.outcome
        }
    }

    /// The id the next new item gets. Call it inside the transaction that inserts the items (the write lock
    /// is held, so the ids are the database's to give).
    public func nextItemID() throws(StoreError) -> Int64 {
        try db.scalarInt("SELECT COALESCE(max(id), 0) FROM items") + 1
    }

    /// The first half of storing a feed's entries, for a caller that learns the new items' stories before
    /// they are written: edits to items stored before are applied now; new entries get ids from `nextID` on
    /// and wait in the result for `insertStaged`, which writes each with its story in one insert (rather than
    /// inserting the rows and then rewriting every one of them to set its story). The stored rows are looked
    /// up in one statement. Of entries sharing a guid, the first counts.
    /// `contentHashes`, when given, holds `contentHash(_:)` of each entry (in `entries` order), computed
    /// ahead on another thread.
    public func stageEntries(_ entries: [ParsedEntry], feedID: Int64, fetched: Date, nextID: inout Int64,
                             contentHashes: [Int64]? = nil) throws(StoreError) -> StagedEntries {
        precondition(contentHashes.map { $0.count == entries.count } ?? true, "one content hash per entry")
        var staged = StagedEntries()
        var seenGuids = Set<ExactText>()
        let unique = entries.indices.filter { seenGuids.insert(ExactText(text: entries[$0].id)).inserted }
        guard !unique.isEmpty else { return staged }
        var stored: [ExactText: (id: Int64, hash: Int64)] = [:]
        func remember(_ row: Row) { stored[ExactText(text: row.string(0))] = (row.int(1), row.int(2)) }
        // json_each ends a string at U+0000, so the rare guid holding one is looked up on its own.
        let guids = unique.map { entries[$0].id }
        try db.forEach("SELECT guid, id, content_hash FROM items WHERE feed_id = ? AND guid IN (SELECT value FROM json_each(?))",
                       arguments: [feedID, Self.jsonArray(guids.filter { !$0.utf8.contains(0) })], remember)
        for guid in guids where guid.utf8.contains(0) {
            try db.forEach("SELECT guid, id, content_hash FROM items WHERE feed_id = ? AND guid = ?", arguments: [feedID, guid], remember)
        }
        for index in unique {
            let entry = entries[index]
            let html = entry.content ?? entry.summary
            // Feeds that give only an update time (RSS 1.0's dc:date, Atom without published) are dated by it.
            let published = entry.published ?? entry.updated
            let hash = contentHashes?[index] ?? Self.contentHash(entry)
            let authors = ListColumn.encode(entry.authors), categories = ListColumn.encode(entry.categories)
            if let (id, oldHash) = stored[ExactText(text: entry.id)] {
                guard oldHash != hash else { continue }
                try db.run("""
                    UPDATE items SET link = ?, canonical_link = ?, title = ?, text = ?, html = ?, authors = ?, categories = ?,
                        published = COALESCE(?, published), updated = ?, content_hash = ? WHERE id = ?
                    """, arguments: [entry.link, entry.canonicalLink, entry.title, entry.text, html, authors, categories,
                                     published, entry.updated, hash, id])
                staged.outcome.updatedItemIDs.append(id)
            } else {
                let seen = published.map { min($0, fetched) } ?? fetched
                staged.rowExtras.append((authors, categories, entry.updated, seen, hash))
                staged.newEntryIndices.append(index)
                staged.outcome.newItems.append(Item(id: nextID, feedID: feedID, guid: entry.id, link: entry.link,
                                                    canonicalLink: entry.canonicalLink, title: entry.title, text: entry.text, html: html,
                                                    published: published, fetched: fetched))
                nextID += 1
            }
        }
        return staged
    }

    /// Inserts the new items of staged feeds, each with its story from `storyIDs` (none when absent),
    /// many per statement.
    public func insertStaged(_ staged: [StagedEntries], storyIDs: [Int64: Int64]) throws(StoreError) {
        var values: [any SQLBindable] = []
        values.reserveCapacity(16 * staged.reduce(0) { $0 + $1.outcome.newItems.count })
        for feed in staged {
            for (item, extra) in zip(feed.outcome.newItems, feed.rowExtras) {
                let row: [any SQLBindable] = [item.id, item.feedID, item.guid, item.link, item.canonicalLink, item.title, item.text, item.html,
                                              extra.authors, extra.categories, item.published, extra.updated, item.fetched, extra.seen,
                                              extra.hash, storyIDs[item.id]]
                values.append(contentsOf: row)
            }
        }
        try db.runRows("""
            INSERT INTO items (id, feed_id, guid, link, canonical_link, title, text, html, authors, categories, published,
                updated, fetched, seen, content_hash, story_id)
            """, columns: 16, values: values)
    }

    /// A stable 64-bit hash of what a reader sees of an entry, to tell an edit from a re-fetch.
    public static func contentHash(_ entry: ParsedEntry) -> Int64 {
        var hasher = ContentHasher()
        hasher.add(entry.title); hasher.add(entry.link ?? ""); hasher.add(entry.text); hasher.add(entry.content ?? entry.summary ?? "")
        return Int64(bitPattern: hasher.value)
    }

    /// The given items with their outlets, in the order of `ids`.
    public func items(ids: [Int64]) throws(StoreError) -> [ItemWithSource] {
        guard !ids.isEmpty else { return [] }
        var byID: [Int64: ItemWithSource] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            try db.forEach("""
                SELECT \(Self.itemColumns), COALESCE(NULLIF(f.title, ''), f.url), f.url FROM items i JOIN feeds f ON f.id = i.feed_id
                WHERE i.id IN (\(marks))
                """, arguments: chunk) { r in
                byID[r.int(0)] = ItemWithSource(item: Self.item(r), feedTitle: r.string(11), feedURL: r.string(12))
            }
        }
        return ids.compactMap { byID[$0] }
    }

    /// Items first seen at or after `since` (all when nil), newest first, with their outlets.
    public func items(since: Date?) throws(StoreError) -> [ItemWithSource] {
        try db.query("""
            SELECT \(Self.itemColumns), COALESCE(NULLIF(f.title, ''), f.url), f.url FROM items i JOIN feeds f ON f.id = i.feed_id
            WHERE i.seen >= ? ORDER BY i.seen DESC, i.id DESC
            """, since ?? .distantPast) { ItemWithSource(item: Self.item($0), feedTitle: $0.string(11), feedURL: $0.string(12)) }
    }

    /// How many items there are (all feeds).
    public func itemCount() throws(StoreError) -> Int { Int(try db.scalarInt("SELECT count(*) FROM items")) }

    /// Items fetched in [start, end).
    public func itemsFetched(from start: Date, to end: Date) throws(StoreError) -> Int {
        Int(try db.scalarInt("SELECT count(*) FROM items WHERE fetched >= ? AND fetched < ?", start, end))
    }
}
