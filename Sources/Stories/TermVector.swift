/// A sparse weighted term vector, sorted by term id, for items and story centroids.
struct TermVector: Sendable, Equatable {
    private(set) var terms: [UInt32] = []
    private(set) var weights: [Float] = []

    init() {}

    init(terms: [UInt32], weights: [Float]) {
        precondition(terms.count == weights.count)
        self.terms = terms; self.weights = weights
    }

    var isEmpty: Bool { terms.isEmpty }
    var count: Int { terms.count }

    var norm: Double {
        var sum: Double = 0
        for weight in weights { sum += Double(weight) * Double(weight) }
        return sum.squareRoot()
    }

    /// The dot product, by merging the two sorted term lists.
    func dot(_ other: TermVector) -> Double {
        terms.withUnsafeBufferPointer { a in other.terms.withUnsafeBufferPointer { b in
            weights.withUnsafeBufferPointer { u in other.weights.withUnsafeBufferPointer { v in
                var i = 0, j = 0, sum: Float = 0
                while i < a.count && j < b.count {
                    let x = a[i], y = b[j]
                    if x == y { sum += u[i] * v[j]; i += 1; j += 1 } else if x < y { i += 1 } else { j += 1 }
                }
                return Double(sum)
            } }
        } }
    }

    /// The weight of `term`, 0 when absent (binary search).
    func weight(of term: UInt32) -> Float {
        var low = 0, high = terms.count
        while low < high {
            let middle = (low + high) / 2
            if terms[middle] < term { low = middle + 1 } else { high = middle }
        }
        return low < terms.count && terms[low] == term ? weights[low] : 0
    }

    /// `self + other`, term by term.
    func adding(_ other: TermVector) -> TermVector {
        var terms: [UInt32] = [], weights: [Float] = []
        terms.reserveCapacity(self.terms.count + other.terms.count)
        weights.reserveCapacity(self.terms.count + other.terms.count)
        var i = 0, j = 0
        while i < self.terms.count || j < other.terms.count {
            if j == other.terms.count || (i < self.terms.count && self.terms[i] < other.terms[j]) {
                terms.append(self.terms[i]); weights.append(self.weights[i]); i += 1
            } else if i == self.terms.count || other.terms[j] < self.terms[i] {
                terms.append(other.terms[j]); weights.append(other.weights[j]); j += 1
            } else {
                terms.append(self.terms[i]); weights.append(self.weights[i] + other.weights[j]); i += 1; j += 1
            }
        }
        return TermVector(terms: terms, weights: weights)
    }

    /// The `limit` heaviest terms (ties broken by term id, so the result is deterministic). Weights are
    /// positive, so their bit patterns order like the floats and the selection sorts plain integers.
    func heaviest(_ limit: Int) -> TermVector {
        guard terms.count > limit else { return self }
        var packed = zip(terms, weights).map { UInt64($1.bitPattern) << 32 | UInt64($0) }
        packed.sortIntegers()
        var kept = packed.suffix(limit).map { $0 << 32 | $0 >> 32 }
        kept.sortIntegers()
        return TermVector(terms: kept.map { UInt32(truncatingIfNeeded: $0 >> 32) },
                          weights: kept.map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) })
    }

    func scaled(by factor: Float) -> TermVector {
        TermVector(terms: terms, weights: weights.map { $0 * factor })
    }
}
