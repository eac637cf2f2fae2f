import ArgumentParser
import Foundation
import NewsWatch
import Store

struct Feeds: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage subscriptions.",
        subcommands: [Add.self, Import.self, Export.self, List.self, Remove.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Subscribe to a feed URL or local file; a web page URL is searched for its feed.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "Feed URL, web page URL or local path.") var url: String

        func run() async throws {
            let (context, store) = try options.contextAndStore()
            let result = try await Console.orExit { () async throws(NewsWatchError) in
                try await Subscriptions(store: store, fetchOptions: context.fetchOptions).add(url)
            }
            if let page = result.discoveredFrom {
                print("\(page) is a web page; subscribed to the feed it links to: \(result.url)")
                if !result.alternatives.isEmpty { print("other feeds it links to: \(result.alternatives.joined(separator: ", "))") }
            } else {
                print(result.added ? "subscribed to \(result.url)" : "already subscribed to \(result.url)")
            }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add every feed of an OPML file (existing feeds keep their history).")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The OPML file.") var opml: String

        func run() async throws {
            let (context, store) = try options.contextAndStore()
            let result = try Console.orExit { () throws(NewsWatchError) in
                try Subscriptions(store: store, fetchOptions: context.fetchOptions).importOPML(path: opml)
            }
            print("\(opml): \(result.total) feeds, \(result.added) new")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the subscriptions as OPML.")
        @OptionGroup var options: CommonOptions

        func run() async throws {
            let (context, store) = try options.contextAndStore()
            print(try Console.orExit { () throws(NewsWatchError) in
                try Subscriptions(store: store, fetchOptions: context.fetchOptions).exportOPML()
            }, terminator: "")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the feeds with their health.")
        @OptionGroup var options: CommonOptions

        func run() async throws {
            let (_, store) = try options.contextAndStore()
            let now = Date()
            let feeds = try Console.reading { () throws(StoreError) in try store.allFeeds(now: now) }
            var table = TextTable(["STATE", "FEED", "URL", "STATUS", "FAILS", "LAST SUCCESS", "7-DAY ITEMS", "NEXT CHECK", "LAST ERROR"],
                                  maxWidths: [7, 28, 60, 6, 5, 16, 11, 16, 90])
            for feed in feeds {
                let h = feed.health
                let state = h.gone ? "gone" : h.isBroken(now: now) ? "BROKEN" : h.consecutiveFailures > 0 ? "failing" : h.lastSuccess == nil ? "new" : "ok"
                table.add([state, feed.title ?? "", feed.url, h.lastStatus.map(String.init) ?? (h.lastChecked == nil ? "-" : "none"),
                           String(h.consecutiveFailures), h.lastSuccess?.tableLabel ?? "never", String(h.itemsLast7Days),
                           h.gone ? "never" : feed.nextCheck <= now ? "due" : feed.nextCheck.tableLabel, h.lastError ?? ""])
            }
            print(table.render())
            print("\(feeds.count) feeds")
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unsubscribe from a feed and delete its items.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The feed URL as `feeds list` shows it.") var url: String

        func run() async throws {
            let (_, store) = try options.contextAndStore()
            let removed = try Console.reading { () throws(StoreError) in
                if try store.removeFeed(url: url) { return true }
                return try store.removeFeed(url: Subscriptions.normalizedFeedURL(url))
            }
            guard removed else {
                Console.error("no feed with the URL \(url) (see `newswatch feeds list`)")
                throw ExitCode.failure
            }
            print("removed \(url)")
        }
    }
}
