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
    /// Distinct term ids of numbers, ascending.
    var numbers: [UInt32]

    /// Drops the term lists (once the item is weighted and they are no longer needed).
    mutating func release() {
        terms = []; counts = []; exactKeys = []; names = []; numbers = []
    }

    init(_ item: ClusterInput, options: ClusterOptions, tokenizer: inout Tokenizer) {
        var title = item.title
        // The headline proper makes the exact title key; a leading label ("UPDATE:", "Taiwan quake:") may
        // still name the event, so its words count for similarity as body words do.
        let (labelTokens, titleTokens) = title.withUTF8 { bytes in
            let headline = TitleCleaner.headline(bytes)
            return (tokenizer.tokens(in: bytes, 0..<headline.lowerBound, limit: 8), tokenizer.tokens(in: bytes, headline, limit: 64))
        }
        let bodyTokens = tokenizer.tokens(of: item.text, limit: options.maxBodyTerms, dropFurniture: true)
        let titleTerms = titleTokens.terms, bodyTerms = labelTokens.terms + bodyTokens.terms
        // In a Title Case headline every word is capitalized, so only a sentence-case headline names names.
        let titleIsTitleCase = titleTokens.words >= 3 && titleTokens.capitalizedWords * 5 >= titleTokens.words * 3
        names = Self.distinct(bodyTokens.names + (titleIsTitleCase ? [] : titleTokens.names))
        numbers = Self.distinct(bodyTokens.numbers + titleTokens.numbers)

        // Distinct terms with counts, by merging the two sorted term lists.
        var titleSorted = titleTerms, bodySorted = bodyTerms
        titleSorted.sortIntegers()
        bodySorted.sortIntegers()
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

    /// The item's `limit` most repeated names (capitalized words; ties go to the more informative, in
    /// `termsByWeight` order), each weighed by how often the item uses it (1 + ln count, a title use counting
    /// `titleWeight`), not by rarity: which names a report leans on is its own choice, while the rarity of a
    /// name in a young database only says which report happened to be stored first.
    func anchors(_ termsByWeight: [UInt32], limit: Int) -> [Anchor] {
        guard !names.isEmpty, limit > 0 else { return [] }
        var found: [Anchor] = []
        for term in termsByWeight where names.binaryContains(term) {
            var low = 0, high = terms.count
            while low < high { let middle = (low + high) / 2; if terms[middle] < term { low = middle + 1 } else { high = middle } }
            let count = counts[low]
            found.append(Anchor(term: term, weight: Self.damped(count)))
        }
        // Stable: equal weights keep their informativeness order.
        let ranked = found.enumerated().sorted { ($0.element.weight, -$0.offset) > ($1.element.weight, -$1.offset) }.map(\.element)
        return Array(ranked.prefix(limit))
    }

    /// 1 + ln(count) for a count of one or more (most terms occur once: no logarithm for them), else the count.
    @inline(__always) private static func damped(_ count: Float) -> Float {
        count == 1 ? 1 : count > 1 ? 1 + logf(count) : count
    }

    private static func distinct(_ terms: [UInt32]) -> [UInt32] {
        var sorted = terms
        sorted.sortIntegers()
        return sorted.enumerated().compactMap { $0.offset > 0 && sorted[$0.offset - 1] == $0.element ? nil : $0.element }
    }

    /// A link or guid that names one article across feeds (a URL, tag: or urn: id), not a feed-local counter.
    static func isGlobalAddress(_ address: String) -> Bool {
        address.utf8.count >= 12 && (address.hasPrefix("http") || address.hasPrefix("tag:") || address.hasPrefix("urn:"))
    }

    /// The unit TF-IDF vector ((1 + ln count) x idf, the `limit` heaviest terms), its terms from heaviest
    /// down, and the `keyCount` candidate-key terms: the heaviest with names and numbers counted `keyBoost` times.
    func vector(statistics: borrowing TermStatistics, limit: Int, keyCount: Int, keyBoost: Float = 1)
        -> (vector: TermVector, termsByWeight: [UInt32], keys: [UInt32]) {
        // Weights are positive, so their bit patterns order like the floats: (weight, term) packed into one
        // integer sorts by weight, ties by term, with the plain integer sort.
        var packed: [UInt64] = []
        packed.reserveCapacity(terms.count)
        var weights = [Float](repeating: 0, count: terms.count)
        var keys = TopEntries(capacity: keyCount)
        for index in terms.indices {
            let term = terms[index], count = counts[index]
            let weight = Self.damped(count) * statistics.idf(term)
            guard weight > 0 else { continue }
            weights[index] = weight
            packed.append(UInt64(weight.bitPattern) << 32 | UInt64(term))
            let boosted = keyBoost != 1 && (names.binaryContains(term) || numbers.binaryContains(term)) ? weight * keyBoost : weight
            keys.offer(UInt64(boosted.bitPattern) << 32 | UInt64(term))
        }
        packed.sortIntegers()
        let kept = packed.suffix(limit)
        var sumOfSquares: Float = 0
        for entry in kept { let weight = Float(bitPattern: UInt32(entry >> 32)); sumOfSquares += weight * weight }
        let scale = sumOfSquares > 0 ? 1 / sumOfSquares.squareRoot() : 0
        let termsByWeight = kept.reversed().map { UInt32(truncatingIfNeeded: $0) }
        // The kept entries in term order: `packed` was built in term order, so keep those at or above the cutoff.
        var vectorTerms: [UInt32] = [], vectorWeights: [Float] = []
        vectorTerms.reserveCapacity(kept.count)
        vectorWeights.reserveCapacity(kept.count)
        if let cutoff = kept.first {
            for index in terms.indices {
                let weight = weights[index]
                guard weight > 0, UInt64(weight.bitPattern) << 32 | UInt64(terms[index]) >= cutoff else { continue }
                vectorTerms.append(terms[index]); vectorWeights.append(weight * scale)
            }
        }
        return (TermVector(terms: vectorTerms, weights: vectorWeights), termsByWeight, keys.termsByWeight)
    }
}

/// The largest few packed (weight, term) entries offered, kept in a small sorted buffer.
private struct TopEntries {
    private var entries: [UInt64] = []
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity; entries.reserveCapacity(capacity + 1) }

    mutating func offer(_ entry: UInt64) {
        guard capacity > 0, entries.count < capacity || entry > entries[entries.count - 1] else { return }
        var position = entries.count
        while position > 0 && entries[position - 1] < entry { position -= 1 }
        entries.insert(entry, at: position)
        if entries.count > capacity { entries.removeLast() }
    }

    /// The terms, heaviest first.
    var termsByWeight: [UInt32] { entries.map { UInt32(truncatingIfNeeded: $0) } }
}
