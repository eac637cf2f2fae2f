import Testing
@testable import Stories

/// Term ids of `text` as the clusterer reads a body.
private func terms(_ text: String, furniture: Bool = true) -> [UInt32] {
    var tokenizer = Tokenizer()
    return tokenizer.tokens(of: text, limit: 1_000, dropFurniture: furniture).terms
}

@Test func foldsCaseDiacriticsAndCompatibilityForms() {
    #expect(terms("Café Zürich Malmö") == terms("cafe zurich malmo"))
    #expect(terms("ＡＢＣ Ｎｅｗｓ") == terms("abc news"))          // full-width forms (NFKC)
    #expect(terms("ﬁnance") == terms("finance"))                    // ligature (NFKC)
    #expect(terms("Dvořák Gdańsk") == terms("DVORAK GDANSK"))
}

@Test func dropsStopWords() {
    #expect(terms("The storm and the flood") == terms("storm flood"))
    #expect(terms("Le maire et la ville") == terms("maire ville"))
}

@Test func joinsDigitGroupsAndDropsSingleLetters() {
    #expect(terms("1,000 jobs") == terms("1000 jobs"))
    #expect(terms("a b c storm") == terms("storm"))
    #expect(terms("Minister’s plan") == terms("minister plan"))
}

@Test func cutsSpacelessScriptsIntoBigrams() {
    let chinese = terms("北京市政府")
    #expect(chinese.count == 4)                                       // 北京 京市 市政 政府
    #expect(Set(terms("北京市")).isSubset(of: Set(chinese)))
    #expect(terms("東京。大阪").count == 2)                            // punctuation ends a run
    #expect(terms("서울 증시").count == 2)
    #expect(terms("กรุงเทพ").count == 6)
}

@Test func skipsMarkupAndEntities() {
    #expect(terms("<p>Storm <em>hits</em> coast&nbsp;town</p>") == terms("storm hits coast town"))
}

@Test func dropsOutletFurniture() {
    let story = "The council approved the harbour budget on Monday."
    let expected = terms(story)
    #expect(terms(story + " The post Harbour budget approved appeared first on Coast Daily.") == expected)
    #expect(terms(story + " Read more at Coast Daily.") == expected)
    #expect(terms(story + " Additional reporting by Ana Lima.") == expected)
    #expect(terms("By Ana Lima. " + story) == expected)
    #expect(terms("LISBON (Coast Daily) — " + story) == expected)
    #expect(terms(story + "\nSource: Coast Daily") == expected)
    // A sentence that merely starts with "By" but is long is content.
    #expect(Set(terms("By the end of the week the council approved the harbour budget."))
        .isSuperset(of: terms("council approved harbour budget")))
}

@Test func stripsHeadlineLabelsAndOutletSuffixes() {
    func headline(_ title: String) -> String {
        var title = title
        return title.withUTF8 { bytes in String(decoding: UnsafeBufferPointer(rebasing: bytes[TitleCleaner.headline(bytes)]), as: UTF8.self) }
    }
    #expect(headline("UPDATE: Harbour budget approved by council") == " Harbour budget approved by council")
    #expect(headline("Harbour budget approved by council - Coast Daily") == "Harbour budget approved by council")
    #expect(headline("Harbour budget approved by council | The Coast Times") == "Harbour budget approved by council")
    #expect(headline("Budget - a council view") == "Budget - a council view")
}
