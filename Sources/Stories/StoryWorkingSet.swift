import Foundation
import Model

/// The stories one clusterer works with, kept between its calls: every story it read from the index or
/// created, with its decoded profile, indexed in memory under its candidate keys. A call loads only the keys
/// it has not loaded yet (or needs further back in time than loaded), places its items, and writes the
/// stories it touched back to the index: the index stays the record, the working set a faithful copy of the
/// part read. So the batches of one cron pass do not read and decode the same stories again and again; the
/// clusterer drops the set when a call fails or it is given another index.
struct StoryWorkingSet {
    /// A story as the working set holds it; `newKeys` go to the index with its profile at the next save.
    struct Story {
        let id: Int64
        var profile: StoryProfile
        var itemCount: Int
        var newKeys: [Int64] = []

        /// Whether the story lacks `key` (its profile's key lists and the unsaved keys are short, so a scan
        /// costs less than hashing them all into a set).
        func lacks(_ key: Int64) -> Bool {
            if newKeys.contains(key) { return false }
            if let term = CandidateKey.termID(key) { return !profile.termKeys.contains(term) }
            return !profile.exactKeys.contains(key)
        }
    }

    private var stories: [Story] = []
    private var slotOfStory: [Int64: Int] = [:]
    private var postings = PostingIndex()
    /// What the candidate search reads of each story, beside `stories` in one small record per story so
    /// that a posting costs one memory access.
    private var spans: [Span] = []
    /// Slots changed since the last save.
    private var touchedSlots: [Int] = []
    private var stamp = 0

    /// A story's time span (seconds since the reference date) and the candidate search's scratch counts.
    private struct Span {
        var firstSeen: Double
        var lastSeen: Double
        /// The search that last met the story, and how many of that search's keys it holds.
        var seenStamp = 0
        var sharedKeys: Int32 = 0
        var isTouched = false
    }

    /// Keys per index request: large enough to keep requests few, small enough for SQL parameter limits.
    static var keysPerRequest: Int { 500 }

    /// A key held by more live stories than this is skipped in candidate search (the others still count).
    private static var commonKeyStories: Int { 64 }

    /// Makes sure that every story holding one of `keys` (in any order, repeats allowed) and last seen at or
    /// after `since` is in the set and posted under those of `keys` its profile holds. Keys loaded before, for
    /// that time or an earlier one, cost no index read; the others are read from the index.
    mutating func load(keys: [Int64], since: Date, from index: some StoryIndexStore) throws {
        // A whole second (rounded down: a little more is read, never less), as the posting lists keep their times.
        let sinceSeconds = since.timeIntervalSinceReferenceDate.rounded(.down)
        var loading = KeySet()
        var restarting: [Int64] = []
        for key in keys {
            if let position = postings.position(of: key) {
                if postings.lists[position].isIncomplete(since: sinceSeconds) {
                    postings.reset(position, validSince: sinceSeconds)
                    loading.insert(key)
                } else if postings.lists[position].skippedLiveEntries(since: sinceSeconds) {
                    restarting.append(key)
                }
            } else {
                _ = postings.addList(for: key, validSince: sinceSeconds)
                loading.insert(key)
            }
        }
        let keys = loading.elements
        var start = 0
        while start < keys.count {
            let chunk = Array(keys[start..<min(start + Self.keysPerRequest, keys.count)])
            var chunkKeys = KeySet()
            chunk.forEach { chunkKeys.insert($0) }
            for features in try index.storyCandidates(keys: chunk, since: Date(timeIntervalSinceReferenceDate: sinceSeconds)) {
                let slot = slotOfStory[features.storyID] ?? adopt(
                    Story(id: features.storyID, profile: StoryProfile(decoding: features.features) ?? StoryProfile(), itemCount: features.itemCount),
                    firstSeen: features.firstSeen.timeIntervalSinceReferenceDate, lastSeen: features.lastSeen.timeIntervalSinceReferenceDate)
                post(slot, underKeysIn: chunkKeys)
            }
            start += Self.keysPerRequest
        }
        let spans = self.spans
        for key in keys {
            postings.sortOldestFirst(postings.position(of: key)!, lastSeen: { spans[$0].lastSeen })
        }
        for key in restarting {
            postings.restart(postings.position(of: key)!, lastSeen: { spans[$0].lastSeen })
        }
    }

    /// Posts a story under those of `keys` that its profile holds.
    private mutating func post(_ slot: Int, underKeysIn keys: KeySet) {
        for key in stories[slot].profile.exactKeys where keys.contains(key) {
            postings.append(slot, toListOf: key)
        }
        for term in stories[slot].profile.termKeys {
            let key = CandidateKey.term(term)
            if keys.contains(key) { postings.append(slot, toListOf: key) }
        }
    }

    /// Places one item (joining the best story or opening one) and returns its story id. Every key of the
    /// item must have been loaded for its time.
    mutating func place(_ prepared: PreparedItem, at date: Date, options: ClusterOptions, index: some StoryIndexStore,
                        newStoryTitle: () -> String) throws -> Int64 {
        let time = date.timeIntervalSinceReferenceDate
        let vector = prepared.vector
        var chosen: Int?
        if !prepared.exactKeys.isEmpty {
            var best = (similarity: -1.0, items: 0)
            for slot in candidates(prepared.exactKeys, at: time, options: options) {
                let score = (similarity: stories[slot].profile.similarity(to: vector), items: stories[slot].itemCount)
                if score > best { best = score; chosen = slot }
            }
        }
        if chosen == nil, !prepared.termKeys.isEmpty {
            var best = options.threshold(forTerms: vector.count)
            let sharedKeysNeeded = vector.count >= options.twoSharedKeysFromTerms ? 2 : 1
            for slot in candidates(prepared.termKeys, at: time, options: options) where spans[slot].sharedKeys >= sharedKeysNeeded {
                let similarity = stories[slot].profile.similarity(to: vector)
                if similarity >= best && stories[slot].profile.covers(prepared.anchors, share: options.anchorShare) {
                    best = similarity; chosen = slot
                }
            }
        }
        let slot: Int
        if let chosen {
            slot = chosen
        } else {
            let id = try index.createStory(title: newStoryTitle(), firstSeen: date)
            slot = adopt(Story(id: id, profile: StoryProfile(), itemCount: 0), firstSeen: time, lastSeen: time)
        }
        join(time: time, vector: vector, slot: slot, options: options)
        addKeys(prepared.exactKeys, to: slot)
        addKeys(prepared.termKeys, to: slot)
        return stories[slot].id
    }

    /// Writes every story changed since the last save back to the index (encoded on all cores first).
    mutating func save(to index: some StoryIndexStore, options: ClusterOptions) throws {
        let stories = self.stories, touched = touchedSlots
        let encoded = parallelMap(count: touched.count, makeState: { () }) { _, position in
            stories[touched[position]].profile.encoded(limit: options.maxStoryTerms)
        }
        try index.saveStoryFeatures(zip(touched, encoded).map { slot, features in
            (StoryFeatures(storyID: stories[slot].id, features: features,
                           firstSeen: Date(timeIntervalSinceReferenceDate: spans[slot].firstSeen),
                           lastSeen: Date(timeIntervalSinceReferenceDate: spans[slot].lastSeen), itemCount: stories[slot].itemCount),
             stories[slot].newKeys)
        })
        for slot in touched { spans[slot].isTouched = false }
        for slot in touched { self.stories[slot].newKeys = [] }
        touchedSlots.removeAll(keepingCapacity: true)
    }

    /// Adds an item to a story: its time, its count and its vector.
    private mutating func join(time: Double, vector: TermVector, slot: Int, options: ClusterOptions) {
        spans[slot].firstSeen = min(spans[slot].firstSeen, time)
        spans[slot].lastSeen = max(spans[slot].lastSeen, time)
        stories[slot].itemCount += 1
        if !spans[slot].isTouched { spans[slot].isTouched = true; touchedSlots.append(slot) }
        if !vector.isEmpty { stories[slot].profile.add(vector, limit: options.maxStoryTerms) }
    }

    /// Gives a story the keys it does not hold yet, in the posting lists and for the index.
    private mutating func addKeys(_ keys: [Int64], to slot: Int) {
        for key in keys where stories[slot].lacks(key) {
            stories[slot].newKeys.append(key)
            if let term = CandidateKey.termID(key) {
                stories[slot].profile.remember(termKey: term)
            } else {
                stories[slot].profile.remember(exactKey: key)
            }
            postings.append(slot, toListOf: key)
        }
    }

    /// Stories holding any of `keys` whose time span, widened by the window, covers `time`: at most
    /// `maxCandidates` of them, those sharing the most keys first.
    private mutating func candidates(_ keys: [Int64], at time: Double, options: ClusterOptions) -> [Int] {
        stamp += 1
        let stamp = self.stamp
        var found: [Int] = []
        var mostShared: Int32 = 0
        let horizon = time - options.window
        let latestFirstSeen = time + options.window
        spans.withUnsafeMutableBufferPointer { spans in
            for key in keys {
                guard let position = postings.position(of: key) else { continue }
                let live = postings.live(position, horizon: horizon, lastSeen: { spans[$0].lastSeen })
                // A key held by very many live stories says little about which one an item belongs to.
                if live.count > Self.commonKeyStories { continue }
                postings.lists[position].slots.withUnsafeBufferPointer { slots in
                    for entry in live {
                        let slot = Int(slots[entry])
                        if spans[slot].seenStamp == stamp {
                            spans[slot].sharedKeys += 1
                            mostShared = max(mostShared, spans[slot].sharedKeys)
                            continue
                        }
                        spans[slot].seenStamp = stamp
                        spans[slot].sharedKeys = 1
                        mostShared = max(mostShared, 1)
                        if spans[slot].lastSeen >= horizon && spans[slot].firstSeen <= latestFirstSeen { found.append(slot) }
                    }
                }
            }
        }
        guard found.count > options.maxCandidates else { return found }
        var ranked: [Int] = []
        ranked.reserveCapacity(options.maxCandidates)
        var shared = mostShared
        while shared > 0 && ranked.count < options.maxCandidates {
            for slot in found where spans[slot].sharedKeys == shared {
                ranked.append(slot)
                if ranked.count == options.maxCandidates { break }
            }
            shared -= 1
        }
        return ranked
    }

    private mutating func adopt(_ story: Story, firstSeen: Double, lastSeen: Double) -> Int {
        stories.append(story)
        spans.append(Span(firstSeen: firstSeen, lastSeen: lastSeen))
        slotOfStory[story.id] = stories.count - 1
        return stories.count - 1
    }

    /// The first item's title; for an untitled item, the start of its text.
    static func title(of item: ClusterInput) -> String {
        if item.title.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) { return item.title }
        let text = item.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "(untitled)" : String(text.prefix(80))
    }
}
