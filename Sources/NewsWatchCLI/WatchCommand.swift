import ArgumentParser
import Foundation
import Model
import NewsWatch
import Store

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Manage watches: boolean queries that raise alerts.",
        subcommands: [Add.self, List.self, Remove.self, Test.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add (or replace) a watch.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "A short name.") var name: String
        @Argument(help: "The query (see README: words, \"phrases\", prefix*, AND OR NOT -, NEAR/n, title:, source:).") var query: String
        @Option(name: .customLong("email"), help: "Where alerts go (repeatable).") var emails: [String] = []
        @Option(help: "A URL that receives each pass's alerts as a JSON POST.") var webhook: String?

        func run() async throws {
            let context = try options.context()
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                Console.error("a watch needs a name")
                throw ExitCode.validationFailure
            }
            _ = try Console.orExit { () throws(NewsWatchError) in try ArchiveSearch.validate(query) }
            let store = try Console.orExit { () throws(NewsWatchError) in try context.openStore() }
            try Console.orExit { () throws(NewsWatchError) in
                do { try store.saveWatch(Watch(name: name, query: query, emails: emails, webhook: webhook)) } catch {
                    throw NewsWatchError("\(error)")
                }
            }
            print("watch '\(name)' saved")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the watches (saved ones and the config file's).")
        @OptionGroup var options: CommonOptions

        func run() async throws {
            let (context, store) = try options.contextAndStore()
            let saved = try Console.reading { () throws(StoreError) in try store.watches() }
            var table = TextTable(["NAME", "FROM", "EMAIL", "QUERY"], maxWidths: [24, 6, 40, 100])
            for w in context.configWatches { table.add([w.name, "config", w.emails.joined(separator: ", "), w.query]) }
            for w in saved { table.add([w.name, "saved", w.emails.joined(separator: ", "), w.query]) }
            print(table.render())
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a saved watch.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The watch's name.") var name: String

        func run() async throws {
            let (context, store) = try options.contextAndStore()
            let removed = try Console.reading { () throws(StoreError) in try store.removeWatch(name: name) }
            guard removed else {
                let inConfig = context.configWatches.contains { $0.name == name }
                Console.error(inConfig ? "watch '\(name)' comes from the config file; remove it there" : "no saved watch named '\(name)'")
                throw ExitCode.failure
            }
            print("watch '\(name)' removed")
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show which stories of the last 7 days a query would have matched.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The query to try.") var query: String

        func run() async throws {
            let (_, store) = try options.contextAndStore()
            _ = try Console.orExit { () throws(NewsWatchError) in try ArchiveSearch.validate(query) }
            let found = try Console.orExit { () throws(NewsWatchError) in
                try ArchiveSearch(store: store).stories(matching: query, since: Date().addingTimeInterval(-7 * 86_400))
            }
            print(TextTable.stories(found.map(\.story)))
            print("\(found.count) stories in the last 7 days")
        }
    }
}
