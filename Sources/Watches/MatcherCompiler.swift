import Foundation

/// Units and named sources a document must contain one of for a watch to match it.
struct Triggers {
    var units: Set<Int32>
    var sources: Set<Int32>
}

/// What finding a watch's trigger unit says about the watch (see `MatcherCompiler.quickCheck`).
enum QuickCheck: Equatable {
    case matched
    case needs(Int32)
    case excludes(Int32)
    case evaluate

    /// Packed beside the watch id in the matcher's trigger lists.
    var code: Int32 {
        switch self {
        case .matched: return -1
        case .needs(let unit): return unit
        case .excludes(let unit): return -2 - unit
        case .evaluate: return .min
        }
    }
}

/// Gives every distinct unit, term and source name of all the watches an id.
struct MatcherCompiler {
    private(set) var units: [WatchQuery.Unit] = []
    private(set) var terms: [CompiledTerm] = []
    private(set) var sources: [String] = []
    private var unitIDs: [WatchQuery.Unit: Int32] = [:]
    private var termIDs: [CompiledTerm: Int32] = [:]
    private var sourceIDs: [String: Int32] = [:]

    mutating func compile(_ expression: WatchQuery.Expression) -> WatchProgram {
        switch expression {
        case .term(let term): return .term(id(of: term))
        case .source(let name):
            if let id = sourceIDs[name] { return .source(id) }
            sources.append(name)
            sourceIDs[name] = Int32(sources.count - 1)
            return .source(Int32(sources.count - 1))
        case .not(let inner): return .not(compile(inner))
        case .and(let parts): return .and(parts.map { compile($0) })
        case .or(let parts): return .or(parts.map { compile($0) })
        case .near(let left, let right, let distance):
            return .near(alternatives(left), alternatives(right), UInt32(distance))
        }
    }

    private mutating func alternatives(_ side: WatchQuery.Expression) -> [Int32] {
        switch side {
        case .term(let term): return [id(of: term)]
        case .or(let parts): return parts.flatMap { alternatives($0) }
        default: preconditionFailure("the parser only lets terms and ORs of terms beside NEAR")
        }
    }

    private mutating func id(of term: WatchQuery.Term) -> Int32 {
        let wholeInTrie = term.units.dropLast().allSatisfy { !$0.isPrefix }
        let units = wholeInTrie
            ? [id(of: WatchQuery.Unit(text: term.units.map(\.text).joined(separator: " "), isPrefix: term.units.last!.isPrefix))]
            : term.units.map { id(of: $0) }
        let compiled = CompiledTerm(units: units, length: UInt32(term.units.count), titleOnly: term.titleOnly)
        if let id = termIDs[compiled] { return id }
        terms.append(compiled)
        termIDs[compiled] = Int32(terms.count - 1)
        return Int32(terms.count - 1)
    }

    private mutating func id(of unit: WatchQuery.Unit) -> Int32 {
        if let id = unitIDs[unit] { return id }
        units.append(unit)
        unitIDs[unit] = Int32(units.count - 1)
        return Int32(units.count - 1)
    }

    /// Units and sources of which every matching document has at least one: only the watches with
    /// one of theirs present are evaluated. Nil when the program could match without any
    /// (a NOT); the parser refuses such queries at the top. An AND needs only its cheapest
    /// child's triggers; an OR needs all of its children's.
    func triggers(of program: WatchProgram, termTriggers: [Int32]) -> Triggers? {
        switch program {
        case .term(let term): return Triggers(units: [termTriggers[Int(term)]], sources: [])
        case .source(let source): return Triggers(units: [], sources: [source])
        case .near(let left, let right, _):
            // Both sides must occur: either side's triggers will do; take the cheaper.
            return [left, right].map { Triggers(units: Set($0.map { termTriggers[Int($0)] }), sources: []) }.min { cost($0) < cost($1) }
        case .not(.not(let inner)): return triggers(of: inner, termTriggers: termTriggers)
        case .not: return nil
        case .or(let parts):
            var union = Triggers(units: [], sources: [])
            for part in parts {
                guard let needed = triggers(of: part, termTriggers: termTriggers) else { return nil }
                union.units.formUnion(needed.units)
                union.sources.formUnion(needed.sources)
            }
            return union
        case .and(let parts):
            return parts.compactMap { triggers(of: $0, termTriggers: termTriggers) }.min { cost($0) < cost($1) }
        }
    }

    /// How a watch can be decided the moment one of its trigger units is found, without
    /// evaluating it: `matched` for a term or an OR of terms found whole anywhere; for `a b` or
    /// `a -b` triggered by `a`, whether `b` is present. Anything else is evaluated.
    func quickCheck(of program: WatchProgram, termTriggers: [Int32]) -> QuickCheck {
        func anywhereUnit(_ part: WatchProgram) -> Int32? {
            guard case .term(let term) = part, terms[Int(term)].units.count == 1, !terms[Int(term)].titleOnly else { return nil }
            return terms[Int(term)].units[0]
        }
        if program.isAnyOfAnywhereTerms(terms) { return .matched }
        guard case .and(let parts) = program, parts.count == 2 else { return .evaluate }
        // The same child `triggers(of:)` picks: the first of the cheapest.
        let chosen = parts.indices.compactMap { index in triggers(of: parts[index], termTriggers: termTriggers).map { (index, $0) } }
            .min { cost($0.1) < cost($1.1) }
        guard let (index, _) = chosen, anywhereUnit(parts[index]) != nil else { return .evaluate }
        let other = parts[1 - index]
        if let unit = anywhereUnit(other) { return .needs(unit) }
        if case .not(let inner) = other, let unit = anywhereUnit(inner) { return .excludes(unit) }
        return .evaluate
    }

    /// A guess at how often a trigger set is present: phrases are rarer than words, function
    /// words and short words are everywhere, a named source is as common as a word.
    private func cost(_ triggers: Triggers) -> Int {
        triggers.sources.count * 10 + triggers.units.reduce(0) { total, unit in
            let u = units[Int(unit)]
            if u.text.utf8.contains(0x20) { return total + 1 }
            if Self.functionWords.contains(u.text) || u.text.utf8.count < 3 { return total + 100 }
            return total + (u.isPrefix ? 20 : 10)
        }
    }

    /// For each term, the unit whose hits decide whether its watches get evaluated: a term can only
    /// occur where all its units do, so the rarest one is enough. Rarity is guessed: common
    /// function words and short units last, then the fewest terms sharing the unit.
    func triggerUnits() -> [Int32] {
        var usage = [Int](repeating: 0, count: units.count)
        for term in terms { for unit in Set(term.units) { usage[Int(unit)] += 1 } }
        func cost(_ unit: Int32) -> (Int, Int, Int) {
            let u = units[Int(unit)]
            let common = Self.functionWords.contains(u.text) || u.text.utf8.count < (u.isPrefix ? 4 : 3) ? 1 : 0
            return (common, usage[Int(unit)], -u.text.utf8.count)
        }
        return terms.map { term in term.units.min { cost($0) < cost($1) }! }
    }

    static let functionWords: Set<String> = Set("""
        the of and to in a is that for on with as was by at from it be has have are said will its an this \
        after over about more than new who into but not up their were been had they he she his her we you \
        our or which would could there what when all one also can may no so if out do i my me
        """.split(separator: " ").map(String.init))
}
