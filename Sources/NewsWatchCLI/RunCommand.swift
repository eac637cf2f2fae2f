import ArgumentParser
import Foundation
import Logging
import Fetch
import NewsWatch

struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run one cron pass: fetch the due feeds, store, cluster into stories, match watches, send alerts.",
        discussion: "Quiet on success unless --verbose or on a terminal. Exits 0 at once if another pass holds the database.")

    @OptionGroup var options: CommonOptions

    @Option(help: "First sync the subscriptions with this OPML file (adds new feeds, keeps existing ones).")
    var feeds: String?

    @Flag(help: "Fetch every feed, whatever its schedule.")
    var all = false

    func run() async throws {
        let context = try options.context()
        guard let lock = try Console.orExit({ () throws(NewsWatchError) in try context.acquirePassLock() }) else {
            Console.error("another pass is running on \(context.databasePath); this one stops")
            return
        }
        defer { withExtendedLifetime(lock) {} }
        let store = try Console.orExit { () throws(NewsWatchError) in try context.openStore() }
        if let feeds {
            let result = try Console.orExit { () throws(NewsWatchError) in
                try Subscriptions(store: store, fetchOptions: context.fetchOptions).importOPML(path: feeds)
            }
            if options.verbose { Console.error("\(feeds): \(result.total) feeds, \(result.added) new") }
        }
        let logger = Logger(label: "newswatch.run")
        let pass: CronPass
        do { pass = try CronPass(store: store, settings: context.passSettings(fetchAll: all), logger: logger) } catch {
            Console.error("\(error)")
            throw ExitCode.failure
        }
        let bar = Console.isInteractive ? ProgressBar() : nil
        let report: PassReport
        do {
            report = try await pass.run { progress in bar?.update(progress) }
        } catch {
            bar?.finish()
            Console.error("the pass stopped: \(error)")
            throw ExitCode.failure
        }
        bar?.finish()
        if Console.isInteractive || options.verbose {
            print("""
                \(report.feedsDue) feeds due: \(report.feedsFetched) fetched, \(report.feedsNotModified) not modified, \
                \(report.failures.count) failed; \(report.itemsNew) new items, \(report.storiesTouched.count) stories touched, \
                \(report.alertsRaised) alerts
                """)
            for failure in report.failures { print("  failed: \(failure.reason)") }
            if options.verbose {
                print("  seconds by stage: " + report.stageSeconds.sorted { $0.key < $1.key }
                    .map { "\($0.key) \(String(format: "%.2f", $0.value))" }.joined(separator: ", "))
            }
        }
        if report.delivery.waiting > 0 {
            Console.error("\(report.delivery.waiting) alert messages wait in the outbox for the next pass: \(report.delivery.errors.first ?? "")")
            throw ExitCode.failure
        }
        if report.delivery.refused > 0 {
            Console.error("\(report.delivery.refused) alert messages were refused by the server: \(report.delivery.errors.first ?? "")")
            throw ExitCode.failure
        }
    }
}

/// A one-line progress bar on a terminal: feeds done / due, items new.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDraw = Date.distantPast

    func update(_ p: PassProgress) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard p.feedsDone == p.feedsDue || now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let width = 30
        let filled = p.feedsDue == 0 ? width : width * p.feedsDone / p.feedsDue
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        FileHandle.standardOutput.write(Data("\r\(bar) \(p.feedsDone)/\(p.feedsDue) feeds, \(p.itemsNew) new items".utf8))
    }

    func finish() {
        FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8))
    }
}
