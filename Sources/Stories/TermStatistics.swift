import Foundation

/// Document frequencies for one pass: what the index counted in earlier passes plus this pass's items,
/// turned into inverse document frequencies so that names and places outweigh common words.
struct TermStatistics {
    private var frequencies = TermTable()
    private var passFrequencies = TermTable()
    private let documents: Int
    private let passDocuments: Int

    init(profiles: [ItemProfile], index: some StoryIndexStore) throws {
        for profile in profiles {
            for term in profile.terms { passFrequencies.add(term, 1) }
        }
        passDocuments = profiles.count
        var terms: [Int64] = []
        terms.reserveCapacity(passFrequencies.count)
        passFrequencies.forEach { term, _ in terms.append(Int64(term)) }
        let stored = passDocuments == 0 ? (documents: 0, frequencies: [:]) : try index.termFrequencies(terms)
        documents = stored.documents + passDocuments
        frequencies = passFrequencies
        for (term, count) in stored.frequencies {
            if let id = UInt32(exactly: term), count > 0 { frequencies.add(id, count) }
        }
    }

    /// Documents assumed seen before the first pass, none of them holding any term: until the database
    /// has a few hundred items, a word found in two of them is not yet known to be common.
    static let priorDocuments = 500

    /// ln((N + prior + 1) / (df + 0.5)): near zero for words in almost every item, largest for rare ones.
    func idf(_ term: UInt32) -> Float {
        max(0, logf(Float(documents + Self.priorDocuments + 1) / (Float(frequencies[term]) + 0.5)))
    }

    func record(in index: some StoryIndexStore) throws {
        guard passDocuments > 0 else { return }
        var counts: [Int64: Int] = [:]
        counts.reserveCapacity(passFrequencies.count)
        passFrequencies.forEach { term, count in counts[Int64(term)] = count }
        try index.addTermFrequencies(counts, documents: passDocuments)
    }
}
