import Foundation
import Model
import Store
import Watches

/// `search` and `watch test`: the watch language evaluated over the stored archive.
public struct ArchiveSearch {
    let store: SQLiteStore
    public init(store: SQLiteStore) { self.store = store }

    /// Checks a query, pointing at the problem when it does not parse.
    public static func validate(_ query: String) throws(NewsWatchError) -> WatchQuery {
        do { return try WatchQuery.parse(query) } catch {
            throw NewsWatchError(error.pointingAtPosition())
        }
    }

    /// Items first seen since `since` (all when nil) that match `query`, newest first.
    public func items(matching query: String, since: Date?) throws(NewsWatchError) -> [ItemWithSource] {
        let matcher = WatchMatcher(queries: [try Self.validate(query)])
        do {
            return try store.items(since: since).filter { !matcher.matches(CompiledWatches.document($0)).isEmpty }
        } catch { throw NewsWatchError("\(error)") }
    }

    /// Stories with an item matching `query` among those seen since `since`, with the matching items.
    public func stories(matching query: String, since: Date) throws(NewsWatchError) -> [(story: Story, items: [ItemWithSource])] {
        let hits = try items(matching: query, since: since)
        var order: [Int64] = []
        var byStory: [Int64: [ItemWithSource]] = [:]
        for hit in hits {
            guard let id = hit.item.storyID else { continue }
            if byStory[id] == nil { order.append(id) }
            byStory[id, default: []].append(hit)
        }
        do {
            return try order.compactMap { id in try store.story(id: id).map { ($0, byStory[id] ?? []) } }
                .sorted { ($0.story.outletCount, $0.story.firstSeen) > ($1.story.outletCount, $1.story.firstSeen) }
        } catch { throw NewsWatchError("\(error)") }
    }
}
