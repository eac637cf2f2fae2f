import ArgumentParser
import Foundation
import Model
import NewsWatch
import Store

struct Parse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Parse one feed (a file or an http(s) URL) and print what newswatch reads from it.")
    @OptionGroup var options: CommonOptions
    @Argument(help: "A local file or an http(s) URL.") var source: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let context = try options.context()
        let feed = try await Console.orExit { () async throws(NewsWatchError) in
            try await Documents.parse(source, fetchOptions: context.fetchOptions)
        }
        if json {
            print(JSONOutput.parsedFeed(feed))
            return
        }
        print("\(feed.title ?? "(untitled)") [\(feed.format.rawValue)], \(feed.entries.count) entries")
        for problem in feed.errors { print("  recovered: \(problem)") }
        for entry in feed.entries { print("- \(entry.published?.tableLabel ?? "undated        ")  \(entry.title)") }
    }
}

struct StoriesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stories", abstract: "List stories: the same event from every outlet that reported it.")
    @OptionGroup var options: CommonOptions
    @Option(help: "Only stories seen within this span (30m, 24h, 7d).") var since: String?
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Also list each story's outlets.") var outlets = false

    func run() async throws {
        let (_, store) = try options.contextAndStore()
        let sinceDate = try Console.parseSince(since)
        let stories = try Console.reading { () throws(StoreError) in try store.storiesWithMembers(since: sinceDate) }
        if json {
            print(JSONOutput.stories(stories))
            return
        }
        let ranked = stories.sorted { ($0.story.outletCount, $0.story.firstSeen) > ($1.story.outletCount, $1.story.firstSeen) }
        print(TextTable.stories(ranked.map(\.story)))
        if outlets {
            for s in ranked where s.story.outletCount > 1 {
                print("\n\(s.story.title)\n  reported by \(s.story.outletCount) outlets, first by \(s.story.firstOutlet ?? "?"):")
                for m in s.members { print("  - \(m.feed): \(m.title)") }
            }
        }
        print("\(stories.count) stories")
    }
}

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Search the stored items with the watch query language.")
    @OptionGroup var options: CommonOptions
    @Argument(help: "A query, e.g. '(Xinjiang OR Uyghur) NEAR/5 detention*'.") var query: String
    @Option(help: "Only items seen within this span (30m, 24h, 7d).") var since: String?
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let (_, store) = try options.contextAndStore()
        let sinceDate = try Console.parseSince(since)
        _ = try Console.orExit { () throws(NewsWatchError) in try ArchiveSearch.validate(query) }
        let hits = try Console.orExit { () throws(NewsWatchError) in try ArchiveSearch(store: store).items(matching: query, since: sinceDate) }
        if json {
            print(JSONOutput.searchHits(hits))
            return
        }
        var table = TextTable(["SEEN", "FEED", "TITLE"], maxWidths: [16, 24, 90])
        for hit in hits { table.add([hit.item.seen.tableLabel, hit.feedTitle, hit.item.title]) }
        print(table.render())
        print("\(hits.count) items")
    }
}

struct Alerts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the alerts raised, and whether their mail went out.")
    @OptionGroup var options: CommonOptions
    @Option(help: "Only alerts raised within this span (30m, 24h, 7d).") var since: String?

    func run() async throws {
        let (_, store) = try options.contextAndStore()
        let sinceDate = try Console.parseSince(since)
        let alerts = try Console.reading { () throws(StoreError) in try store.alertListings(since: sinceDate) }
        var table = TextTable(["RAISED", "WATCH", "KIND", "OUTLETS", "MAIL", "STORY"], maxWidths: [16, 20, 12, 7, 10, 80])
        for a in alerts {
            table.add([a.alert.created.tableLabel, a.alert.watchName, a.alert.kind.code, String(a.outlets), a.status, a.storyTitle])
        }
        print(table.render())
        print("\(alerts.count) alerts")
    }
}
