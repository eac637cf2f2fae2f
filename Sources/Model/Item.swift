import Foundation

/// A stored item: one outlet's copy of an article.
public struct Item: Sendable, Hashable, Codable {
    public var id: Int64
    public var feedID: Int64
    public var guid: String
    public var link: String?
    public var canonicalLink: String?
    public var title: String
    /// Plain text of the summary/content, for matching and clustering.
    public var text: String
    /// Sanitized HTML of the content (or summary).
    public var html: String?
    public var published: Date?
    public var fetched: Date
    public var storyID: Int64?

    public init(id: Int64, feedID: Int64, guid: String, link: String?, canonicalLink: String?, title: String, text: String,
                html: String?, published: Date?, fetched: Date, storyID: Int64? = nil) {
        self.id = id; self.feedID = feedID; self.guid = guid; self.link = link; self.canonicalLink = canonicalLink
        self.title = title; self.text = text; self.html = html; self.published = published; self.fetched = fetched
        self.storyID = storyID
    }

    /// When the item entered the news: its publication date, else when we first fetched it.
    public var seen: Date { published ?? fetched }
}

/// What storing a feed's entries did: which items are new and which changed, for clustering and matching.
public struct StoreOutcome: Sendable, Hashable {
    /// The items stored for the first time, as stored (in `newItemIDs` order), so that the pass need not read them back.
    public var newItems: [Item]
    public var updatedItemIDs: [Int64]
    public var newItemIDs: [Int64] { newItems.map(\.id) }
    public init(newItems: [Item] = [], updatedItemIDs: [Int64] = []) { self.newItems = newItems; self.updatedItemIDs = updatedItemIDs }
}
