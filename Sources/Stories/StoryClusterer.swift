import Foundation
import Model

/// Puts items into stories: exact duplicates first (canonical link or global guid, normalized title),
/// then text similarity against story centroids found through an inverted index of informative terms.
///
/// One call is one pass: it reads the candidate stories and term statistics it needs from the index,
/// clusters the new items in time order (each joins the most similar story in its time window or opens
/// one), then writes back every story it touched, the item assignments and the pass's term counts.
///
/// Chaining is bounded three ways: an item is compared with story centroids (the average of the story's
/// items), never with single members; a story accepts items only within `window` of its own span; and
/// existing stories are never merged with each other: an item that resembles two stories joins the
/// closer one and the two stay apart, so one bridging item cannot collapse unrelated events.
public final class StoryClusterer {
    public let options: ClusterOptions

    public init(options: ClusterOptions = ClusterOptions()) { self.options = options }

    /// Clusters new (or edited) items against the stories already stored, and assigns every one of them.
    /// Returns the story id of each input item, in input order.
    @discardableResult
    public func cluster(_ items: [ClusterInput], index: some StoryIndexStore) throws -> [Int64] {
        var result = [Int64](repeating: 0, count: items.count)
        var freshPositions: [Int] = []
        for (position, item) in items.enumerated() {
            if let existing = item.existingStoryID { result[position] = existing } else { freshPositions.append(position) }
        }
        let fresh = freshPositions.map { items[$0] }
        let (statistics, prepared) = try prepare(fresh, index: index)

        var allKeys = Set<Int64>()
        for item in prepared { allKeys.formUnion(item.exactKeys); allKeys.formUnion(item.termKeys) }
        let earliest = fresh.map(\.time).min() ?? Date()
        let pass = try ClusteringPass(options: options, index: index, keys: allKeys,
                                      since: earliest.addingTimeInterval(-options.window))
        let order = fresh.indices.sorted { (fresh[$0].time, $0) < (fresh[$1].time, $1) }
        for slot in order {
            result[freshPositions[slot]] = try pass.place(fresh[slot], prepared[slot])
        }
        try pass.save()
        for (position, item) in items.enumerated() {
            try index.assignItem(item.itemID, toStory: result[position])
        }
        try statistics.record(in: index)
        return result
    }

    /// Reads and weights the items on all cores; their full term lists are dropped once weighted.
    private func prepare(_ items: [ClusterInput], index: some StoryIndexStore) throws -> (TermStatistics, [PreparedItem]) {
        let options = self.options
        let profiles = parallelMap(count: items.count, makeState: { Tokenizer() }) { tokenizer, slot in
            ItemProfile(items[slot], options: options, tokenizer: &tokenizer)
        }
        let statistics = try TermStatistics(profiles: profiles, index: index)
        let prepared = parallelMap(count: profiles.count, makeState: { () }) { _, slot in
            PreparedItem(profiles[slot], statistics: statistics, options: options)
        }
        return (statistics, prepared)
    }
}

