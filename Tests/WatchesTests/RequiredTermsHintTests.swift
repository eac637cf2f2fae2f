import Testing
@testable import Watches

private func hint(_ query: String) throws -> [[String]] {
    try WatchQuery.parse(query).requiredTermsHint.map { group in
        group.map { term in term.units.map { $0.text + ($0.isPrefix ? "*" : "") }.joined(separator: " ") }
    }
}

@Test func hintListsWhatEveryMatchContains() throws {
    #expect(try hint("Ürümqi") == [["urumqi"]])
    #expect(try hint("oil \"crude prices\" -gas") == [["oil"], ["crude prices"]])
    #expect(try hint("(Xinjiang OR 新疆) NEAR/5 detention*") == [["xinjiang", "新 疆"], ["detention*"]])
    #expect(try hint("title:oil OR (gas prices)") == [["oil", "gas"]])
    #expect(try hint("source:reuters") == [])
    #expect(try hint("oil OR source:reuters") == [])
}

@Test func everyMatchSatisfiesTheHint() throws {
    for row in languageTable where row.matches {
        let query = try WatchQuery.parse(row.query)
        let words = TextNormalizer.words(row.title + " " + row.body)
        func occurs(_ term: WatchQuery.Term) -> Bool {
            words.indices.contains { start in
                start + term.units.count <= words.count && term.units.indices.allSatisfy { k in
                    let unit = term.units[k]
                    return unit.isPrefix ? words[start + k].hasPrefix(unit.text) : words[start + k] == unit.text
                }
            }
        }
        for group in query.requiredTermsHint {
            let satisfied = group.contains(where: occurs)
            #expect(satisfied, "\(row.testDescription): \(group)")
        }
    }
}
