/// A sparse weighted term vector, sorted by term id, for items and story centroids.
struct TermVector: Sendable, Equatable {
    private(set) var terms: [UInt32] = []
    private(set) var weights: [Float] = []

    init() {}

    /// From (term, weight) pairs with distinct terms, in any order.
    init(pairs: [(term: UInt32, weight: Float)]) {
        let sorted = pairs.sorted { $0.term < $1.term }
        terms = sorted.map(\.term)
        weights = sorted.map(\.weight)
    }

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
        var i = 0, j = 0, sum: Double = 0
        let a = terms, b = other.terms
        while i < a.count && j < b.count {
            let x = a[i], y = b[j]
            if x == y { sum += Double(weights[i]) * Double(other.weights[j]); i += 1; j += 1 }
            else if x < y { i += 1 } else { j += 1 }
        }
        return sum
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

    /// The `limit` heaviest terms (ties broken by term id, so the result is deterministic).
    func heaviest(_ limit: Int) -> TermVector {
        guard terms.count > limit else { return self }
        let keep = indicesByWeight().prefix(limit).sorted()
        return TermVector(terms: keep.map { terms[$0] }, weights: keep.map { weights[$0] })
    }

    /// Term ids ordered from heaviest to lightest.
    func termsByWeight() -> [UInt32] { indicesByWeight().map { terms[$0] } }

    func scaled(by factor: Float) -> TermVector {
        TermVector(terms: terms, weights: weights.map { $0 * factor })
    }

    private func indicesByWeight() -> [Int] {
        terms.indices.sorted { weights[$0] != weights[$1] ? weights[$0] > weights[$1] : terms[$0] < terms[$1] }
    }
}
