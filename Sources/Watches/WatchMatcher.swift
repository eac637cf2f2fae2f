import Foundation
import Model

/// Every watch compiled into one matcher. A document is folded and tokenized once; each word is
/// looked up once in a dictionary of all the watches' words, prefixes and phrases
/// (`TermDictionary`); only the watches one of whose terms (or named sources) was found are then
/// evaluated, with word positions for phrases and NEAR. The cost of a document hardly depends on
/// the number of watches, beyond the watches it actually concerns.
public final class WatchMatcher: Sendable {
    public let queries: [WatchQuery]
    private let dictionary: TermDictionary
    private let terms: [CompiledTerm]
    private let programs: [WatchProgram]
    private let flat: FlatPrograms
    /// Bit set for watches that match whenever one of their triggers is present (a word, prefix
    /// or phrase anywhere, or an OR of those), so they need no evaluation.
    private let directMatches: [UInt64]
    /// Bit set for watches whose evaluation needs word positions (phrases checked word by word,
    /// title:, NEAR): the document's hits are sorted by position only when one is a candidate.
    private let positionalWatches: [UInt64]
    /// For unit `u`, `watchesByUnit[watchRangeByUnit[u]..<watchRangeByUnit[u + 1]]` are the watches it triggers.
    private let watchRangeByUnit: [Int32]
    private let watchesByUnit: [Int32]
    /// Folded `source:` names, and the watches naming each.
    private let sourceNames: [[UInt8]]
    private let watchesBySource: [[Int32]]

    public init(queries: [WatchQuery]) {
        var compiler = MatcherCompiler()
        let programs = queries.map { compiler.compile($0.expression) }
        let triggers = compiler.triggerUnits()

        var watchesPerUnit = [[Int32]](repeating: [], count: compiler.units.count)
        var watchesPerSource = [[Int32]](repeating: [], count: compiler.sources.count)
        for (watch, program) in programs.enumerated() {
            let needed = compiler.triggers(of: program, termTriggers: triggers) ?? {
                // Only reached for shapes like NOT (NOT a OR NOT b): any term may be the one present.
                var termIDs = Set<Int32>(), sourceIDs = Set<Int32>()
                program.collect(terms: &termIDs, sources: &sourceIDs)
                return Triggers(units: Set(termIDs.map { triggers[Int($0)] }), sources: sourceIDs)
            }()
            for unit in needed.units { watchesPerUnit[Int(unit)].append(Int32(watch)) }
            for source in needed.sources { watchesPerSource[Int(source)].append(Int32(watch)) }
        }
        var ranges: [Int32] = [0]
        var flat: [Int32] = []
        for watches in watchesPerUnit {
            flat += watches
            ranges.append(Int32(flat.count))
        }
        self.queries = queries
        self.dictionary = TermDictionary(units: compiler.units)
        self.terms = compiler.terms
        self.programs = programs
        self.flat = FlatPrograms(programs: programs, terms: compiler.terms)
        var direct = [UInt64](repeating: 0, count: (programs.count + 63) / 64)
        for (watch, program) in programs.enumerated() where program.isAnyOfAnywhereTerms(compiler.terms) {
            direct[watch >> 6] |= 1 << UInt64(watch & 63)
        }
        self.directMatches = direct
        var positional = [UInt64](repeating: 0, count: (programs.count + 63) / 64)
        for (watch, program) in programs.enumerated() where program.needsPositions(compiler.terms) {
            positional[watch >> 6] |= 1 << UInt64(watch & 63)
        }
        self.positionalWatches = positional
        self.watchRangeByUnit = ranges
        self.watchesByUnit = flat
        self.sourceNames = compiler.sources.map { Array($0.utf8) }
        self.watchesBySource = watchesPerSource
    }

    /// Indices into `queries` of the watches the document matches, ascending.
    public func matches(_ document: MatchDocument) -> [Int] {
        var hits = DocumentHits(document, dictionary: dictionary, sortPositions: false)
        var candidates = [UInt64](repeating: 0, count: (queries.count + 63) / 64)
        var any = false
        hits.forEachUnitPresent { unit in
            for index in Int(watchRangeByUnit[unit])..<Int(watchRangeByUnit[unit + 1]) {
                let watch = Int(watchesByUnit[index])
                candidates[watch >> 6] |= 1 << UInt64(watch & 63)
                any = true
            }
        }
        let sourceMatched = matchedSources(document)
        for (source, matched) in sourceMatched.enumerated() where matched {
            for watch in watchesBySource[source] { candidates[Int(watch) >> 6] |= 1 << UInt64(watch & 63); any = true }
        }
        guard any else { return [] }
        for (word, bits) in candidates.enumerated() where bits & positionalWatches[word] != 0 {
            hits.sortPositions()
            break
        }
        var result: [Int] = []
        result.reserveCapacity(16)
        for (word, bits) in candidates.enumerated() where bits != 0 {
            var remaining = bits
            while remaining != 0 {
                let watch = word << 6 | remaining.trailingZeroBitCount
                remaining &= remaining - 1
                if directMatches[word] & (1 << UInt64(watch & 63)) != 0 || flat.evaluate(watch: watch, hits, sourceMatched) {
                    result.append(watch)
                }
            }
        }
        return result
    }

    /// Every watch evaluated on `document`, without the trigger shortcut: what `matches(_:)` must equal.
    func matchesEvaluatingEveryWatch(_ document: MatchDocument) -> [Int] {
        let hits = DocumentHits(document, dictionary: dictionary)
        let sourceMatched = matchedSources(document)
        return queries.indices.filter { flat.evaluate(watch: $0, hits, sourceMatched) }
    }

    /// A window of the body (or of the title, when only the title matched) around the words
    /// `queries[index]` matched, those words highlighted, cut at word boundaries with an ellipsis.
    public func snippet(for index: Int, in document: MatchDocument, maxLength: Int = 240) -> HighlightedText {
        let hits = DocumentHits(document, dictionary: dictionary)
        var termIDs = Set<Int32>()
        programs[index].collectPositive(terms: &termIDs)
        var positions = Set<UInt32>()
        for term in termIDs {
            for span in hits.occurrences(of: terms[Int(term)]) { positions.formUnion(span.start...span.end) }
        }
        var titleRanges: [Range<Int>] = [], bodyRanges: [Range<Int>] = []
        TextNormalizer.forEachToken(in: document.title) { _, range, _ in titleRanges.append(range) }
        TextNormalizer.forEachToken(in: document.body) { _, range, _ in bodyRanges.append(range) }
        let bodyMarks = bodyRanges.indices.filter { positions.contains(hits.bodyStart + UInt32($0)) }
        let titleMarks = titleRanges.indices.filter { positions.contains(UInt32($0)) }
        if bodyMarks.isEmpty && !titleMarks.isEmpty {
            return SnippetBuilder(text: document.title, words: titleRanges, highlighted: titleMarks).snippet(maxLength: maxLength)
        }
        return SnippetBuilder(text: document.body, words: bodyRanges, highlighted: bodyMarks).snippet(maxLength: maxLength)
    }

    private func matchedSources(_ document: MatchDocument) -> [Bool] {
        guard !sourceNames.isEmpty else { return [] }
        let haystack = Array(TextNormalizer.fold(document.source).utf8)
        return sourceNames.map { haystack.containsSubsequence($0) }
    }

}

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

/// Units and named sources a document must contain one of for a watch to match it.
struct Triggers {
    var units: Set<Int32>
    var sources: Set<Int32>
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
        case .near(let left, _, _): return Triggers(units: Set(left.map { termTriggers[Int($0)] }), sources: [])
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

extension Array where Element == UInt8 {
    func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= count else { return false }
        for start in 0...(count - needle.count) where self[start] == needle[0] {
            if self[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
