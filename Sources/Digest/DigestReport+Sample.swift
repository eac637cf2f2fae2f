import Foundation
import Model

extension DigestReport {
    /// A realistic report with made-up stories (three watches, one of them quiet, English, French,
    /// Spanish and Chinese titles, a broken and a silent feed) ending at `end`: for previews,
    /// screenshots and template work (`newswatch-bench digest-sample`).
    public static func sample(endingAt end: Date = Date()) -> DigestReport {
        let hour: TimeInterval = 3600
        func story(_ id: Int64, _ title: String, _ link: String?, _ first: String, hoursAgo: Double, outlets: [String],
                   _ snippet: [(String, Bool)], step: Int? = nil) -> StorySummary {
            StorySummary(storyID: id, title: title, link: link, firstOutlet: first, firstSeen: end.addingTimeInterval(-hoursAgo * hour),
                         outletCount: outlets.count + 1, otherOutlets: outlets,
                         snippet: HighlightedText(segments: snippet.map { HighlightedText.Segment(text: $0.0, highlighted: $0.1) }),
                         coverageStep: step)
        }
        func trend(_ counts: [Int]) -> [DayCount] {
            let calendar = Calendar(identifier: .gregorian)
            let today = calendar.startOfDay(for: end)
            return counts.enumerated().map { index, count in
                DayCount(day: calendar.date(byAdding: .day, value: index - counts.count + 1, to: today) ?? today, stories: count)
            }
        }

        let ministers = story(
            101, "Ministers agree to triple grid storage by 2030 after all-night climate talks",
            "https://www.harbourtimes.example/climate/grid-storage-deal", "Harbour Times", hoursAgo: 9,
            outlets: ["Northern Ledger", "Radio Meridian", "Le Courrier du Lac", "Daily Compass", "Baltic Wire",
                      "El Diario del Puerto", "Pacific Review", "Capital Morning", "Lakeside Herald", "The Civic Post"],
            [("Negotiators closed the ", false), ("climate", true), (" summit at dawn with a pledge on storage and a review of ", false),
             ("emissions", true), (" targets every two years.", false)], step: 10)
        let glacier = story(
            102, "Glacier survey finds ice loss doubled in a decade", "https://northernledger.example/science/glacier-survey",
            "Northern Ledger", hoursAgo: 15, outlets: ["Radio Meridian", "Pacific Review", "Baltic Wire", "Lakeside Herald"],
            [("Researchers flew the same route as in 2014 and measured thinning that links to regional ", false),
             ("climate", true), (" shifts.", false)])
        let cop = story(
            103, "Sommet sur le climat : les villes côtières réclament un fonds d’adaptation",
            "https://courrierdulac.example/monde/sommet-climat-villes", "Le Courrier du Lac", hoursAgo: 20,
            outlets: ["Radio Meridian", "El Diario del Puerto"],
            [("Les maires estiment que les ", false), ("émissions", true), (" passées imposent un effort de solidarité.", false)])
        let shipping = story(
            104, "Shipping lines test wind-assisted cargo ships on the Atlantic route", nil, "Baltic Wire", hoursAgo: 22,
            outlets: [], [("Two operators say the sails cut fuel use and ", false), ("emissions", true), (" by a fifth in trials.", false)])

        let fab = story(
            201, "台积电宣布在南部新建两座先进制程晶圆厂，预计2027年投产",
            "https://pacificreview.example/tech/fab-expansion", "Pacific Review", hoursAgo: 5,
            outlets: ["Capital Morning", "Harbour Times", "Daily Compass", "Northern Ledger", "Baltic Wire", "Radio Meridian"],
            [("公司表示，新厂将生产最先进的", false), ("芯片", true), ("，并招聘约四千名工程师。", false)])
        let export = story(
            202, "Export rules on chip-making tools tightened again, suppliers warn of delays",
            "https://capitalmorning.example/business/export-rules-tools", "Capital Morning", hoursAgo: 12,
            outlets: ["Harbour Times", "Daily Compass", "The Civic Post"],
            [("Equipment makers said new licences for ", false), ("semiconductor", true),
             (" lithography tools could take months to clear.", false)])
        let memory = story(
            203, "Memory prices climb for a third month as data-centre demand holds", "https://dailycompass.example/markets/memory-prices",
            "Daily Compass", hoursAgo: 30, outlets: ["Capital Morning"],
            [("Contract prices for server ", false), ("chips", true), (" rose 6 per cent in November.", false)])

        let election = story(
            301, "Coalition talks collapse hours before the budget deadline", "https://civicpost.example/politics/coalition-talks",
            "The Civic Post", hoursAgo: 3,
            outlets: ["Harbour Times", "Capital Morning", "Daily Compass", "Northern Ledger", "Lakeside Herald", "Radio Meridian",
                      "Baltic Wire", "Pacific Review", "Le Courrier du Lac", "El Diario del Puerto", "Metro Evening", "Valley Gazette"],
            [("The finance minister said an emergency budget would keep ministries running into January.", false)])
        let rail = story(
            302, "Huelga ferroviaria: los sindicatos convocan tres jornadas de paros en diciembre",
            "https://diariodelpuerto.example/economia/huelga-ferroviaria", "El Diario del Puerto", hoursAgo: 7,
            outlets: ["Le Courrier du Lac", "Radio Meridian", "Baltic Wire", "Metro Evening"],
            [("Los trabajadores reclaman más personal y una revisión salarial antes de la temporada navideña.", false)])

        return DigestReport(
            title: "Morning media digest",
            periodStart: end.addingTimeInterval(-24 * hour), periodEnd: end, generated: end,
            totals: Totals(itemsFetched: 1_284, stories: 312, alerts: 9, feedsChecked: 48),
            watches: [
                WatchSection(name: "Climate policy", query: "climate OR emissions OR \"grid storage\"",
                             stories: [ministers, glacier, cop, shipping],
                             trend: trend([2, 3, 1, 4, 2, 0, 1, 3, 5, 2, 6, 4, 3, 7])),
                WatchSection(name: "Semiconductors", query: "chip OR chips OR semiconductor OR 芯片",
                             stories: [fab, export, memory], trend: trend([1, 0, 2, 1, 1, 0, 0, 2, 1, 3, 1, 2, 0, 3])),
                WatchSection(name: "Central banks", query: "\"central bank\" OR \"interest rate\"", stories: [],
                             trend: trend([0, 1, 0, 0, 2, 0, 0, 1, 0, 0, 0, 1, 0, 0])),
            ],
            topStories: [election, ministers, fab, rail, glacier, export],
            feedProblems: [
                FeedProblem(outlet: "Valley Gazette Business", url: "https://valleygazette.example/feeds/business.xml", state: "broken",
                            reason: "HTTP 404 Not Found on every fetch since Tue 24 Nov (31 attempts)."),
                FeedProblem(outlet: "Metro Evening — Culture", url: "https://metroevening.example/culture/rss", state: "silent",
                            reason: "No new items for 9 days; the feed usually publishes 12 a day."),
            ])
    }
}
