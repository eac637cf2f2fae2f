import Foundation
import Model

/// Puts items into stories: exact duplicates first (canonical link or global guid, normalized title),
/// then text similarity against story centroids found through an inverted index of informative terms.
///
/// One call is one pass: it reads the candidate stories and term statistics it needs from the index,
/// clusters the new items in time order (each joins the most similar story in its time window or opens
/// one), then writes back every story it touched, the item assignments and the pass's term counts.
public final class StoryClusterer {
    public let options: ClusterOptions
    private var tokenizer = Tokenizer()

    public init(options: ClusterOptions = ClusterOptions()) { self.options = options }

    /// Clusters new (or edited) items against the stories already stored, and assigns every one of them.
    /// Returns the story id of each input item, in input order.
    @discardableResult
    public func cluster(_ items: [ClusterInput], index: some StoryIndexStore) throws -> [Int64] {
        var result = [Int64](repeating: 0, count: items.count)
        var fresh: [Int] = []
        for (position, item) in items.enumerated() {
            if let existing = item.existingStoryID { result[position] = existing } else { fresh.append(position) }
        }
        var clock = DebugClock()
        let profiles = fresh.map { ItemProfile(items[$0], options: options, tokenizer: &tokenizer) }
        clock.lap("profiles")
        let statistics = try TermStatistics(profiles: profiles, index: index)
        clock.lap("statistics")

        let weighted = profiles.map { $0.vector(statistics: statistics, limit: options.maxItemTerms) }
        let vectors = weighted.map(\.vector)
        let termKeys = weighted.map { $0.termsByWeight.prefix(options.candidateKeyTerms).map(CandidateKey.term) }
        var allKeys = Set<Int64>()
        for (profile, keys) in zip(profiles, termKeys) { allKeys.formUnion(profile.exactKeys); allKeys.formUnion(keys) }
        let earliest = fresh.map { items[$0].time }.min() ?? Date()
        clock.lap("vectors")
        let pass = try ClusteringPass(options: options, index: index, keys: allKeys.sorted(),
                                      since: earliest.addingTimeInterval(-options.window))

        let order = fresh.indices.sorted { (items[fresh[$0]].time, fresh[$0]) < (items[fresh[$1]].time, fresh[$1]) }
        for slot in order {
            result[fresh[slot]] = try pass.place(items[fresh[slot]], vector: vectors[slot], exactKeys: profiles[slot].exactKeys,
                                                 termKeys: termKeys[slot], anchors: profiles[slot].anchors(weighted[slot].termsByWeight, limit: options.anchorTerms))
        }
        clock.lap("prefetch+place")
        try pass.save()
        clock.lap("save")
        for (position, item) in items.enumerated() {
            try index.assignItem(item.itemID, toStory: result[position])
        }
        try statistics.record(in: index)
        clock.lap("assign+record")
        return result
    }
}

struct DebugClock {
    let enabled = ProcessInfo.processInfo.environment["NW_DEBUG"] != nil
    var last = DispatchTime.now().uptimeNanoseconds
    mutating func lap(_ name: String) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        print("  \(name): \(Double(now - last) / 1e6) ms")
        last = now
    }
}
