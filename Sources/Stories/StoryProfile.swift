import Foundation

/// What a story remembers between passes, serialized into `StoryFeatures.features`: the sum of its
/// items' unit term vectors (its centroid, pruned to the heaviest terms), how many items were summed,
/// and the candidate keys it answers to (its items' informative terms and exact-duplicate keys, the
/// most recent ones when there are many), so a pass can rebuild its in-memory index from one read.
struct StoryProfile: Sendable, Equatable {
    private(set) var sum: TermVector
    private(set) var itemCount: Int
    private(set) var termKeys: [UInt32]
    private(set) var exactKeys: [Int64]
    private var norm: Double

    static let maxTermKeys = 192
    static let maxExactKeys = 32

    init(sum: TermVector = TermVector(), itemCount: Int = 0, termKeys: [UInt32] = [], exactKeys: [Int64] = []) {
        self.sum = sum; self.itemCount = itemCount; self.termKeys = termKeys; self.exactKeys = exactKeys
        norm = sum.norm
    }

    /// Cosine similarity of a unit item vector with the centroid's direction.
    func similarity(to item: TermVector) -> Double {
        norm > 0 ? item.dot(sum) / norm : 0
    }

    /// Whether the centroid holds at least `share` of the weight of an item's `anchors` (its main names):
    /// two reports of one event share their names; the same template about another company does not.
    func covers(_ anchors: [Anchor], share: Double) -> Bool {
        var total: Float = 0, held: Float = 0
        for anchor in anchors {
            total += anchor.weight
            if sum.weight(of: anchor.term) > 0 { held += anchor.weight }
        }
        return total == 0 || Double(held) >= share * Double(total)
    }

    /// Adds a unit item vector, pruning to `limit` terms when the centroid grows a quarter past it.
    mutating func add(_ item: TermVector, limit: Int) {
        sum = sum.adding(item)
        itemCount += 1
        if sum.count > limit + limit / 4 { sum = sum.heaviest(limit) }
        norm = sum.norm
    }

    /// Remembers keys (the caller passes only keys the story did not hold), forgetting the oldest past the caps.
    mutating func remember(termKey: UInt32) {
        termKeys.append(termKey)
        if termKeys.count > Self.maxTermKeys + Self.maxTermKeys / 4 { termKeys.removeFirst(termKeys.count - Self.maxTermKeys) }
    }

    mutating func remember(exactKey: Int64) {
        exactKeys.append(exactKey)
        if exactKeys.count > Self.maxExactKeys { exactKeys.removeFirst(exactKeys.count - Self.maxExactKeys) }
    }

    // Layout, little-endian: version (1 byte) | item count (UInt32) | term count n (UInt32) | n terms (UInt32)
    // | n weights (Float32 bits) | term-key count k (UInt32) | k term keys (UInt32) | exact-key count e (UInt32) | e keys (UInt64).
    private static let version: UInt8 = 1

    func encoded(limit: Int) -> [UInt8] {
        let kept = sum.heaviest(limit)
        var bytes: [UInt8] = [Self.version]
        bytes.reserveCapacity(17 + kept.count * 8 + termKeys.count * 4 + exactKeys.count * 8)
        func put(_ value: UInt32) {
            bytes.append(UInt8(truncatingIfNeeded: value)); bytes.append(UInt8(truncatingIfNeeded: value >> 8))
            bytes.append(UInt8(truncatingIfNeeded: value >> 16)); bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        }
        put(UInt32(clamping: itemCount))
        put(UInt32(kept.count))
        kept.terms.forEach(put)
        kept.weights.forEach { put($0.bitPattern) }
        let keptTermKeys = termKeys.suffix(Self.maxTermKeys)
        put(UInt32(keptTermKeys.count))
        keptTermKeys.forEach(put)
        put(UInt32(exactKeys.count))
        for key in exactKeys {
            put(UInt32(truncatingIfNeeded: UInt64(bitPattern: key))); put(UInt32(truncatingIfNeeded: UInt64(bitPattern: key) >> 32))
        }
        return bytes
    }

    /// Decodes `encoded(limit:)`; nil for bytes this version did not write (the story then starts afresh).
    init?(decoding bytes: [UInt8]) {
        var reader = ByteReader(bytes: bytes)
        guard reader.byte() == Self.version, let itemCount = reader.word(), let count = reader.word(),
              count <= 1 << 16, let terms = reader.words(Int(count)), let weightBits = reader.words(Int(count)),
              zip(terms, terms.dropFirst()).allSatisfy({ $0 < $1 }),
              let termKeyCount = reader.word(), termKeyCount <= 1 << 16, let termKeys = reader.words(Int(termKeyCount)),
              let exactCount = reader.word(), exactCount <= 1 << 16, let halves = reader.words(2 * Int(exactCount)),
              reader.isAtEnd else { return nil }
        let exactKeys = stride(from: 0, to: halves.count, by: 2).map {
            Int64(bitPattern: UInt64(halves[$0]) | UInt64(halves[$0 + 1]) << 32)
        }
        self.init(sum: TermVector(terms: terms, weights: weightBits.map(Float.init(bitPattern:))), itemCount: Int(itemCount),
                  termKeys: termKeys, exactKeys: exactKeys)
    }
}

/// Reads little-endian fields, answering nil past the end instead of trapping.
private struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    mutating func byte() -> UInt8? {
        guard offset < bytes.count else { return nil }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func word() -> UInt32? {
        guard offset + 4 <= bytes.count else { return nil }
        defer { offset += 4 }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }

    mutating func words(_ count: Int) -> [UInt32]? {
        guard count >= 0, offset + 4 * count <= bytes.count else { return nil }
        var result: [UInt32] = []
        result.reserveCapacity(count)
        for _ in 0..<count { result.append(word()!) }
        return result
    }
}
