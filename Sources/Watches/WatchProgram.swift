import Foundation

/// A watch's query with its terms and sources as ids.
indirect enum WatchProgram: Sendable {
    case term(Int32)
    case source(Int32)
    case not(WatchProgram)
    case and([WatchProgram])
    case or([WatchProgram])
    /// Term alternatives on each side and the distance in words.
    case near([Int32], [Int32], UInt32)

    func collect(terms: inout Set<Int32>, sources: inout Set<Int32>) {
        switch self {
        case .term(let term): terms.insert(term)
        case .source(let source): sources.insert(source)
        case .not(let inner): inner.collect(terms: &terms, sources: &sources)
        case .and(let parts), .or(let parts): for part in parts { part.collect(terms: &terms, sources: &sources) }
        case .near(let left, let right, _): terms.formUnion(left); terms.formUnion(right)
        }
    }

    /// A term found whole by the dictionary, anywhere in the document, or an OR of such terms:
    /// present exactly when one of its trigger units is.
    func isAnyOfAnywhereTerms(_ terms: [CompiledTerm]) -> Bool {
        switch self {
        case .term(let term): return terms[Int(term)].units.count == 1 && !terms[Int(term)].titleOnly
        case .or(let parts): return parts.allSatisfy { $0.isAnyOfAnywhereTerms(terms) }
        default: return false
        }
    }

    /// Whether evaluating needs word positions, not just which units are present.
    func needsPositions(_ terms: [CompiledTerm]) -> Bool {
        switch self {
        case .term(let term): return terms[Int(term)].units.count > 1 || terms[Int(term)].titleOnly
        case .source: return false
        case .near: return true
        case .not(let inner): return inner.needsPositions(terms)
        case .and(let parts), .or(let parts): return parts.contains { $0.needsPositions(terms) }
        }
    }

    /// The terms whose occurrences are worth highlighting: those not excluded by a NOT.
    func collectPositive(terms: inout Set<Int32>) {
        switch self {
        case .term(let term): terms.insert(term)
        case .source, .not: break
        case .and(let parts), .or(let parts): for part in parts { part.collectPositive(terms: &terms) }
        case .near(let left, let right, _): terms.formUnion(left); terms.formUnion(right)
        }
    }
}
