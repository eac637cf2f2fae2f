import Foundation
import Model

/// Where the clusterer keeps its candidate index and term statistics between passes. The store
/// implements it; candidate keys and term ids are 64-bit hashes the clusterer derives.
///
/// Expected tables (SQLite shown; any backend with the same semantics works):
/// - `story_features(story_id PRIMARY KEY, features BLOB, first_seen, last_seen, item_count)`
/// - `story_keys(key INTEGER, story_id INTEGER, PRIMARY KEY(key, story_id))`, looked up by key
/// - `story_term_df(term INTEGER PRIMARY KEY, df INTEGER NOT NULL)` plus one counter of documents
///   (e.g. a row in a meta table) for `termFrequencies` / `addTermFrequencies`.
public protocol StoryIndexStore: AnyObject {
    /// Stories that hold any of `keys` and were last seen at or after `since`, taken from the newest
    /// `StoryIndexLimits.candidatesPerKey` stories (highest ids) under each key.
    func storyCandidates(keys: [Int64], since: Date) throws -> [StoryFeatures]
    /// Creates an empty story and returns its id.
    func createStory(title: String, firstSeen: Date) throws -> Int64
    /// Replaces stories' persisted features and adds candidate keys for each (adding a key it already holds is a no-op).
    func saveStoryFeatures(_ stories: [(features: StoryFeatures, newKeys: [Int64])]) throws
    /// How many clustered items contained each of `terms` (terms never seen are left out or 0), and how
    /// many items were counted in all. Feeds the clusterer's inverse document frequencies.
    func termFrequencies(_ terms: [Int64]) throws -> (documents: Int, frequencies: [Int64: Int])
    /// Adds one pass's counts: `frequencies[t]` more items contained term `t`; `documents` more items were counted.
    func addTermFrequencies(_ frequencies: [Int64: Int], documents: Int) throws
}
