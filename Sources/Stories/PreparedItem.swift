/// An item ready to be placed: its unit TF-IDF vector, the keys it is looked up and remembered by, and
/// the names that a story must share with it. What is left of its profile after weighting.
struct PreparedItem: Sendable {
    var vector: TermVector
    var exactKeys: [Int64]
    var termKeys: [Int64]
    var anchors: [Anchor]

    init(_ profile: ItemProfile, statistics: TermStatistics, options: ClusterOptions) {
        let weighted = profile.vector(statistics: statistics, limit: options.maxItemTerms, keyCount: options.candidateKeyTerms,
                                      keyBoost: Float(options.keyBoost))
        vector = weighted.vector
        exactKeys = profile.exactKeys
        termKeys = weighted.keys.map(CandidateKey.term)
        anchors = profile.anchors(weighted.termsByWeight, limit: options.anchorTerms)
    }
}

/// A name an item leans on, with how much it leans on it.
struct Anchor: Sendable, Equatable {
    var term: UInt32
    var weight: Float
}
