import ArgumentParser
import Foundation
import Logging
import Model
import NewsWatch

struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest", abstract: "Write a digest of a period: stories by watch, ranked by coverage, with trends and feed health.")
    @OptionGroup var options: CommonOptions
    @Option(help: "The period: a span (24h, 7d) or 'last' (from where the previous digest for the same recipients ended).")
    var since: String = "24h"
    @Option(help: "html or text.") var format: String = "html"
    @Option(help: "Write the digest to this file (otherwise to stdout unless mailed).") var out: String?
    @Option(name: .customLong("email"), help: "Mail the digest to this address (repeatable; default: [digest] recipients when no --out).")
    var emails: [String] = []
    @Option(name: .customLong("watch"), help: "Only this watch (repeatable).") var watches: [String] = []

    func run() async throws {
        let context = try options.context()
        var job = DigestJob()
        if since == "last" {
            job.period = .sinceLastDigest
        } else if let span = Model.TimeSpan(since) {
            job.period = .last(span)
        } else {
            Console.error("--since \(since): not a duration (24h, 7d) or 'last'")
            throw ExitCode.validationFailure
        }
        guard let f = DigestJob.Format(rawValue: format) else {
            Console.error("--format \(format): use html or text")
            throw ExitCode.validationFailure
        }
        job.format = f
        job.outputPath = out
        // Without --email or --out, the digest goes to `[digest] recipients` when the config names any.
        job.emails = emails.isEmpty && out == nil ? (context.config.digest.recipients ?? []) : emails
        job.watchNames = watches
        let store = try Console.orExit { () throws(NewsWatchError) in try context.openStore() }
        let result = try await Console.orExit { () async throws(NewsWatchError) in
            try await job.run(context: context, store: store, logger: Logger(label: "newswatch.digest"))
        }
        if out == nil && job.emails.isEmpty { print(result.rendered, terminator: "") }
        if let delivery = result.delivery, delivery.waiting > 0 {
            Console.error("the digest mail waits in the outbox: \(delivery.errors.first ?? "")")
            throw ExitCode.failure
        }
        if let out, Console.isInteractive || options.verbose { print("digest written to \(out) (\(result.storyCount) stories)") }
    }
}
