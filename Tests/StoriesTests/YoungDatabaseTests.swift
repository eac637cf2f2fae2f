import Foundation
import Model
import Testing
@testable import Stories

// A new installation: an empty index, a handful of outlets, each feed clustered in its own call as the
// cron pass does. Different outlets word one short report differently but keep its names and figures.

private let tuesday = Date(timeIntervalSince1970: 1_795_400_000)

private let fixtureIDs = FixtureItemIDs.shared

private func report(_ title: String, _ text: String, outlet: Int64, hoursLater: Double) -> ClusterInput {
    let id = fixtureIDs.next()
    return ClusterInput(itemID: id, feedID: outlet, guid: "young-\(id)", canonicalLink: "https://outlet\(outlet).example/\(id)",
                        title: title, text: text, time: tuesday.addingTimeInterval(hoursLater * 3_600))
}

/// One feed per call: each outlet's report of the event beside a story of its own.
private func clusterFeedByFeed(_ feeds: [[ClusterInput]], options: ClusterOptions = ClusterOptions()) throws -> [[Int64]] {
    let index = InMemoryStoryIndex()
    let clusterer = StoryClusterer(options: options)
    return try feeds.map { try clusterer.cluster($0, index: index) }
}

private let ferryFire = [
    report("Fire on Baltic ferry forces 312 passengers into lifeboats off Gotland",
           "All 312 passengers of the ferry Nordlys were rescued after a fire broke out in its engine room off Gotland on Monday night, "
           + "the Swedish coast guard said.", outlet: 1, hoursLater: 0),
    report("Swedish rescuers pull hundreds from burning Nordlys",
           "The Swedish coast guard took 312 people off the Nordlys, a ferry that caught fire near Gotland late on Monday; nobody was hurt.",
           outlet: 2, hoursLater: 1),
    report("Gotland ferry blaze: all 312 aboard safe",
           "Lifeboats and helicopters brought every one of the 312 passengers of the burning Nordlys ashore on Gotland, coast guard officials said.",
           outlet: 3, hoursLater: 2),
]

private let ownStories = [
    report("City library extends weekend opening hours", "The central library will open until 8pm on Saturdays from January.",
           outlet: 1, hoursLater: 0.5),
    report("Orchestra names new principal conductor", "The philharmonic picked a 38-year-old violinist to lead it from next season.",
           outlet: 2, hoursLater: 1.5),
    report("Regional airport adds winter routes to the Alps", "Three weekly flights to Innsbruck and Salzburg start in December.",
           outlet: 3, hoursLater: 2.5),
]

@Test func shortRewritesByOtherOutletsJoinOneStoryInAYoungDatabase() throws {
    let assigned = try clusterFeedByFeed([[ferryFire[0], ownStories[0]], [ferryFire[1], ownStories[1]], [ferryFire[2], ownStories[2]]])
    let fireStories = Set(assigned.map { $0[0] })
    let otherStories = Set(assigned.map { $0[1] })
    #expect(fireStories.count == 1, "the three outlets' reports of the ferry fire are one story")
    #expect(otherStories.count == 3 && otherStories.isDisjoint(with: fireStories))
}

@Test func shortTemplateReportsAboutOtherCompaniesStayApartInAYoungDatabase() throws {
    // The same recall notice about three companies: most words shared, names and figures not.
    func recall(_ company: String, _ product: String, _ units: String, outlet: Int64, hours: Double) -> ClusterInput {
        report("\(company) recalls \(units) \(product) space heaters over fire risk",
               "\(company) asked owners of \(units) \(product) space heaters sold since March to stop using them after reports of "
               + "overheating, the consumer safety agency said on Tuesday.", outlet: outlet, hoursLater: hours)
    }
    let assigned = try clusterFeedByFeed([
        [recall("Harlow Appliances", "Warmline", "12,000", outlet: 1, hours: 0), ownStories[0]],
        [recall("Kestrel Home", "Cosyglow", "8,500", outlet: 2, hours: 1), ownStories[1]],
        [recall("Brightwater Goods", "Emberlite", "40,000", outlet: 3, hours: 2), ownStories[2]],
    ])
    #expect(Set(assigned.map { $0[0] }).count == 3, "recalls by three different companies are three stories")
}

@Test func aRewriteThatAddsANameOfItsOwnStillJoins() throws {
    // The Danish outlet leans on "Danish" as much as on "Nordlys": a name no earlier report used, and so,
    // while the database is small, rarer than the ferry's own name.
    let danish = report("Danish helicopters join rescue of burning Nordlys",
                        "Helicopters of the Danish navy lifted the last of 312 passengers from the Nordlys off Gotland on Monday.",
                        outlet: 4, hoursLater: 3)
    let assigned = try clusterFeedByFeed([[ferryFire[0], ownStories[0]], [ferryFire[1], ownStories[1]], [danish]])
    #expect(assigned[2][0] == assigned[0][0], "the Danish report joins the ferry fire story")
}
