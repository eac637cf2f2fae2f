import Foundation

/// What the story clusterer persists per story between passes, as opaque bytes it alone interprets,
/// plus the times that bound its window. The store keeps it; only the clusterer reads inside `features`.
public struct StoryFeatures: Sendable, Hashable {
    public var storyID: Int64
    public var features: [UInt8]
    public var firstSeen: Date
    public var lastSeen: Date
    public var itemCount: Int
    public init(storyID: Int64, features: [UInt8], firstSeen: Date, lastSeen: Date, itemCount: Int) {
        self.storyID = storyID; self.features = features; self.firstSeen = firstSeen; self.lastSeen = lastSeen; self.itemCount = itemCount
    }
}

/// How many stories a story index returns per candidate key at most: the newest (highest ids). The
/// clusterer skips a key held by more live stories than it can compare, so a common word never drags every
/// story of the window out of the database; one more than that tells it the key is common.
public enum StoryIndexLimits {
    public static let candidatesPerKey = 65
}

/// An item as the clusterer sees it.
public struct ClusterInput: Sendable, Hashable {
    public var itemID: Int64
    public var feedID: Int64
    public var guid: String
    public var canonicalLink: String?
    public var title: String
    public var text: String
    /// Published time, else fetch time.
    public var time: Date
    /// The item's current story when it was stored before (an edited item stays in its story).
    public var existingStoryID: Int64?
    public init(itemID: Int64, feedID: Int64, guid: String, canonicalLink: String?, title: String, text: String, time: Date,
                existingStoryID: Int64? = nil) {
        self.itemID = itemID; self.feedID = feedID; self.guid = guid; self.canonicalLink = canonicalLink; self.title = title
        self.text = text; self.time = time; self.existingStoryID = existingStoryID
    }
}
