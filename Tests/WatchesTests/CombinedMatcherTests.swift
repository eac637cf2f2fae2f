import Testing
import TestSupport
@testable import Watches

private let vocabulary = ["oil", "gas", "prices", "the", "bank", "central", "détente", "新疆", "detention", "zürich"]

private func randomTerm(_ rng: inout SeededGenerator) -> String {
    switch Int.random(in: 0..<6, using: &rng) {
    case 0: return "\"\(vocabulary.randomElement(using: &rng)!) \(vocabulary.randomElement(using: &rng)!)\""
    case 1: return String(vocabulary.randomElement(using: &rng)!.prefix(3)) + "*"
    case 2: return "title:" + vocabulary.randomElement(using: &rng)!
    case 3: return "source:" + ["wire", "post", "zurich"].randomElement(using: &rng)!
    default: return vocabulary.randomElement(using: &rng)!
    }
}

private func randomQuery(_ rng: inout SeededGenerator, depth: Int = 0) -> String {
    let a = depth < 2 ? randomQuery(&rng, depth: depth + 1) : randomTerm(&rng)
    let b = depth < 2 ? randomQuery(&rng, depth: depth + 1) : randomTerm(&rng)
    switch Int.random(in: 0..<7, using: &rng) {
    case 0: return "(\(a) OR \(b))"
    case 1: return "(\(a) \(b))"
    case 2: return "(\(a) -\(b))"
    case 3: return "(\(a) AND NOT (NOT \(b)))"
    case 4: return "(\(vocabulary.randomElement(using: &rng)!) NEAR/\(Int.random(in: 1...4, using: &rng)) (\(vocabulary.randomElement(using: &rng)!) OR \(randomTerm(&rng).replacingOccurrences(of: "title:", with: "").replacingOccurrences(of: "source:", with: ""))))"
    default: return randomTerm(&rng)
    }
}

@Test func triggersNeverHideAMatch() throws {
    var rng = SeededGenerator(seed: 42)
    var queries: [WatchQuery] = []
    while queries.count < 400 {
        if let query = try? WatchQuery.parse(randomQuery(&rng)) { queries.append(query) }
    }
    let matcher = WatchMatcher(queries: queries)
    var matched = 0
    for _ in 0..<300 {
        let words = (0..<Int.random(in: 3...30, using: &rng)).map { _ in vocabulary.randomElement(using: &rng)! }
        let cut = Int.random(in: 0...words.count, using: &rng)
        let document = MatchDocument(title: words[..<cut].joined(separator: " "), body: words[cut...].joined(separator: ", "),
                                     source: ["Daily Wire wire.example", "Zürich Post post.ch", "Other other.net"].randomElement(using: &rng)!)
        let found = matcher.matches(document)
        #expect(found == matcher.matchesEvaluatingEveryWatch(document), "\(document)")
        matched += found.count
    }
    #expect(matched > 1000, "the generated cases exercise matching, not only misses")
}

@Test func longDocumentsKeepPositionsInOrder() throws {
    let queries = try ["\"crude prices\"", "oil NEAR/1 gas", "gas NEAR/1 crude", "title:oil", "oil -title:gas", "o*", "\"gas oil\""]
        .map { try WatchQuery.parse($0) }
    let matcher = WatchMatcher(queries: queries)
    let body = String(repeating: "oil gas ", count: 150) + "crude prices"
    #expect(matcher.matches(MatchDocument(title: "Oil", body: body, source: "")) == [0, 1, 2, 3, 4, 5, 6])
    let scrambled = (0..<300).map { ["oil", "gas", "ore", "crude", "prices", "tax"][($0 * 7 + $0 / 5) % 6] }.joined(separator: " ")
    var hits = DocumentHits(MatchDocument(title: "", body: scrambled, source: ""),
                            dictionary: TermDictionary(units: ["oil", "gas", "crude", "prices", "tax"].map { .init(text: $0, isPrefix: false) }
                                                        + [.init(text: "o", isPrefix: true)]),
                            sortPositions: false)
    hits.sortPositions()
    #expect(hits.hits.count > 300)
    #expect(hits.hits == hits.hits.sorted())
}
