import Foundation
import Model

/// One input item as the clusterer compares it: its distinct terms with their (title-boosted) counts,
/// and its exact-duplicate keys. Weighting waits until the pass's document frequencies are known.
struct ItemProfile {
    /// Distinct term ids, ascending, with their counts (a title occurrence counts `titleWeight`).
    var terms: [UInt32]
    var counts: [Float]
    /// Keys that mark the very same article: its canonical link or a global guid, its normalized title.
    var exactKeys: [Int64]
    /// Distinct term ids of capitalized words inside sentences (likely names), ascending.
    var names: [UInt32]

    init(_ item: ClusterInput, options: ClusterOptions, tokenizer: inout Tokenizer) {
        var title = item.title
        let titleTokens = title.withUTF8 { bytes in tokenizer.tokens(in: bytes, TitleCleaner.headline(bytes), limit: 64) }
        let bodyTokens = tokenizer.tokens(of: item.text, limit: options.maxBodyTerms, dropFurniture: true)
        let titleTerms = titleTokens.terms, bodyTerms = bodyTokens.terms
        // In a Title Case headline every word is capitalized, so only a sentence-case headline names names.
        let titleIsTitleCase = titleTokens.words >= 3 && titleTokens.capitalizedWords * 5 >= titleTokens.words * 3
        var names = bodyTokens.names + (titleIsTitleCase ? [] : titleTokens.names)
        names.sort()
        self.names = names.enumerated().compactMap { $0.offset > 0 && names[$0.offset - 1] == $0.element ? nil : $0.element }

        // Distinct terms with counts, by merging the two sorted term lists.
        let titleSorted = titleTerms.sorted(), bodySorted = bodyTerms.sorted()
        let titleWeight = Float(options.titleWeight)
        terms = []; counts = []
        terms.reserveCapacity(titleSorted.count + bodySorted.count)
        counts.reserveCapacity(titleSorted.count + bodySorted.count)
        var i = 0, j = 0
        while i < titleSorted.count || j < bodySorted.count {
            let fromTitle = j == bodySorted.count || (i < titleSorted.count && titleSorted[i] <= bodySorted[j])
            let term = fromTitle ? titleSorted[i] : bodySorted[j]
            let weight: Float = fromTitle ? titleWeight : 1
            if fromTitle { i += 1 } else { j += 1 }
            if let last = terms.last, last == term { counts[counts.count - 1] += weight } else { terms.append(term); counts.append(weight) }
        }

        exactKeys = []
        for address in [item.canonicalLink, item.guid] {
            if let address, Self.isGlobalAddress(address) {
                var hash = TermHash()
                hash.addByte(UInt8(ascii: "u")); hash.addByte(UInt8(ascii: ":")); hash.addBytes(address.utf8)
                exactKeys.append(Int64(bitPattern: hash.value))
            }
        }
        if titleTerms.count >= options.minTitleKeyWords {
            var hash = TermHash()
            hash.addByte(UInt8(ascii: "t"))
            for term in titleTerms { hash.addWord(term) }
            exactKeys.append(Int64(bitPattern: hash.value))
        }
    }

    /// The item's names (capitalized words) among `termsByWeight`, heaviest first, at most `limit`.
    func anchors(_ termsByWeight: [UInt32], limit: Int) -> ArraySlice<UInt32> {
        guard !names.isEmpty, limit > 0 else { return [] }
        var anchors: [UInt32] = []
        for term in termsByWeight where names.contains(term) {
            anchors.append(term)
            if anchors.count == limit { break }
        }
        return anchors[...]
    }

    /// A link or guid that names one article across feeds (a URL, tag: or urn: id), not a feed-local counter.
    static func isGlobalAddress(_ address: String) -> Bool {
        address.utf8.count >= 12 && (address.hasPrefix("http") || address.hasPrefix("tag:") || address.hasPrefix("urn:"))
    }

    /// The unit TF-IDF vector ((1 + ln count) x idf, the `limit` heaviest terms) and its terms from heaviest down.
    func vector(statistics: borrowing TermStatistics, limit: Int) -> (vector: TermVector, termsByWeight: [UInt32]) {
        // Weights are positive, so their bit patterns order like the floats: pack (weight, term) and sort integers.
        var packed: [UInt64] = []
        packed.reserveCapacity(terms.count)
        var sumOfSquares: Float = 0
        for (term, count) in zip(terms, counts) {
            let weight = (count >= 1 ? 1 + logf(count) : count) * statistics.idf(term)
            if weight > 0 { packed.append(UInt64(weight.bitPattern) << 32 | UInt64(term)) }
        }
        packed.sort(by: >)
        if packed.count > limit { packed.removeLast(packed.count - limit) }
        let byWeight = packed.map { UInt32(truncatingIfNeeded: $0) }
        for entry in packed { let weight = Float(bitPattern: UInt32(entry >> 32)); sumOfSquares += weight * weight }
        let scale = sumOfSquares > 0 ? 1 / sumOfSquares.squareRoot() : 0
        var byTerm = packed.map { $0 << 32 | $0 >> 32 }
        byTerm.sort()
        let vector = TermVector(terms: byTerm.map { UInt32(truncatingIfNeeded: $0 >> 32) },
                                weights: byTerm.map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) * scale })
        return (vector, byWeight)
    }
}
