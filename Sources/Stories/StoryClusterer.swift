import Foundation
import Model

/// Clustering settings (`[stories]` in the config file).
public struct ClusterOptions: Sendable, Hashable {
    /// Items further apart in time than this never join the same story.
    public var window: TimeInterval = 3 * 86_400
    public init() {}
}

/// Where the clusterer keeps its candidate index between passes. The store implements it;
/// candidate keys are 64-bit hashes the clusterer derives (canonical link, guid, title, LSH bands...).
public protocol StoryIndexStore: AnyObject {
    /// Stories that hold any of `keys` and were last seen at or after `since`.
    func storyCandidates(keys: [Int64], since: Date) throws -> [StoryFeatures]
    /// Creates an empty story and returns its id.
    func createStory(title: String, firstSeen: Date) throws -> Int64
    /// Replaces a story's persisted features and adds candidate keys for it.
    func saveStoryFeatures(_ features: StoryFeatures, addingKeys keys: [Int64]) throws
    /// Puts an item into a story (moving it if it was elsewhere).
    func assignItem(_ itemID: Int64, toStory storyID: Int64) throws
}

/// Puts items into stories: exact duplicates first, then text similarity.
public final class StoryClusterer {
    public let options: ClusterOptions
    public init(options: ClusterOptions = ClusterOptions()) { self.options = options }

    /// Clusters new (or edited) items against the stories already stored, and assigns every one of them.
    /// Returns the story id of each input item, in input order.
    @discardableResult
    public func cluster(_ items: [ClusterInput], index: some StoryIndexStore) throws -> [Int64] {
        // Placeholder until similarity clustering lands: normalized title or canonical link as the only key.
        var result: [Int64] = []
        for item in items {
            if let existing = item.existingStoryID { result.append(existing); continue }
            var keys: [Int64] = [Self.key("t:" + item.title.lowercased())]
            if let link = item.canonicalLink { keys.append(Self.key("l:" + link)) }
            let since = item.time.addingTimeInterval(-options.window)
            let storyID: Int64
            if let found = try index.storyCandidates(keys: keys, since: since).first {
                storyID = found.storyID
                try index.saveStoryFeatures(StoryFeatures(storyID: storyID, features: found.features, firstSeen: min(found.firstSeen, item.time),
                                                          lastSeen: max(found.lastSeen, item.time), itemCount: found.itemCount + 1), addingKeys: keys)
            } else {
                storyID = try index.createStory(title: item.title, firstSeen: item.time)
                try index.saveStoryFeatures(StoryFeatures(storyID: storyID, features: [], firstSeen: item.time, lastSeen: item.time, itemCount: 1), addingKeys: keys)
            }
            try index.assignItem(item.itemID, toStory: storyID)
            result.append(storyID)
        }
        return result
    }

    static func key(_ s: String) -> Int64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in s.utf8 { h ^= UInt64(b); h = h &* 0x100000001b3 }
        return Int64(bitPattern: h)
    }
}
