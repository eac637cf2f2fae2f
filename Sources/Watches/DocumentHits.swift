import Foundation

/// Where the watches' units (words, prefixes and whole phrases) occur in one document; a phrase
/// unit is recorded at the position of its first word. Title words take positions `0..<titleEnd`, body
/// words start at `bodyStart`; the gap between is wider than any NEAR distance, so neither a
/// phrase nor a NEAR spans title and body.
struct DocumentHits {
    static let titleBodyGap: UInt32 = 128

    /// `unit << 32 | position`; once `sortPositions()` has run, the positions of one unit are
    /// contiguous and ascending, which every position query needs. Matching sorts only when a
    /// candidate watch asks for positions.
    private(set) var hits: [UInt64] = []
    private(set) var positionsSorted = false
    private(set) var titleEnd: UInt32 = 0
    var bodyStart: UInt32 { titleEnd + Self.titleBodyGap }

    /// One occurrence of a term: the positions of its first and last words.
    struct Span { var start: UInt32; var end: UInt32 }

    /// Bit `u` set when unit `u` occurs anywhere.
    private var unitsHit: [UInt64]

    /// Scans `document`'s title and body for the units of `dictionary`.
    init(_ document: MatchDocument, dictionary: TermDictionary, sortPositions: Bool = true) {
        var hits: [UInt64] = []
        hits.reserveCapacity(256)
        var folded: [UInt8] = []
        folded.reserveCapacity(64)
        var wordStarts: [Int32] = []
        var wordIDs: [Int32] = []
        var position: UInt32 = 0
        Self.scan(document.title, dictionary, &position, &folded, &wordStarts, &wordIDs, &hits)
        titleEnd = position
        position += Self.titleBodyGap
        Self.scan(document.body, dictionary, &position, &folded, &wordStarts, &wordIDs, &hits)
        var unitsHit = [UInt64](repeating: 0, count: (dictionary.unitCount + 63) >> 6)
        for hit in hits {
            let unit = Int(truncatingIfNeeded: hit >> 32)
            unitsHit[unit >> 6] |= 1 << UInt64(unit & 63)
        }
        self.hits = hits
        self.unitsHit = unitsHit
        if sortPositions { self.sortPositions() }
    }

    mutating func sortPositions() {
        guard !positionsSorted else { return }
        hits.withUnsafeMutableBufferPointer { Self.sortInPlace($0, 0, $0.count - 1) }
        positionsSorted = true
    }

    /// Quicksort with insertion sort for short runs: no scratch buffer, unlike the standard
    /// library's stable sort, and the keys are unique so stability does not matter.
    private static func sortInPlace(_ a: UnsafeMutableBufferPointer<UInt64>, _ low: Int, _ high: Int) {
        var low = low, high = high
        while high - low > 16 {
            let pivot = Swift.max(Swift.min(a[low], a[high]), Swift.min(Swift.max(a[low], a[high]), a[(low + high) >> 1]))
            var i = low, j = high
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
            }
            // Recurse into the smaller side, loop on the larger.
            if j - low < high - i { sortInPlace(a, low, j); low = i } else { sortInPlace(a, i, high); high = j }
        }
        guard low < high else { return }
        for k in (low + 1)...high {
            let value = a[k]
            var m = k - 1
            while m >= low && a[m] > value { a[m + 1] = a[m]; m -= 1 }
            a[m + 1] = value
        }
    }

    /// The distinct units present, ascending.
    @inline(__always)
    func forEachUnitPresent(_ body: (Int) -> Void) {
        for (word, bits) in unitsHit.enumerated() where bits != 0 {
            var remaining = bits
            while remaining != 0 {
                body(word << 6 | remaining.trailingZeroBitCount)
                remaining &= remaining - 1
            }
        }
    }

    /// Folds `text` into one buffer of words each followed by a space, then finds the units.
    private static func scan(_ text: String, _ dictionary: TermDictionary, _ position: inout UInt32, _ folded: inout [UInt8],
                             _ wordStarts: inout [Int32], _ wordIDs: inout [Int32], _ hits: inout [UInt64]) {
        var text = text
        folded.removeAll(keepingCapacity: true)
        wordStarts.removeAll(keepingCapacity: true)
        text.withUTF8 { utf8 in
            var tokenizer = FoldingTokenizer(utf8)
            var start = 0
            while tokenizer.next(appendingTo: &folded) != nil {
                wordStarts.append(Int32(start))
                folded.append(0x20)
                start = folded.count
            }
        }
        folded.withUnsafeBufferPointer { buffer in
            wordStarts.withUnsafeBufferPointer { starts in
                dictionary.scan(buffer, wordStarts: starts, firstPosition: position, wordIDs: &wordIDs, into: &hits)
            }
        }
        position += UInt32(wordStarts.count)
    }

    @inline(__always)
    func occursAnywhere(_ unit: Int32) -> Bool {
        unitsHit[Int(unit) >> 6] & (1 << UInt64(unit & 63)) != 0
    }

    /// Index range in `hits` of `unit`'s positions.
    @inline(__always)
    func range(of unit: Int32) -> Range<Int> {
        assert(positionsSorted)
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

    @inline(__always)
    func contains(unit: Int32, at position: UInt32) -> Bool {
        let key = UInt64(UInt32(bitPattern: unit)) << 32 | UInt64(position)
        let index = lowerBound(key)
        return index < hits.count && hits[index] == key
    }

    /// Calls `body` for each occurrence of the term made of `units` (one per word, or one for the
    /// whole term) spanning `length` words, in order, until it returns false.
    @inline(__always)
    func forEachOccurrence(units: UnsafeBufferPointer<Int32>, length: UInt32, titleOnly: Bool, _ body: (Span) -> Bool) {
        for index in range(of: units[0]) {
            let start = UInt32(truncatingIfNeeded: hits[index])
            if titleOnly && start >= titleEnd { return }
            var complete = true
            for k in 1..<units.count where !contains(unit: units[k], at: start + UInt32(k)) {
                complete = false
                break
            }
            if complete && !body(Span(start: start, end: start + length - 1)) { return }
        }
    }

    func occurrences(of term: CompiledTerm) -> [Span] {
        var spans: [Span] = []
        term.units.withUnsafeBufferPointer { units in
            forEachOccurrence(units: units, length: term.length, titleOnly: term.titleOnly) { spans.append($0); return true }
        }
        return spans
    }
}

/// A term with its units as trie ids: one unit for a word, a prefix, or a phrase whose words are
/// exact but for the last (the trie finds those whole); one unit per word for other phrases.
struct CompiledTerm: Sendable, Hashable {
    var units: [Int32]
    /// In words.
    var length: UInt32
    var titleOnly: Bool
}
