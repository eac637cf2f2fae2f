import Testing
@testable import Watches

/// One row of the language table: a query, an item, and whether the item matches.
struct MatchCase: CustomTestStringConvertible, Sendable {
    var query: String
    var title: String
    var body: String
    var source: String
    var matches: Bool

    init(_ query: String, title: String = "", body: String = "", source: String = "Daily Wire dailywire.example.com", _ matches: Bool) {
        self.query = query; self.title = title; self.body = body; self.source = source; self.matches = matches
    }

    var document: MatchDocument { MatchDocument(title: title, body: body, source: source) }
    var testDescription: String { "\(query) ~ [\(title)|\(body)|\(source)] → \(matches)" }
}

let languageTable: [MatchCase] = [
    // Whole words, ignoring case and diacritics, on both sides.
    MatchCase("urumqi", title: "Protest in Ürümqi", true),
    MatchCase("cafe", body: "The Café opened late.", true),
    MatchCase("Café", body: "the cafe opened", true),
    MatchCase("cafe", body: "The Cafe\u{301} opened late.", true),
    MatchCase("PARIS", body: "flights to paris resumed", true),
    MatchCase("cat", body: "a new category of goods", false),
    MatchCase("strasse", body: "Die Hauptstraße ist gesperrt", false),
    MatchCase("hauptstrasse", body: "Die Hauptstraße ist gesperrt", true),
    MatchCase("sanliurfa", body: "Flooding in Şanlıurfa province", true),
    MatchCase("lodz", body: "Łódź city council", true),
    MatchCase("dvorak", body: "Antonín Dvořák festival", true),
    MatchCase("Reykjavík", body: "reykjavik airport", true),
    MatchCase("abc", body: "ＡＢＣ news", true),
    MatchCase("2026", body: "In 2026, rates rose.", true),
    MatchCase("rose", body: "In 2026, rates rose.", true),
    // Exact phrases: consecutive words, punctuation between them ignored.
    MatchCase("\"central bank\"", body: "the central bank raised rates", true),
    MatchCase("\"central bank\"", body: "the bank in the central district", false),
    MatchCase("\"central bank\"", body: "central, bank", true),
    MatchCase("\"prices rise\"", title: "oil prices", body: "rise again", false),
    // Prefixes.
    MatchCase("detain*", body: "Three men were detained", true),
    MatchCase("detain*", body: "the detainee", true),
    MatchCase("detain*", body: "they detain", true),
    MatchCase("detain*", body: "undetained people", false),
    MatchCase("\"detain* camps\"", body: "detention camps grew", false),
    MatchCase("\"deten* camps\"", body: "detention camps grew", true),
    MatchCase("\"deten* camps\"", body: "detention and camps", false),
    MatchCase("\"united sta*\"", body: "United States officials", true),
    MatchCase("\"united sta*\"", body: "United Nations staff", false),
    MatchCase("\"united sta*\"", body: "the United", false),
    MatchCase("\"new york\" OR \"new york times\" OR \"york times\"", body: "the york times", true),
    MatchCase("\"new york times\"", body: "new york, new york times", true),
    MatchCase("\"new york times\"", body: "new york new times", false),
    // Implicit and explicit AND.
    MatchCase("oil prices", body: "oil rose", false),
    MatchCase("oil prices", body: "prices of oil", true),
    MatchCase("oil AND prices", body: "oil prices", true),
    MatchCase("oil AND prices", body: "oil rose", false),
    // OR, NOT, -word, -"phrase", parentheses.
    MatchCase("oil OR gas", body: "gas leak", true),
    MatchCase("oil OR gas", body: "coal mine", false),
    MatchCase("oil NOT gas", body: "oil and gas", false),
    MatchCase("oil NOT gas", body: "oil only", true),
    MatchCase("oil -gas", body: "oil and gas", false),
    MatchCase("oil -gas", body: "oil only", true),
    MatchCase("oil -\"natural gas\"", body: "oil and gas", true),
    MatchCase("oil -\"natural gas\"", body: "oil and natural gas", false),
    MatchCase("(oil OR gas) prices", body: "gas prices", true),
    MatchCase("(oil OR gas) prices", body: "oil spill", false),
    MatchCase("oil -(gas OR coal)", body: "oil and coal", false),
    MatchCase("oil -(gas OR coal)", body: "oil and wind", true),
    MatchCase("oil and gas", body: "oil gas", false),
    MatchCase("oil and gas", body: "oil and gas", true),
    // Precedence: OR loosest, then AND, then NEAR, then NOT.
    MatchCase("alpha OR beta gamma", body: "alpha", true),
    MatchCase("alpha OR beta gamma", body: "beta", false),
    MatchCase("alpha OR beta gamma", body: "beta gamma", true),
    MatchCase("alpha OR beta gamma", body: "gamma", false),
    MatchCase("NOT alpha beta", body: "beta", true),
    MatchCase("NOT alpha beta", body: "alpha beta", false),
    MatchCase("NOT alpha beta", body: "alpha", false),
    MatchCase("alpha NEAR/2 beta OR gamma", body: "gamma", true),
    MatchCase("alpha NEAR/2 beta OR gamma", body: "alpha x beta", true),
    MatchCase("alpha NEAR/2 beta OR gamma", body: "alpha x y beta", false),
    MatchCase("delta alpha NEAR/1 beta", body: "alpha beta", false),
    MatchCase("delta alpha NEAR/1 beta", body: "alpha beta delta", true),
    // NEAR: either order, distance boundary, two distinct occurrences.
    MatchCase("oil NEAR/3 prices", body: "prices of crude oil", true),
    MatchCase("oil NEAR/3 prices", body: "oil prices", true),
    MatchCase("oil NEAR/3 prices", body: "prices of cheap crude oil", false),
    MatchCase("oil NEAR/1 prices", body: "oil prices", true),
    MatchCase("oil NEAR/1 prices", body: "prices oil", true),
    MatchCase("oil NEAR/1 prices", body: "oil and prices", false),
    MatchCase("oil NEAR/3 oil", body: "oil", false),
    MatchCase("oil NEAR/3 oil", body: "oil and oil", true),
    MatchCase("\"crude oil\" NEAR/2 prices", body: "crude oil spot prices", true),
    MatchCase("\"crude oil\" NEAR/2 prices", body: "prices of crude oil", true),
    MatchCase("\"crude oil\" NEAR/2 prices", body: "prices of the crude oil", false),
    MatchCase("detain* NEAR/3 uyghur", body: "Uyghur men were detained", true),
    MatchCase("detain* NEAR/3 uyghur", body: "Uyghur men were later detained", false),
    MatchCase("oil NEAR/5 prices", title: "oil", body: "prices", false),
    MatchCase("oil NEAR/100 prices", body: "oil " + String(repeating: "x ", count: 99) + "prices", true),
    MatchCase("oil NEAR/100 prices", body: "oil " + String(repeating: "x ", count: 100) + "prices", false),
    MatchCase("(Xinjiang OR Uyghur OR Uighur OR 新疆) NEAR/5 detention*", body: "Uighur activists decry detentions", true),
    MatchCase("(Xinjiang OR Uyghur OR Uighur OR 新疆) NEAR/5 detention*", body: "新疆的detention中心", true),
    MatchCase("(Xinjiang OR Uyghur OR Uighur OR 新疆) NEAR/5 detention*", title: "Detention centres in Xinjiang", true),
    MatchCase("(Xinjiang OR Uyghur OR Uighur OR 新疆) NEAR/5 detention*",
              body: "Xinjiang cotton exports fell sharply this year while detention", false),
    MatchCase("(Xinjiang OR Uyghur OR Uighur OR 新疆) NEAR/5 detention*", body: "Uyghur detainees", false),
    // title:
    MatchCase("title:oil", title: "Oil falls", body: "", true),
    MatchCase("title:oil", title: "Markets", body: "oil falls", false),
    MatchCase("title:\"oil prices\"", title: "Oil prices fall", true),
    MatchCase("title:\"oil prices\"", title: "Oil", body: "oil prices", false),
    MatchCase("title:(oil OR gas)", title: "Gas up", true),
    MatchCase("title:(oil OR gas)", title: "Markets", body: "gas up", false),
    MatchCase("title:oil gas", title: "Oil", body: "and gas", true),
    MatchCase("title:oil -title:gas", title: "Oil and gas", false),
    MatchCase("title:oil -title:gas", title: "Oil", body: "gas", true),
    MatchCase("title:detain*", title: "Detainees freed", true),
    MatchCase("title:(oil NEAR/2 gas)", title: "oil and gas", true),
    MatchCase("title:(oil NEAR/2 gas)", title: "oil", body: "gas", false),
    // source: (feed title or host, contains, case-insensitive)
    MatchCase("source:reuters oil", body: "oil", source: "Reuters World reuters.com", true),
    MatchCase("source:reuters oil", body: "oil", source: "BBC News feeds.bbci.co.uk", false),
    MatchCase("source:bbci.co oil", body: "oil", source: "BBC News feeds.bbci.co.uk", true),
    MatchCase("source:REUTERS", body: "anything", source: "reuters.com", true),
    MatchCase("source:\"new york\" oil", body: "oil", source: "The New York Times nytimes.com", true),
    MatchCase("oil -source:reuters", body: "oil", source: "Reuters reuters.com", false),
    MatchCase("source:zurich", body: "news", source: "Zürich Post", true),
    // Scripts without spaces match as substrings.
    MatchCase("习近平", body: "国家主席习近平今天会见了外国领导人。", true),
    MatchCase("近平", body: "国家主席习近平今天会见了外国领导人。", true),
    MatchCase("习平", body: "国家主席习近平今天会见了外国领导人。", false),
    MatchCase("東京", body: "東京証券取引所の株価は続伸した。", true),
    MatchCase("株価 続伸", body: "東京証券取引所の株価は続伸した。", true),
    MatchCase("서울", body: "서울시는 하락 마감했다.", true),
    MatchCase("กรุงเทพ", body: "ข่าวจากกรุงเทพมหานครวันนี้", true),
    MatchCase("\"北京 政府\"", body: "北京市政府宣布新的经济刺激计划。", false),
    MatchCase("北京 政府", body: "北京市政府宣布新的经济刺激计划。", true),
    MatchCase("title:新疆", title: "新疆棉花", body: "", true),
    MatchCase("title:新疆", title: "棉花", body: "新疆棉花", false),
]

@Test(arguments: languageTable)
func queryLanguage(_ row: MatchCase) throws {
    let matcher = WatchMatcher(queries: [try WatchQuery.parse(row.query)])
    #expect(matcher.matches(row.document) == (row.matches ? [0] : []))
}

@Test func allRowsCompiledIntoOneMatcherGiveTheSameAnswers() throws {
    let queries = try languageTable.map { try WatchQuery.parse($0.query) }
    let combined = WatchMatcher(queries: queries)
    let separate = queries.map { WatchMatcher(queries: [$0]) }
    for (index, row) in languageTable.enumerated() {
        let found = combined.matches(row.document)
        #expect(found == separate.indices.filter { !separate[$0].matches(row.document).isEmpty }, "\(row.testDescription)")
        #expect(found.contains(index) == row.matches, "\(row.testDescription)")
    }
}

@Test func precedenceShapesTheParseTree() throws {
    let term = { (word: String) in WatchQuery.Expression.term(.init(units: [.init(text: word, isPrefix: false)], titleOnly: false)) }
    #expect(try WatchQuery.parse("a OR b c").expression == .or([term("a"), .and([term("b"), term("c")])]))
    #expect(try WatchQuery.parse("a OR b AND c").expression == .or([term("a"), .and([term("b"), term("c")])]))
    #expect(try WatchQuery.parse("NOT a b").expression == .and([.not(term("a")), term("b")]))
    #expect(try WatchQuery.parse("a NEAR/2 b OR c").expression == .or([.near(term("a"), term("b"), distance: 2), term("c")]))
    #expect(try WatchQuery.parse("x a NEAR/2 b").expression == .and([term("x"), .near(term("a"), term("b"), distance: 2)]))
}
