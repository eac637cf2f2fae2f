import Foundation
import Model

/// The working state of one clustering call. It reads, once, every stored story that shares a key with
/// the pass's items and falls in their time window; indexes them in memory by the keys their profiles
/// carry; places the items; and writes the touched stories back at the end.
final class ClusteringPass {
    /// A story as the pass sees it; `newKeys` go to the store with its features when the pass ends.
    final class StoryState {
        let id: Int64
        var profile: StoryProfile
        var firstSeen: Date
        var lastSeen: Date
        var itemCount: Int
        var newKeys: [Int64] = []
        var touched = false

        init(id: Int64, profile: StoryProfile, firstSeen: Date, lastSeen: Date, itemCount: Int) {
            self.id = id; self.profile = profile; self.firstSeen = firstSeen; self.lastSeen = lastSeen; self.itemCount = itemCount
        }

        var storedKeys: [Int64] { profile.exactKeys + profile.termKeys.map(CandidateKey.term) }

        /// Whether the story lacks `key` (its profile's key lists and this pass's new keys are short, so
        /// a scan costs less than hashing them all into a set).
        func lacks(_ key: Int64) -> Bool {
            if newKeys.contains(key) { return false }
            if let term = CandidateKey.termID(key) { return !profile.termKeys.contains(term) }
            return !profile.exactKeys.contains(key)
        }
    }

    /// Keys per store request: large enough to keep requests few, small enough for SQL parameter limits.
    static var keysPerRequest: Int { 500 }

    private let options: ClusterOptions
    private let index: any StoryIndexStore
    private var stories: [StoryState] = []
    private var slotOfStory: [Int64: Int] = [:]
    private var postings: [Int64: Postings] = [:]
    /// Per-story scratch for counting shared keys without allocating per item.
    private var seenStamp: [Int] = []
    private var sharedKeys: [Int] = []
    /// Each story's time span in seconds (kept beside `stories` so the hot loop touches no objects).
    private var firstSeenTimes: [Double] = []
    private var lastSeenTimes: [Double] = []
    private var stamp = 0

    /// Loads the stored stories that hold any of `keys` and were last seen at or after `since`, indexed
    /// under those of their keys that the pass will look up.
    init(options: ClusterOptions, index: any StoryIndexStore, keys: Set<Int64>, since: Date) throws {
        self.options = options; self.index = index
        let keys = keys.sorted()
        let wanted = Set(keys)
        var start = 0
        while start < keys.count {
            let chunk = Array(keys[start..<min(start + Self.keysPerRequest, keys.count)])
            for features in try index.storyCandidates(keys: chunk, since: since) where slotOfStory[features.storyID] == nil {
                let profile = StoryProfile(decoding: features.features) ?? StoryProfile()
                let slot = adopt(StoryState(id: features.storyID, profile: profile, firstSeen: features.firstSeen,
                                            lastSeen: features.lastSeen, itemCount: features.itemCount))
                for key in profile.exactKeys where wanted.contains(key) { post(key, slot) }
                for term in profile.termKeys {
                    let key = CandidateKey.term(term)
                    if wanted.contains(key) { post(key, slot) }
                }
            }
            start += Self.keysPerRequest
        }
        // Keep every posting list oldest-first, as placing in time order keeps the lists it appends to,
        // so the stories that fall out of the window are always at the front.
        for list in postings.values where list.slots.count > 1 {
            list.slots.sort { (lastSeenTimes[$0], $0) < (lastSeenTimes[$1], $1) }
        }
    }

    /// Places one item (joining the best story or opening one) and returns its story id.
    func place(_ item: ClusterInput, _ prepared: PreparedItem) throws -> Int64 {
        let vector = prepared.vector, exactKeys = prepared.exactKeys, termKeys = prepared.termKeys, anchors = prepared.anchors
        var chosen: Int?
        if !exactKeys.isEmpty {
            var best = (similarity: -1.0, items: 0)
            for slot in candidates(exactKeys, at: item.time) {
                let score = (similarity: stories[slot].profile.similarity(to: vector), items: stories[slot].itemCount)
                if score > best { best = score; chosen = slot }
            }
        }
        if chosen == nil, !termKeys.isEmpty {
            var best = options.threshold(forTerms: vector.count)
            let sharedKeysNeeded = vector.count >= options.twoSharedKeysFromTerms ? 2 : 1
            for slot in candidates(termKeys, at: item.time) where sharedKeys[slot] >= sharedKeysNeeded {
                let profile = stories[slot].profile
                let similarity = profile.similarity(to: vector)
                if similarity >= best && profile.covers(anchors, share: options.anchorShare) { best = similarity; chosen = slot }
            }
        }
        let slot: Int
        if let chosen {
            slot = chosen
        } else {
            let id = try index.createStory(title: Self.title(of: item), firstSeen: item.time)
            slot = adopt(StoryState(id: id, profile: StoryProfile(), firstSeen: item.time, lastSeen: item.time, itemCount: 0))
        }
        join(item, vector: vector, slot: slot)
        addKeys(exactKeys, to: slot)
        addKeys(termKeys, to: slot)
        return stories[slot].id
    }

    /// Writes every story the pass touched back to the index.
    func save() throws {
        for story in stories where story.touched {
            let features = StoryFeatures(storyID: story.id, features: story.profile.encoded(limit: options.maxStoryTerms),
                                         firstSeen: story.firstSeen, lastSeen: story.lastSeen, itemCount: story.itemCount)
            try index.saveStoryFeatures(features, addingKeys: story.newKeys)
        }
    }

    /// Adds an item to a story: its time, its count and its vector.
    private func join(_ item: ClusterInput, vector: TermVector, slot: Int) {
        let story = stories[slot]
        story.firstSeen = min(story.firstSeen, item.time)
        story.lastSeen = max(story.lastSeen, item.time)
        firstSeenTimes[slot] = story.firstSeen.timeIntervalSinceReferenceDate
        lastSeenTimes[slot] = story.lastSeen.timeIntervalSinceReferenceDate
        story.itemCount += 1
        story.touched = true
        if !vector.isEmpty { story.profile.add(vector, limit: options.maxStoryTerms) }
    }

    /// Gives a story the keys it does not hold yet, in the pass's index and for the store.
    private func addKeys(_ keys: [Int64], to slot: Int) {
        let story = stories[slot]
        for key in keys where story.lacks(key) {
            story.newKeys.append(key)
            if let term = CandidateKey.termID(key) { story.profile.remember(termKey: term) } else { story.profile.remember(exactKey: key) }
            post(key, slot)
        }
    }

    private func post(_ key: Int64, _ slot: Int) {
        if let list = postings[key] { list.slots.append(slot) } else { postings[key] = Postings(slot) }
    }

    /// Stories holding any of `keys` whose time span, widened by the window, covers `time`: at most
    /// `maxCandidates` of them, those sharing the most keys first.
    private func candidates(_ keys: [Int64], at time: Date) -> [Int] {
        stamp += 1
        var found: [Int] = []
        var mostShared = 0
        let now = time.timeIntervalSinceReferenceDate
        let horizon = now - options.window
        for key in keys {
            guard let list = postings[key] else { continue }
            // Items come in time order, so stories that fell out of the window stay out: the oldest
            // entries are dropped for good as the window moves on.
            while list.start < list.slots.count && lastSeenTimes[list.slots[list.start]] < horizon { list.start += 1 }
            if list.start > 64 && list.start * 2 > list.slots.count { list.slots.removeFirst(list.start); list.start = 0 }
            // A key held by very many live stories says little about which one an item belongs to.
            if list.slots.count - list.start > Self.commonKeyStories { continue }
            for position in list.start..<list.slots.count {
                let slot = list.slots[position]
                if seenStamp[slot] == stamp {
                    sharedKeys[slot] += 1
                    mostShared = max(mostShared, sharedKeys[slot])
                    continue
                }
                seenStamp[slot] = stamp
                sharedKeys[slot] = 1
                mostShared = max(mostShared, 1)
                if lastSeenTimes[slot] >= horizon && now >= firstSeenTimes[slot] - options.window { found.append(slot) }
            }
        }
        guard found.count > options.maxCandidates else { return found }
        var ranked: [Int] = []
        ranked.reserveCapacity(options.maxCandidates)
        var shared = mostShared
        while shared > 0 && ranked.count < options.maxCandidates {
            for slot in found where sharedKeys[slot] == shared {
                ranked.append(slot)
                if ranked.count == options.maxCandidates { break }
            }
            shared -= 1
        }
        return ranked
    }

    /// Stories holding one key, oldest entry first; `start` skips the entries already out of the window.
    private final class Postings {
        var slots: [Int]
        var start = 0
        init(_ slot: Int) { slots = [slot] }
    }

    /// A key held by more live stories than this is skipped in candidate search (the others still count).
    private static var commonKeyStories: Int { 64 }

    private func adopt(_ story: StoryState) -> Int {
        stories.append(story)
        firstSeenTimes.append(story.firstSeen.timeIntervalSinceReferenceDate)
        lastSeenTimes.append(story.lastSeen.timeIntervalSinceReferenceDate)
        seenStamp.append(0)
        sharedKeys.append(0)
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
