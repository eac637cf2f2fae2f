import Foundation

extension WatchQuery {
    /// A conservative prefilter for a full-text index (e.g. SQLite FTS5): groups of terms such that
    /// every item the query matches contains at least one term of each group, anywhere in its text.
    /// Items passing the prefilter must still be matched with `WatchMatcher` (NOT, NEAR distances,
    /// `title:` and `source:` are not part of the hint). Empty when the query gives no such terms,
    /// as for `source:name` alone: then every item is a candidate.
    ///
    /// Terms are folded like `TextNormalizer.fold`; a unit with `isPrefix` matches words starting
    /// with it; a term whose units are characters of a script without spaces must be looked for
    /// as a substring, since word tokenizers do not split such text.
    public var requiredTermsHint: [[Term]] {
        Self.clauses(of: expression)
    }

    private static func clauses(of expression: Expression) -> [[Term]] {
        switch expression {
        case .term(let term):
            return [[Term(units: term.units, titleOnly: false)]]
        case .source, .not:
            return []
        case .and(let parts):
            var all: [[Term]] = []
            for part in parts {
                for clause in clauses(of: part) where !all.contains(clause) { all.append(clause) }
            }
            return all
        case .or(let parts):
            // (A1 ∧ A2) ∨ (B1 ∧ B2) implies A1 ∨ B1: one group from each alternative.
            var union: [Term] = []
            for part in parts {
                guard let first = clauses(of: part).first else { return [] }
                for term in first where !union.contains(term) { union.append(term) }
            }
            return [union]
        case .near(let left, let right, _):
            return clauses(of: left) + clauses(of: right)
        }
    }
}
