import Foundation
import Model
import Mail
import Store

/// Turns the alerts recorded during a pass into outbox messages: one mail (and one webhook post) per watch.
struct AlertBatcher {
    let store: SQLiteStore
    let watches: CompiledWatches
    let settings: DeliverySettings

    func batch(now: Date) throws {
        let alerts = try store.unbatchedAlerts()
        guard !alerts.isEmpty else { return }
        for (watchName, group) in Dictionary(grouping: alerts, by: \.watchName).sorted(by: { $0.key < $1.key }) {
            let ids = group.map(\.id)
            guard let watch = watches.watch(named: watchName) else {
                try store.markAlertsHandled(ids)
                continue
            }
            let summaries = try group.map { try summary(of: $0) }
            var queued = false
            if let smtp = settings.smtp, !watch.emails.isEmpty {
                let message = AlertMail.compose(watchName: watch.name, stories: summaries, from: smtp.from, to: watch.emails,
                                                messageID: Self.messageID(kind: "alert", key: "\(watch.name)-\(ids[0])"), date: now)
                try store.enqueue(kind: .alertMail, watchName: watch.name, recipients: watch.emails, messageID: message.messageID,
                                  payload: QueuedMail(message).encoded(), alertIDs: ids, now: now)
                queued = true
            }
            if let webhook = watch.webhook {
                let payload = WebhookPayload(watch: watch.name, summaries: summaries)
                try store.enqueue(kind: .webhook, watchName: watch.name, recipients: [webhook],
                                  messageID: Self.messageID(kind: "webhook", key: "\(watch.name)-\(ids[0])"),
                                  payload: [UInt8](JSONEncoder.newswatch.encode(payload)), alertIDs: queued ? [] : ids, now: now)
                queued = true
            }
            if !queued { try store.markAlertsHandled(ids) }
        }
    }

    /// A story as an alert lists it: title, first outlet, outlet count, snippet of the item that matched.
    private func summary(of alert: Alert) throws -> StorySummary {
        let story = try store.story(id: alert.storyID)
        let members = try store.storyMembers(storyID: alert.storyID)
        let itemID = alert.itemID ?? members.first?.itemID
        let item = try itemID.flatMap { try store.items(ids: [$0]).first }
        let outlets = members.map(\.feed).uniqued()
        return StorySummary(storyID: alert.storyID, title: story?.title ?? item?.item.title ?? "",
                            link: item?.item.link ?? members.first?.link, firstOutlet: story?.firstOutlet ?? outlets.first ?? "",
                            firstSeen: story?.firstSeen ?? alert.created, outletCount: story?.outletCount ?? outlets.count,
                            otherOutlets: Array(outlets.dropFirst()),
                            snippet: item.map { watches.snippet(watchName: alert.watchName, item: $0) } ?? HighlightedText(segments: []),
                            coverageStep: { if case .coverage(let n) = alert.kind { return n } else { return nil } }())
    }

    /// The Message-ID of an outbox message, derived from its key (unique per batch) so it never changes.
    static func messageID(kind: String, key: String) -> String {
        let host = ProcessInfo.processInfo.hostName
        return MailMessage.messageID(forKey: "\(kind):\(key)", domain: host.isEmpty ? "localhost" : host)
    }
}

extension JSONEncoder {
    /// snake_case keys, ISO 8601 dates, stable key order: the encoder of every JSON newswatch writes.
    static var newswatch: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISODate.string(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension Sequence where Element: Hashable {
    /// The elements in order, each kept once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
