import Foundation
import Model

/// A `StoryIndexStore` held in memory: the reference implementation of the contract the SQL store
/// follows, used by the tests and the benchmark (and usable for one-shot clustering of a file). Story ids
/// are the ones `createStory` hands out.
public final class InMemoryStoryIndex: StoryIndexStore {
    /// Per story id (ids count up from 1; slot 0 unused): its features, and the candidate request that last
    /// returned it. Most stories under a common key are out of the window: they are ruled out by one array
    /// read, without hashing.
    private var featuresByID: [StoryFeatures?] = [nil]
    private var returnedInRequest: [Int] = [0]
    private var requests = 0
    public private(set) var titles: [Int64: String] = [:]
    /// Item id -> story id.
    public private(set) var assignments: [Int64: Int64] = [:]
    /// Candidate keys, and the stories under each key (by the key's number).
    private var keys = KeySet()
    private var storiesByKey: [[Int64]] = []
    /// Terms, and how many documents held each (by the term's number).
    private var terms = KeySet()
    private var documentFrequencies: [Int] = []
    private var documents = 0

    public init() {}

    /// Every story's persisted features, by story id.
    public var features: [Int64: StoryFeatures] {
        Dictionary(uniqueKeysWithValues: featuresByID.compactMap { $0 }.map { ($0.storyID, $0) })
    }

    public func storyCandidates(keys: [Int64], since: Date) throws -> [StoryFeatures] {
        requests += 1
        let since = since.timeIntervalSinceReferenceDate
        var result: [StoryFeatures] = []
        for key in keys {
            guard let number = self.keys.number(of: key) else { continue }
            for id in storiesByKey[number].suffix(StoryIndexLimits.candidatesPerKey) {
                let slot = Int(id)
                guard slot > 0, slot < featuresByID.count, returnedInRequest[slot] != requests, let story = featuresByID[slot],
                      story.lastSeen.timeIntervalSinceReferenceDate >= since else { continue }
                returnedInRequest[slot] = requests
                result.append(story)
            }
        }
        return result
    }

    public func createStory(title: String, firstSeen: Date) throws -> Int64 {
        let id = Int64(featuresByID.count)
        titles[id] = title
        featuresByID.append(StoryFeatures(storyID: id, features: [], firstSeen: firstSeen, lastSeen: firstSeen, itemCount: 0))
        returnedInRequest.append(0)
        return id
    }

    public func saveStoryFeatures(_ stories: [(features: StoryFeatures, newKeys: [Int64])]) throws {
        for (story, keys) in stories { try save(story, addingKeys: keys) }
    }

    private func save(_ story: StoryFeatures, addingKeys keys: [Int64]) throws {
        let slot = Int(story.storyID)
        guard slot > 0 else { throw InMemoryStoryIndexError.invalidStoryID(story.storyID) }
        if slot >= featuresByID.count {   // an id this index did not hand out
            featuresByID += [StoryFeatures?](repeating: nil, count: slot + 1 - featuresByID.count)
            returnedInRequest += [Int](repeating: 0, count: slot + 1 - returnedInRequest.count)
        }
        featuresByID[slot] = story
        for key in keys {
            let number = self.keys.insert(key)
            if number == storiesByKey.count { storiesByKey.append([]) }
            storiesByKey[number].insertSorted(story.storyID)   // in place, no copy of the list
        }
    }

    /// Records items' stories, as a caller of the clusterer stores them with its items.
    public func assignItems(_ assignments: [(itemID: Int64, storyID: Int64)]) {
        for (itemID, storyID) in assignments { self.assignments[itemID] = storyID }
    }

    public func termFrequencies(_ terms: [Int64]) throws -> (documents: Int, frequencies: [Int64: Int]) {
        var found: [Int64: Int] = [:]
        for term in terms { if let number = self.terms.number(of: term) { found[term] = documentFrequencies[number] } }
        return (documents, found)
    }

    public func addTermFrequencies(_ frequencies: [Int64: Int], documents added: Int) throws {
        for (term, count) in frequencies {
            let number = terms.insert(term)
            if number == documentFrequencies.count { documentFrequencies.append(0) }
            documentFrequencies[number] += count
        }
        documents += added
    }

    /// Item ids grouped by story, each group in ascending item id, groups by story id.
    public func stories() -> [(storyID: Int64, itemIDs: [Int64])] {
        Dictionary(grouping: assignments.keys, by: { assignments[$0]! })
            .map { (storyID: $0.key, itemIDs: $0.value.sorted()) }
            .sorted { $0.storyID < $1.storyID }
    }
}

private extension Array where Element == Int64 {
    /// Inserts `id` in ascending order unless present (ids are handed out in order, so this is almost always
    /// an append), so that the newest stories under a key are its last entries.
    mutating func insertSorted(_ id: Int64) {
        if isEmpty || last! < id { append(id); return }
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < id { low = middle + 1 } else { high = middle }
        }
        if low < count && self[low] == id { return }
        insert(id, at: low)
    }
}

/// A story id the in-memory index cannot hold (ids count up from 1).
public enum InMemoryStoryIndexError: Error, Equatable {
    case invalidStoryID(Int64)
}
