import Foundation

/// Document frequencies for one clustering call: what the index counted before plus this call's items,
/// turned into inverse document frequencies so that names and places outweigh common words.
struct TermStatistics {
    /// The idf of every term of the call's items.
    private var weights = TermTable<Float>()
    private var passFrequencies = TermTable<Int32>()
    private let passDocuments: Int

    init(profiles: [ItemProfile], known: inout KnownTermFrequencies, index: some StoryIndexStore) throws {
        for profile in profiles {
            for term in profile.terms { passFrequencies.add(term, 1) }
        }
        passDocuments = profiles.count
        guard passDocuments > 0 else { return }
        var terms: [UInt32] = []
        terms.reserveCapacity(passFrequencies.count)
        passFrequencies.forEach { term, _ in terms.append(term) }
        try known.load(terms, from: index)
        let documents = Float(known.documents + passDocuments + Self.priorDocuments + 1)
        weights = TermTable(capacity: terms.count)
        for term in terms {
            let frequency = Float(known.frequency(of: term)) + Float(passFrequencies[term])
            weights.add(term, max(0, logf(documents / (frequency + 0.5))))
        }
    }

    /// Documents assumed seen before the first pass, none of them holding any term: until the database
    /// has a few hundred items, a word found in two of them is not yet known to be common.
    static let priorDocuments = 500

    /// ln((N + prior + 1) / (df + 0.5)) of a term of the call's items: near zero for words in almost every
    /// item, largest for rare ones.
    func idf(_ term: UInt32) -> Float { weights[term] }

    /// Adds this call's counts to the index and to what the clusterer remembers of it.
    func record(in index: some StoryIndexStore, known: inout KnownTermFrequencies) throws {
        guard passDocuments > 0 else { return }
        var counts: [Int64: Int] = [:]
        counts.reserveCapacity(passFrequencies.count)
        passFrequencies.forEach { term, count in counts[Int64(term)] = Int(count) }
        try index.addTermFrequencies(counts, documents: passDocuments)
        known.add(passFrequencies, documents: passDocuments)
    }
}

/// Document frequencies read from the index, remembered between calls of one clusterer (the index's only
/// writer while it works), so that each call reads only the terms it has not met before.
struct KnownTermFrequencies {
    /// Document frequency + 1 of every term read or counted; 0 for a term never met.
    private var table = TermTable<Int32>()
    private(set) var documents = 0
    private var documentsRead = false

    /// Reads the frequencies of those of `terms` (distinct) not known yet, and the document count.
    mutating func load(_ terms: [UInt32], from index: some StoryIndexStore) throws {
        let missing = terms.filter { table[$0] == 0 }
        guard !missing.isEmpty || !documentsRead else { return }
        let stored = try index.termFrequencies(missing.map { Int64($0) })
        documents = stored.documents
        documentsRead = true
        for term in missing { table.add(term, 1 + Int32(clamping: max(0, stored.frequencies[Int64(term)] ?? 0))) }
    }

    /// The document frequency of a term passed to `load` or `add`.
    func frequency(of term: UInt32) -> Int { max(0, Int(table[term]) - 1) }

    mutating func add(_ frequencies: TermTable<Int32>, documents added: Int) {
        frequencies.forEach { term, count in table.add(term, count) }
        documents += added
    }
}
