import Foundation

/// One event as reported by one or more outlets.
public struct Story: Sendable, Hashable, Codable {
    public var id: Int64
    /// The representative title.
    public var title: String
    public var firstSeen: Date
    public var lastSeen: Date
    /// The feed whose item was seen first.
    public var firstFeedID: Int64?
    public var firstOutlet: String?
    /// Distinct outlets (feeds) that carried an item of the story.
    public var outletCount: Int
    public var itemCount: Int

    public init(id: Int64, title: String, firstSeen: Date, lastSeen: Date, firstFeedID: Int64?, firstOutlet: String?,
                outletCount: Int, itemCount: Int) {
        self.id = id; self.title = title; self.firstSeen = firstSeen; self.lastSeen = lastSeen; self.firstFeedID = firstFeedID
        self.firstOutlet = firstOutlet; self.outletCount = outletCount; self.itemCount = itemCount
    }
}

/// A story member as listed by `stories --json`.
public struct StoryMember: Sendable, Hashable, Codable {
    public var itemID: Int64
    public var guid: String
    public var link: String?
    public var feedID: Int64
    public var feed: String
    public var title: String
    public var published: Date?
    public var fetched: Date
    public init(itemID: Int64, guid: String, link: String?, feedID: Int64, feed: String, title: String, published: Date?, fetched: Date) {
        self.itemID = itemID; self.guid = guid; self.link = link; self.feedID = feedID; self.feed = feed; self.title = title
        self.published = published; self.fetched = fetched
    }
}
