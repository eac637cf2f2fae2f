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

    init(_ item: ClusterInput, options: ClusterOptions, tokenizer: inout Tokenizer) {
        var title = item.title
        let titleTerms = title.withUTF8 { bytes in tokenizer.terms(in: bytes, TitleCleaner.headline(bytes), limit: 64) }
        let bodyTerms = tokenizer.terms(of: item.text, limit: options.maxBodyTerms, dropFurniture: true)

        var pairs: [(term: UInt32, count: Float)] = []
        pairs.reserveCapacity(titleTerms.count + bodyTerms.count)
        let titleWeight = Float(options.titleWeight)
        for term in titleTerms { pairs.append((term, titleWeight)) }
        for term in bodyTerms { pairs.append((term, 1)) }
        pairs.sort { $0.term < $1.term }
        terms = []; counts = []
        for pair in pairs {
            if let last = terms.last, last == pair.term { counts[counts.count - 1] += pair.count }
            else { terms.append(pair.term); counts.append(pair.count) }
        }

        exactKeys = []
        for address in [item.canonicalLink, item.guid] {
            if let address, Self.isGlobalAddress(address) {
                exactKeys.append(Int64(bitPattern: TermHash.of("u:" + address)))
            }
        }
        if titleTerms.count >= options.minTitleKeyWords {
            var hash = TermHash()
            hash.addByte(UInt8(ascii: "t"))
            for term in titleTerms { hash.addWord(term) }
            exactKeys.append(Int64(bitPattern: hash.value))
        }
    }

    /// A link or guid that names one article across feeds (a URL, tag: or urn: id), not a feed-local counter.
    static func isGlobalAddress(_ address: String) -> Bool {
        address.utf8.count >= 12 && (address.hasPrefix("http") || address.hasPrefix("tag:") || address.hasPrefix("urn:"))
    }

    /// The unit TF-IDF vector: (1 + ln count) x idf, keeping the `limit` heaviest terms.
    func vector(idf: (UInt32) -> Float, limit: Int) -> TermVector {
        var pairs: [(term: UInt32, weight: Float)] = []
        pairs.reserveCapacity(terms.count)
        for (term, count) in zip(terms, counts) {
            let weight = (count >= 1 ? 1 + logf(count) : count) * idf(term)
            if weight > 0 { pairs.append((term, weight)) }
        }
        if pairs.count > limit {
            pairs.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.term < $1.term }
            pairs.removeLast(pairs.count - limit)
        }
        let vector = TermVector(pairs: pairs)
        let norm = vector.norm
        return norm > 0 ? vector.scaled(by: Float(1 / norm)) : vector
    }
}
