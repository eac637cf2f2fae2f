import Foundation
import Model
import Testing
@testable import Stories

private let monday = Date(timeIntervalSince1970: 1_795_000_000)
private let itemIDs = FixtureItemIDs.shared

private func item(_ title: String, _ text: String, feed: Int64 = 1, link: String? = nil, guid: String? = nil,
                  hoursLater: Double = 0, existingStory: Int64? = nil) -> ClusterInput {
    let id = itemIDs.next()
    return ClusterInput(itemID: id, feedID: feed, guid: guid ?? "item-\(id)", canonicalLink: link, title: title,
                        text: text, time: monday.addingTimeInterval(hoursLater * 3_600), existingStoryID: existingStory)
}

private let ferryReports = [
    item("Lisbon council approves €40 million ferry terminal at Alcântara harbour",
         "Lisbon's city council on Tuesday approved a 40 million euro budget for a new ferry terminal at the Alcântara harbour, "
         + "mayor Carla Moedas said. The terminal will serve commuter ferries to Barreiro and Seixal from 2028.", feed: 1),
    item("Alcântara ferry terminal gets green light from Lisbon councillors",
         "Councillors in Lisbon voted to fund the Alcântara ferry terminal, a 40 million euro project that mayor Carla Moedas "
         + "has championed. Ferries to Barreiro and Seixal would dock there from 2028. Read more at Tagus Post.", feed: 2, hoursLater: 2),
    item("Lisbon backs new Alcântara harbour ferry terminal",
         "LISBON (River Wire) — The council of Lisbon approved funding for a ferry terminal in Alcântara on Tuesday. "
         + "Mayor Carla Moedas said commuter boats to Seixal and Barreiro will use it from 2028.", feed: 3, hoursLater: 5),
]

private let otherNews = [
    item("Porto beat Braga 3-1 to stay top of the league",
         "Porto scored twice in the second half against Braga on Sunday to keep a three point lead at the top of the table.", feed: 4),
    item("Chipmaker opens factory near Dresden",
         "A chip manufacturer opened a 2 billion euro factory near Dresden on Wednesday, creating 1,500 jobs in Saxony.", feed: 5),
    item("Wildfire forces evacuations in Andalusia",
         "Firefighters battled a wildfire in the hills above Málaga as strong winds forced the evacuation of three villages.", feed: 6),
]

@Test func reportsOfOneEventFromSeveralOutletsShareAStory() throws {
    let index = InMemoryStoryIndex()
    let stories = try StoryClusterer().cluster(ferryReports + otherNews, index: index)
    #expect(stories.count == 6)
    #expect(Set(stories[0..<3]).count == 1)
    #expect(Set(stories).count == 4)
    #expect(index.titles[stories[0]] == ferryReports[0].title)
}

@Test func aStoryKeepsItsIdWhenLaterPassesAddItems() throws {
    let index = InMemoryStoryIndex()
    let clusterer = StoryClusterer()
    let first = try clusterer.cluster([ferryReports[0]] + otherNews, index: index)
    let second = try clusterer.cluster(Array(ferryReports[1...]), index: index)
    #expect(second == [first[0], first[0]])
    #expect(index.features[first[0]]?.itemCount == 3)
}

@Test func templateLookAlikesAboutOtherCompaniesStayApart() throws {
    func results(_ company: String, _ rival: String, _ percent: Int, hours: Double) -> ClusterInput {
        item("Quarterly results: \(company) lifts profit \(percent)% as freight rates climb",
             "Shares of \(company) rose after the company reported a \(percent) percent rise in quarterly profit. "
             + "Chief executive officers at \(company) and \(rival) said freight rates kept climbing through the autumn.",
             feed: Int64(percent), hoursLater: hours)
    }
    let items = [results("Nordvik Shipping", "Kessel Lines", 12, hours: 0), results("Nordvik Shipping", "Kessel Lines", 12, hours: 1),
                 results("Baltora Foods", "Granmar Mills", 9, hours: 2), results("Ostwind Energy", "Pellar Gas", 7, hours: 3)]
    let stories = try StoryClusterer().cluster(items + otherNews, index: InMemoryStoryIndex())
    #expect(stories[0] == stories[1])
    #expect(Set([stories[0], stories[2], stories[3]]).count == 3)
}

@Test func exactDuplicatesJoinByLinkOrRepublishedTitle() throws {
    let index = InMemoryStoryIndex()
    let original = item("Harbour strike halts container traffic in Rotterdam", "Dock workers walked out at dawn.",
                        feed: 1, link: "https://port-news.example/2026/strike", guid: "https://port-news.example/2026/strike")
    let sameLink = item("Strike at the port", "A walkout stopped cranes.", feed: 2, link: "https://port-news.example/2026/strike", hoursLater: 1)
    let republished = item("Harbour strike halts container traffic in Rotterdam", "Dock workers walked out at dawn.",
                           feed: 1, guid: "https://port-news.example/2026/strike?v=2", hoursLater: 3)
    let stories = try StoryClusterer().cluster([original, sameLink, republished] + otherNews, index: index)
    #expect(stories[1] == stories[0])
    #expect(stories[2] == stories[0])
    // Across passes too.
    let later = item("Harbour strike halts container traffic in Rotterdam", "Dock workers walked out at dawn.",
                     feed: 7, guid: "urn:uuid:5e1f", hoursLater: 6)
    #expect(try StoryClusterer().cluster([later], index: index) == [stories[0]])
}

@Test func theTimeWindowSeparatesRepeatsOfAnOldHeadline() throws {
    let index = InMemoryStoryIndex()
    let clusterer = StoryClusterer()
    let first = try clusterer.cluster([ferryReports[0]] + otherNews, index: index)
    var repeatLater = ferryReports[1]
    repeatLater.time = monday.addingTimeInterval(10 * 86_400)
    let second = try clusterer.cluster([repeatLater], index: index)
    #expect(second[0] != first[0])
}

@Test func editedItemsStayInTheirStory() throws {
    let index = InMemoryStoryIndex()
    let clusterer = StoryClusterer()
    let first = try clusterer.cluster(ferryReports + otherNews, index: index)
    var edited = otherNews[0]
    edited.title = "Lisbon council approves ferry terminal"       // rewritten to look like another story
    edited.existingStoryID = first[3]
    #expect(try clusterer.cluster([edited], index: index) == [first[3]])
}

@Test func chineseCoverageClustersByBigrams() throws {
    let items = [
        item("北京市政府宣布新的经济刺激计划", "北京市政府周二宣布新的经济刺激计划，支持中小企业和消费。"),
        item("北京推出经济刺激计划 支持中小企业", "北京市政府公布经济刺激计划，将向中小企业提供贷款和减税。", feed: 2, hoursLater: 1),
        item("台风袭击广东沿海地区", "强台风周三袭击广东沿海，数万居民被紧急疏散。", feed: 3, hoursLater: 2),
    ]
    let stories = try StoryClusterer().cluster(items + otherNews, index: InMemoryStoryIndex())
    #expect(stories[0] == stories[1])
    #expect(stories[2] != stories[0])
}

@Test func badInputNeitherCrashesNorStalls() throws {
    let hugeBody = String(repeating: "Dock workers in Rotterdam extended the strike for another week. ", count: 1_600)  // ~100 KB
    let items = [
        item("", ""),
        item("", ""),
        item("   ", "\n\t"),
        item("港口罢工进入第二周", "Dock workers in Rotterdam extended the strike for another week.", feed: 2),
        item("Rotterdam strike enters second week", hugeBody, feed: 3),
        item("Émeute à Zürich 🚨 <b>live</b>", "&amp; &#x1F6A8; <script>x</script> \u{0301}\u{0301} \u{FFFD}", feed: 4),
    ]
    let index = InMemoryStoryIndex()
    let stories = try StoryClusterer().cluster(items, index: index)
    #expect(stories.count == items.count)
    #expect(Set(stories[0..<3]).count == 3)                     // empty items join nothing
    #expect(index.titles[stories[0]] == "(untitled)")
    var tokenizer = Tokenizer()
    let profile = ItemProfile(items[4], options: ClusterOptions(), tokenizer: &tokenizer)
    #expect(profile.terms.count <= ClusterOptions().maxBodyTerms + 64)
}

@Test func undatedBacklogsClusterTogether() throws {
    // Items without dates carry their fetch time: all the same instant, all inside one window.
    var items = ferryReports + otherNews
    for index in items.indices { items[index].time = monday }
    let stories = try StoryClusterer().cluster(items, index: InMemoryStoryIndex())
    #expect(Set(stories[0..<3]).count == 1)
    #expect(Set(stories).count == 4)
}

// A clusterer keeps what it read and wrote between calls on one index; these check that the kept copy
// answers as the index would, whatever order the calls' items come in.

@Test func aReusedClustererFindsStoriesOfLaterItemsFromEarlierOnes() throws {
    // The second call's item is older than everything the first call placed.
    let index = InMemoryStoryIndex()
    let clusterer = StoryClusterer()
    var later = ferryReports[0]
    later.time = monday.addingTimeInterval(30 * 3_600)
    let first = try clusterer.cluster([later] + otherNews, index: index)
    #expect(try clusterer.cluster([ferryReports[1]], index: index) == [first[0]])
}

@Test func storiesThatLeftTheWindowAreFoundAgainForOlderItems() throws {
    // The first call ends with a look-alike report four days on, which drops the ferry story from the keys it
    // shares; an item of the ferry story's own days, in the next call, must still find it.
    let index = InMemoryStoryIndex()
    let clusterer = StoryClusterer()
    var fourDaysOn = ferryReports[2]
    fourDaysOn.itemID = itemIDs.next()
    fourDaysOn.guid = "item-\(fourDaysOn.itemID)"
    fourDaysOn.time = monday.addingTimeInterval(4 * 86_400)
    let first = try clusterer.cluster([ferryReports[0], fourDaysOn], index: index)
    #expect(first[0] != first[1])
    let second = try clusterer.cluster([ferryReports[1]], index: index)
    #expect(second == [first[0]])
    #expect(try StoryClusterer().cluster([ferryReports[2]], index: index) == [first[0]])
}

@Test func aClustererStartsAfreshOnAnotherIndex() throws {
    let clusterer = StoryClusterer()
    let firstIndex = InMemoryStoryIndex(), secondIndex = InMemoryStoryIndex()
    let inFirst = try clusterer.cluster([ferryReports[0]] + otherNews, index: firstIndex)
    let inSecond = try clusterer.cluster([ferryReports[1]], index: secondIndex)
    #expect(secondIndex.titles[inSecond[0]] == ferryReports[1].title)
    #expect(secondIndex.features[inSecond[0]]?.itemCount == 1)
    #expect(firstIndex.features[inFirst[0]]?.itemCount == 1)
}

/// An index whose story writes fail while `failing` is set, as a database that refuses a write would.
private final class RefusingIndex: StoryIndexStore {
    struct Refused: Error {}
    let base = InMemoryStoryIndex()
    var failing = false
    func storyCandidates(keys: [Int64], since: Date) throws -> [StoryFeatures] { try base.storyCandidates(keys: keys, since: since) }
    func createStory(title: String, firstSeen: Date) throws -> Int64 { try base.createStory(title: title, firstSeen: firstSeen) }
    func saveStoryFeatures(_ stories: [(features: StoryFeatures, newKeys: [Int64])]) throws {
        if failing { throw Refused() }
        try base.saveStoryFeatures(stories)
    }
    func termFrequencies(_ terms: [Int64]) throws -> (documents: Int, frequencies: [Int64: Int]) { try base.termFrequencies(terms) }
    func addTermFrequencies(_ frequencies: [Int64: Int], documents: Int) throws {
        try base.addTermFrequencies(frequencies, documents: documents)
    }
}

@Test func aFailedCallLeavesNothingBehindInTheClusterer() throws {
    let index = RefusingIndex()
    let clusterer = StoryClusterer()
    let first = try clusterer.cluster([ferryReports[0]] + otherNews, index: index)
    index.failing = true
    #expect(throws: RefusingIndex.Refused.self) { try clusterer.cluster([ferryReports[1]], index: index) }
    index.failing = false
    // Retried, the item counts once: the failed call's placement was not kept.
    #expect(try clusterer.cluster([ferryReports[1]], index: index) == [first[0]])
    #expect(index.base.features[first[0]]?.itemCount == 2)
}

@Test func itemsReadAheadClusterAsItemsReadInTheCall() throws {
    let items = ferryReports + otherNews
    let readings = StoryClusterer.readAhead(items, options: ClusterOptions())
    let plain = try StoryClusterer().cluster(items, index: InMemoryStoryIndex())
    // Some read ahead, some not: the same stories either way.
    let mixed = try StoryClusterer().cluster(items, readAhead: readings.enumerated().map { $0.offset % 2 == 0 ? $0.element : nil },
                                             index: InMemoryStoryIndex())
    #expect(mixed == plain)
    // Readings made with other settings are read again. Two reports under one headline join by their title key
    // with the defaults; with title keys turned off (and similarity out of reach) they must stay apart, which
    // they would not if the clusterer used the default readings.
    let twins = [item("Harbour strike halts container traffic in Rotterdam", "Dock workers walked out at dawn.", feed: 1),
                 item("Harbour strike halts container traffic in Rotterdam", "Cranes stood still on Monday.", feed: 2, hoursLater: 1)]
    let twinReadings = StoryClusterer.readAhead(twins, options: ClusterOptions())
    #expect(Set(try StoryClusterer().cluster(twins, readAhead: twinReadings, index: InMemoryStoryIndex())).count == 1)
    var strict = ClusterOptions()
    strict.similarityThreshold = 2
    strict.shortTextSimilarityThreshold = 2
    strict.minTitleKeyWords = 1_000
    let apart = try StoryClusterer(options: strict).cluster(twins, readAhead: twinReadings, index: InMemoryStoryIndex())
    #expect(Set(apart).count == 2)
}
