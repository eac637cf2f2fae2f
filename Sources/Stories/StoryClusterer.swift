import Foundation
import Model

/// Puts items into stories: exact duplicates first (canonical link or global guid, normalized title),
/// then text similarity against story centroids found through an inverted index of informative terms.
///
/// One call is one pass: it reads the candidate stories and term statistics it needs from the index (those
/// an earlier call on the same index did not read already), clusters the new items in time order (each joins
/// the most similar story in its time window or opens one), then writes back every story it touched and the
/// pass's term counts. The items' stories are returned: storing them with the items is the caller's part
/// (a cron pass inserts new items with their story in one write).
///
/// Chaining is bounded three ways: an item is compared with story centroids (the average of the story's
/// items), never with single members; a story accepts items only within `window` of its own span; and
/// existing stories are never merged with each other: an item that resembles two stories joins the
/// closer one and the two stay apart, so one bridging item cannot collapse unrelated events.
public final class StoryClusterer {
    public let options: ClusterOptions
    /// What earlier calls read from and wrote to `workingIndex`, kept so later calls need not read it again.
    private var workingSet = StoryWorkingSet()
    private var knownTerms = KnownTermFrequencies()
    private weak var workingIndex: (any StoryIndexStore)?

    public init(options: ClusterOptions = ClusterOptions()) { self.options = options }

    /// Clusters new (or edited) items against the stories already stored, and assigns every one of them.
    /// Returns the story id of each input item, in input order.
    ///
    /// The clusterer remembers the stories and term counts it read and wrote, for its next call on the same
    /// index; it assumes nothing else writes the index's stories meanwhile (see `forgetWorkingSet`).
    ///
    /// `readAhead` may hold, for any item (same position), what `readAhead(_:options:)` read of it earlier,
    /// perhaps on another thread; the others are read here.
    @discardableResult
    public func cluster(_ items: [ClusterInput], readAhead: [ItemReading?] = [], index: some StoryIndexStore) throws -> [Int64] {
        if workingIndex !== index {
            forgetWorkingSet()
            workingIndex = index
        }
        do {
            return try place(items, readAhead: readAhead, index: index)
        } catch {
            forgetWorkingSet()
            throw error
        }
    }

    /// Drops what the clusterer remembers of its index; the next call reads what it needs again. Call it
    /// when the index changed behind the clusterer's back, e.g. when a transaction that held one of its
    /// calls was rolled back.
    public func forgetWorkingSet() {
        workingSet = StoryWorkingSet()
        knownTerms = KnownTermFrequencies()
        workingIndex = nil
    }

    /// Reads items as the clusterer will (words, names, numbers, exact keys) without any stored state, so a
    /// caller can do it ahead, on any thread, while it stores other items; weighting waits for `cluster`.
    public static func readAhead(_ items: [ClusterInput], options: ClusterOptions) -> [ItemReading] {
        var tokenizer = Tokenizer()
        return items.map { ItemReading(profile: ItemProfile($0, options: options, tokenizer: &tokenizer), options: options) }
    }

    private func place(_ items: [ClusterInput], readAhead: [ItemReading?], index: some StoryIndexStore) throws -> [Int64] {
        var result = [Int64](repeating: 0, count: items.count)
        var fresh: [Int] = []
        for position in items.indices {
            if let existing = items[position].existingStoryID { result[position] = existing } else { fresh.append(position) }
        }
        let (statistics, prepared) = try prepare(fresh, of: items, readAhead: readAhead, index: index)

        let times = fresh.map { items[$0].time.timeIntervalSinceReferenceDate }
        let earliest = Date(timeIntervalSinceReferenceDate: times.min() ?? Date().timeIntervalSinceReferenceDate)
        var keys: [Int64] = []
        keys.reserveCapacity(prepared.count * (options.candidateKeyTerms + 3))
        for item in prepared { keys += item.exactKeys; keys += item.termKeys }
        try workingSet.load(keys: keys, since: earliest.addingTimeInterval(-options.window), from: index)
        for slot in fresh.indices.sorted(by: { (times[$0], $0) < (times[$1], $1) }) {
            let position = fresh[slot]
            result[position] = try workingSet.place(prepared[slot], at: items[position].time, options: options, index: index,
                                                    newStoryTitle: { StoryWorkingSet.title(of: items[position]) })
        }
        try workingSet.save(to: index, options: options)
        try statistics.record(in: index, known: &knownTerms)
        return result
    }

    /// Items weighed per slice in `prepare` (a cron pass's batch, or a benchmark's pass, is one slice).
    static let weighingSlice = 8_192

    /// Reads and weights the items at `positions` on all cores; their full term lists are dropped once weighted.
    private func prepare(_ positions: [Int], of items: [ClusterInput], readAhead: [ItemReading?],
                         index: some StoryIndexStore) throws -> (TermStatistics, [PreparedItem]) {
        let options = self.options
        var profiles = parallelMap(count: positions.count, makeState: { Tokenizer() }) { tokenizer, slot in
            let position = positions[slot]
            if position < readAhead.count, let reading = readAhead[position], reading.options == options { return reading.profile }
            return ItemProfile(items[position], options: options, tokenizer: &tokenizer)
        }
        let statistics = try TermStatistics(profiles: profiles, known: &knownTerms, index: index)
        func weigh(_ range: Range<Int>) -> [PreparedItem] {
            let profiles = profiles   // shares the storage; no element is copied
            return parallelMap(count: range.count, makeState: { () }) { _, slot in
                PreparedItem(profiles[range.lowerBound + slot], statistics: statistics, options: options)
            }
        }
        // A batch is weighed at once. A larger call (a whole corpus at once) is weighed a slice at a time, each
        // slice's profiles released once weighed, so it holds one slice of profiles besides the prepared items.
        guard profiles.count > Self.weighingSlice else { return (statistics, weigh(profiles.indices)) }
        var prepared: [PreparedItem] = []
        prepared.reserveCapacity(profiles.count)
        for start in stride(from: 0, to: profiles.count, by: Self.weighingSlice) {
            let range = start..<min(start + Self.weighingSlice, profiles.count)
            prepared += weigh(range)
            for slot in range { profiles[slot].release() }
        }
        return (statistics, prepared)
    }
}

/// What the clusterer reads of one item before weighting it (see `StoryClusterer.readAhead`).
public struct ItemReading: Sendable {
    let profile: ItemProfile
    /// The settings it was read with; a clusterer with other settings reads the item again.
    let options: ClusterOptions
}
