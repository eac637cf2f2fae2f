import ArgumentParser
import Foundation
import Logging
import Model
import NewsWatch
import Store

@main
struct NewsWatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newswatch",
        abstract: "Media monitoring from cron: fetch feeds, group the same event into stories, alert on watches, write digests.",
        version: NewsWatchInfo.version,
        subcommands: [Run.self, Feeds.self, Parse.self, StoriesCommand.self, WatchCommand.self, Search.self, Alerts.self, DigestCommand.self]
    )
}

/// `--db` and `--config`, taken by every command.
struct CommonOptions: ParsableArguments {
    @Option(help: "The SQLite database (default: $NEWSWATCH_DB or ~/.local/share/newswatch/newswatch.db).")
    var db: String?

    @Option(help: "The TOML config file (default: $NEWSWATCH_CONFIG or ~/.config/newswatch/config.toml).")
    var config: String?

    @Flag(name: .shortAndLong, help: "Log what happens to stderr.")
    var verbose = false

    /// Sets up logging and reads the config; errors end the command with one line.
    func context() throws -> Context {
        Console.bootstrapLogging(verbose: verbose)
        return try Console.orExit { () throws(NewsWatchError) in try Context(databasePath: db, configPath: config) }
    }

    /// The context and the opened store, for commands that read or write the database.
    func contextAndStore() throws -> (Context, SQLiteStore) {
        let context = try context()
        return (context, try Console.orExit { () throws(NewsWatchError) in try context.openStore() })
    }
}

/// Output helpers shared by the commands.
enum Console {
    /// True when stdout is a terminal (a person is watching, not cron).
    static var isInteractive: Bool { isatty(STDOUT_FILENO) == 1 }

    static func bootstrapLogging(verbose: Bool) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .info : .error
            return handler
        }
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data("newswatch: \(message)\n".utf8))
    }

    /// Runs `body`; a NewsWatchError becomes one line on stderr and exit status 1.
    static func orExit<T>(_ body: () throws(NewsWatchError) -> T) throws -> T {
        do { return try body() } catch {
            Self.error(error.message)
            throw ExitCode.failure
        }
    }

    static func orExit<T>(_ body: () async throws(NewsWatchError) -> T) async throws -> T {
        do { return try await body() } catch {
            Self.error(error.message)
            throw ExitCode.failure
        }
    }

    /// Runs a store call; a store error becomes one line on stderr and exit status 1.
    static func reading<T>(_ body: () throws(StoreError) -> T) throws -> T {
        do { return try body() } catch {
            Self.error(error.description)
            throw ExitCode.failure
        }
    }

    static func parseSince(_ text: String?) throws -> Date? {
        guard let text else { return nil }
        guard let span = Model.TimeSpan(text) else {
            Self.error("--since \(text): not a duration (write it like 30m, 24h or 7d)")
            throw ExitCode.validationFailure
        }
        return Date().addingTimeInterval(-span.seconds)
    }
}
