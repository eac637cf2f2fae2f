import Foundation

/// Where the watches' units occur in one document. Title words take positions `0..<titleEnd`, body
/// words start at `bodyStart`; the gap between is wider than any NEAR distance, so neither a
/// phrase nor a NEAR spans title and body.
struct DocumentHits {
    static let titleBodyGap: UInt32 = 128

    /// `unit << 32 | position`, sorted: the positions of one unit are contiguous and ascending.
    private(set) var hits: [UInt64] = []
    private(set) var titleEnd: UInt32 = 0
    var bodyStart: UInt32 { titleEnd + Self.titleBodyGap }

    /// One occurrence of a term: the positions of its first and last words.
    struct Span { var start: UInt32; var end: UInt32 }

    /// Scans `document`'s title and body for the units of `trie`.
    init(_ document: MatchDocument, trie: UnitTrie) {
        var position: UInt32 = 0
        var hits: [UInt64] = []
        hits.reserveCapacity(256)
        TextNormalizer.forEachToken(in: document.title) { folded, _, _ in
            trie.walk(folded) { unit in hits.append(UInt64(UInt32(bitPattern: unit)) << 32 | UInt64(position)) }
            position += 1
        }
        titleEnd = position
        position += Self.titleBodyGap
        TextNormalizer.forEachToken(in: document.body) { folded, _, _ in
            trie.walk(folded) { unit in hits.append(UInt64(UInt32(bitPattern: unit)) << 32 | UInt64(position)) }
            position += 1
        }
        hits.sort()
        self.hits = hits
    }

    /// Index range in `hits` of `unit`'s positions.
    @inline(__always)
    func range(of unit: Int32) -> Range<Int> {
        let key = UInt64(UInt32(bitPattern: unit)) << 32
        let lower = lowerBound(key)
        return lower..<lowerBound(key + (1 << 32))
    }

    @inline(__always)
    private func lowerBound(_ key: UInt64) -> Int {
        var low = 0, high = hits.count
        while low < high {
            let mid = (low + high) >> 1
            if hits[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    var isEmpty: Bool { hits.isEmpty }

    /// The distinct units hit, in order.
    func forEachDistinctUnit(_ body: (Int32) -> Void) {
        var previous: UInt64 = .max
        for hit in hits {
            let unit = hit >> 32
            if unit != previous { body(Int32(truncatingIfNeeded: unit)); previous = unit }
        }
    }

    @inline(__always)
    func contains(unit: Int32, at position: UInt32) -> Bool {
        let key = UInt64(UInt32(bitPattern: unit)) << 32 | UInt64(position)
        let index = lowerBound(key)
        return index < hits.count && hits[index] == key
    }

    /// Calls `body` for each occurrence of `term`, in order, until it returns false.
    @inline(__always)
    func forEachOccurrence(of term: CompiledTerm, _ body: (Span) -> Bool) {
        let first = term.units[0]
        let last = UInt32(term.units.count - 1)
        for index in range(of: first) {
            let start = UInt32(truncatingIfNeeded: hits[index])
            if term.titleOnly && start >= titleEnd { return }
            var complete = true
            for k in 1..<term.units.count where !contains(unit: term.units[k], at: start + UInt32(k)) {
                complete = false
                break
            }
            if complete && !body(Span(start: start, end: start + last)) { return }
        }
    }

    func occurs(_ term: CompiledTerm) -> Bool {
        var found = false
        forEachOccurrence(of: term) { _ in found = true; return false }
        return found
    }

    func occurrences(of term: CompiledTerm) -> [Span] {
        var spans: [Span] = []
        forEachOccurrence(of: term) { spans.append($0); return true }
        return spans
    }
}

/// A term with its units as trie ids.
struct CompiledTerm: Sendable, Hashable {
    var units: [Int32]
    var titleOnly: Bool
}
