import Foundation
import Logging
import Model
import Digest
import Mail
import Store

/// `newswatch digest`: a report of a period, written to a file or stdout, and mailed through the outbox.
public struct DigestJob {
    public enum Period: Sendable {
        case last(TimeSpan)
        /// From where the previous digest for the same recipients ended (24 hours for the first one).
        case sinceLastDigest
    }
    public enum Format: String, Sendable { case html, text }

    public var period: Period = .last(TimeSpan(seconds: 86_400))
    public var format: Format = .html
    public var outputPath: String?
    public var emails: [String] = []
    public var watchNames: [String] = []
    public init() {}

    /// What the job produced.
    public struct Result: Sendable {
        public var rendered: String
        public var periodStart: Date
        public var periodEnd: Date
        public var storyCount: Int
        public var delivery: DeliveryReport?
    }

    public func run(context: Context, store: SQLiteStore, now: Date = Date(), logger: Logger) async throws(NewsWatchError) -> Result {
        // Digests written to files or stdout form one series (daily files often carry the date in their name);
        // mailed digests form one series per set of recipients.
        let recipientsKey = emails.isEmpty ? "file" : "mail:" + emails.sorted().joined(separator: ",")
        let start: Date
        switch period {
        case .last(let span): start = now.addingTimeInterval(-span.seconds)
        case .sinceLastDigest:
            do { start = try store.lastDigestEnd(recipientsKey: recipientsKey) ?? now.addingTimeInterval(-86_400) } catch {
                throw NewsWatchError("\(error)")
            }
        }
        let allWatches: [Watch]
        do { allWatches = try CompiledWatches(stored: store.watches(), configured: context.configWatches).watches } catch let error as NewsWatchError {
            throw error
        } catch { throw NewsWatchError("\(error)") }
        for name in watchNames where !allWatches.contains(where: { $0.name == name }) {
            throw NewsWatchError("no watch named '\(name)' (see `newswatch watch list`)")
        }
        let selected = watchNames.isEmpty ? allWatches : allWatches.filter { watchNames.contains($0.name) }
        let report = try DigestBuilder(store: store, watches: selected).build(from: start, to: now, title: context.config.digest.title, now: now)

        let renderer: DigestRenderer
        do { renderer = try DigestRenderer(templateDirectory: context.config.digest.templateDir) } catch {
            throw NewsWatchError("cannot load the digest templates: \(error)")
        }
        let rendered: String
        do { rendered = format == .html ? try renderer.html(report, flavor: .file) : try renderer.text(report) } catch {
            throw NewsWatchError("cannot render the digest: \(error)")
        }
        if let outputPath {
            do { try Data(rendered.utf8).write(to: URL(fileURLWithPath: outputPath), options: .atomic) } catch {
                throw NewsWatchError("cannot write \(outputPath): \(Subscriptions.reason(error))")
            }
        }

        var outboxID: Int64?
        var delivery: DeliveryReport?
        if !emails.isEmpty {
            guard let smtp = context.smtpSettings else { throw NewsWatchError("--email needs an [smtp] section in the config file") }
            do {
                let mail = MailMessage(from: smtp.from, to: emails,
                                       subject: "[newswatch] digest: \(report.totals.stories) stories, \(Self.dayLabel(start)) to \(Self.dayLabel(now))",
                                       textBody: try renderer.text(report), htmlBody: try renderer.html(report, flavor: .mail),
                                       messageID: AlertBatcher.messageID(kind: "digest", key: "\(recipientsKey):\(start.timeIntervalSince1970):\(now.timeIntervalSince1970)"),
                                       date: now)
                outboxID = try store.enqueue(kind: .digestMail, watchName: nil, recipients: emails, messageID: mail.messageID,
                                             payload: QueuedMail(mail).encoded(), now: now)
            } catch { throw NewsWatchError("cannot queue the digest mail: \(error)") }
        }
        do { try store.recordDigest(recipientsKey: recipientsKey, periodStart: start, periodEnd: now, outboxID: outboxID, now: now) } catch {
            throw NewsWatchError("\(error)")
        }
        if outboxID != nil {
            delivery = await Delivery(store: store, settings: DeliverySettings(smtp: context.smtpSettings), logger: logger).deliverPending(now: now)
        }
        return Result(rendered: rendered, periodStart: start, periodEnd: now, storyCount: report.totals.stories, delivery: delivery)
    }

    static func dayLabel(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle().year().month().day())
    }
}
