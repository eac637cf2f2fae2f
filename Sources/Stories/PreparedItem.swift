/// An item ready to be placed: its unit TF-IDF vector, the keys it is looked up and remembered by, and
/// the names that a story must share with it. What is left of its profile after weighting.
struct PreparedItem: Sendable {
    var vector: TermVector
    var exactKeys: [Int64]
    var termKeys: [Int64]
    var anchors: ArraySlice<UInt32>

    init(_ profile: ItemProfile, statistics: TermStatistics, options: ClusterOptions) {
        let weighted = profile.vector(statistics: statistics, limit: options.maxItemTerms)
        vector = weighted.vector
        exactKeys = profile.exactKeys
        termKeys = weighted.termsByWeight.prefix(options.candidateKeyTerms).map(CandidateKey.term)
        anchors = profile.anchors(weighted.termsByWeight, limit: options.anchorTerms)
    }
}
