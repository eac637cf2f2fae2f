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
    /// Bit set for watches whose evaluation needs word positions (phrases checked word by word,
    /// title:, NEAR): the document's hits are sorted by position only when one is a candidate.
    private let positionalWatches: [UInt64]
    /// For unit `u`, `watchesByUnit[watchRangeByUnit[u]..<watchRangeByUnit[u + 1]]` are the watches
    /// it triggers: `watch << 32 | QuickCheck.code`.
    private let watchRangeByUnit: [Int32]
    private let watchesByUnit: [UInt64]
    /// Folded `source:` names, and the watches naming each.
    private let sourceNames: [[UInt8]]
    private let watchesBySource: [[Int32]]

    /// Compiles `queries` (already validated by `WatchQuery.parse`) into one matcher.
    public init(queries: [WatchQuery]) {
        var compiler = MatcherCompiler()
        let programs = queries.map { compiler.compile($0.expression) }
        let triggers = compiler.triggerUnits()

        var watchesPerUnit = [[UInt64]](repeating: [], count: compiler.units.count)
        var watchesPerSource = [[Int32]](repeating: [], count: compiler.sources.count)
        for (watch, program) in programs.enumerated() {
            let needed = compiler.triggers(of: program, termTriggers: triggers) ?? {
                // Only reached for shapes like NOT (NOT a OR NOT b): any term may be the one present.
                var termIDs = Set<Int32>(), sourceIDs = Set<Int32>()
                program.collect(terms: &termIDs, sources: &sourceIDs)
                return Triggers(units: Set(termIDs.map { triggers[Int($0)] }), sources: sourceIDs)
            }()
            let check = needed.sources.isEmpty ? compiler.quickCheck(of: program, termTriggers: triggers) : .evaluate
            let entry = UInt64(watch) << 32 | UInt64(UInt32(bitPattern: check.code))
            for unit in needed.units { watchesPerUnit[Int(unit)].append(entry) }
            for source in needed.sources { watchesPerSource[Int(source)].append(Int32(watch)) }
        }
        var ranges: [Int32] = [0]
        var watchList: [UInt64] = []
        for watches in watchesPerUnit {
            watchList += watches
            ranges.append(Int32(watchList.count))
        }
        self.queries = queries
        self.dictionary = TermDictionary(units: compiler.units)
        self.terms = compiler.terms
        self.programs = programs
        self.flat = FlatPrograms(programs: programs, terms: compiler.terms)
        func bitSet(_ include: (WatchProgram) -> Bool) -> [UInt64] {
            var bits = [UInt64](repeating: 0, count: (programs.count + 63) / 64)
            for (watch, program) in programs.enumerated() where include(program) { bits[watch >> 6] |= 1 << UInt64(watch & 63) }
            return bits
        }
        self.positionalWatches = bitSet { $0.needsPositions(compiler.terms) }
        self.watchRangeByUnit = ranges
        self.watchesByUnit = watchList
        self.sourceNames = compiler.sources.map { Array($0.utf8) }
        self.watchesBySource = watchesPerSource
    }

    /// Indices into `queries` of the watches the document matches, ascending.
    public func matches(_ document: MatchDocument) -> [Int] {
        var hits = DocumentHits(document, dictionary: dictionary, sortPositions: false)
        // Watches decided by their trigger alone, and watches to evaluate.
        var matched = [UInt64](repeating: 0, count: (queries.count + 63) / 64)
        var candidates = [UInt64](repeating: 0, count: (queries.count + 63) / 64)
        var any = false
        hits.forEachUnitPresent { unit in
            for index in Int(watchRangeByUnit[unit])..<Int(watchRangeByUnit[unit + 1]) {
                let entry = watchesByUnit[index]
                let watch = Int(entry >> 32)
                let code = Int32(truncatingIfNeeded: entry)
                let bit: UInt64 = 1 << UInt64(watch & 63)
                if code == .min {
                    candidates[watch >> 6] |= bit
                    any = true
                } else if code == -1 || (code >= 0 ? hits.occursAnywhere(code) : !hits.occursAnywhere(-2 - code)) {
                    matched[watch >> 6] |= bit
                    any = true
                }
            }
        }
        let sourceMatched = matchedSources(document)
        for (source, found) in sourceMatched.enumerated() where found {
            for watch in watchesBySource[source] { candidates[Int(watch) >> 6] |= 1 << UInt64(watch & 63); any = true }
        }
        guard any else { return [] }
        for (word, bits) in candidates.enumerated() where bits & positionalWatches[word] != 0 {
            hits.sortPositions()
            break
        }
        var result: [Int] = []
        result.reserveCapacity(16)
        for word in candidates.indices {
            let decided = matched[word]
            var remaining = decided | candidates[word]
            while remaining != 0 {
                let bit = remaining & (0 &- remaining)
                remaining &= remaining - 1
                let watch = word << 6 | bit.trailingZeroBitCount
                if decided & bit != 0 || flat.evaluate(watch: watch, hits, sourceMatched) { result.append(watch) }
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

    /// A window of at most `maxLength` characters of the body (or of the title, when only the
    /// title matched) around the words `queries[index]` matched, those words highlighted, cut at
    /// word boundaries with "…" where text was left out. `index` must be a valid index of `queries`.
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
