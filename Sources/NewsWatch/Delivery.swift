import Foundation
import Logging
import Model
import Mail
import Store

/// Where alert and digest mail goes (`[smtp]`).
public struct DeliverySettings: Sendable {
    /// nil when no SMTP server is configured: alerts are then recorded but not mailed.
    public var smtp: SMTPSettings?
    public init(smtp: SMTPSettings? = nil) { self.smtp = smtp }
}

/// What delivery did in one pass.
public struct DeliveryReport: Sendable {
    public var sent = 0
    /// Messages still in the outbox after this pass (server down, or a temporary refusal): a later pass retries them.
    public var waiting = 0
    /// Messages the server refused for good (every recipient rejected, say); they are not retried.
    public var refused = 0
    public var errors: [String] = []
    public init() {}
}

/// A mail message as the outbox keeps it: rendered again identically (same Date and Message-ID) on every attempt.
struct QueuedMail: Codable {
    var from: String
    var to: [String]
    var subject: String
    var text: String
    var html: String?
    var messageID: String
    var date: Date

    init(_ m: MailMessage) {
        from = m.from; to = m.to; subject = m.subject; text = m.textBody; html = m.htmlBody; messageID = m.messageID; date = m.date
    }

    var message: MailMessage {
        MailMessage(from: from, to: to, subject: subject, textBody: text, htmlBody: html, messageID: messageID, date: date)
    }

    func encoded() throws -> [UInt8] { [UInt8](try JSONEncoder().encode(self)) }
    static func decode(_ bytes: [UInt8]) throws -> QueuedMail { try JSONDecoder().decode(QueuedMail.self, from: Data(bytes)) }
}

/// Sends what waits in the outbox; a message is marked sent only after the server accepted it.
struct Delivery {
    let store: SQLiteStore
    let settings: DeliverySettings
    let logger: Logger

    func deliverPending(now: Date) async -> DeliveryReport {
        var report = DeliveryReport()
        let pending: [OutboxMessage]
        do { pending = try store.unsentMessages() } catch {
            report.errors.append("cannot read the outbox: \(error)")
            return report
        }
        // One SMTP connection serves every message of the pass.
        var session: SMTPSession?
        for message in pending {
            do {
                let refusedRecipients = try send(message, session: &session)
                try store.markSent(message.id, at: Date())
                report.sent += 1
                if !refusedRecipients.isEmpty {
                    report.errors.append("\(message.messageID) was not delivered to \(refusedRecipients.joined(separator: ", "))")
                }
            } catch let error as MailError where !error.transient {
                report.refused += 1
                report.errors.append(error.message)
                logger.error("message refused for good", metadata: ["message-id": "\(message.messageID)", "reason": "\(error.message)"])
                try? store.markFailed(message.id, error: error.message)
                try? store.markAbandoned(message.id, at: Date())
            } catch {
                let reason = "\(error)"
                report.waiting += 1
                report.errors.append(reason)
                logger.warning("message not delivered", metadata: ["message-id": "\(message.messageID)", "reason": "\(reason)"])
                try? store.markFailed(message.id, error: reason)
            }
        }
        return report
    }

    /// Sends one outbox message; returns the recipients a mail server refused while accepting the others.
    private func send(_ message: OutboxMessage, session: inout SMTPSession?) throws -> [String] {
        switch message.kind {
        case .alertMail, .digestMail:
            guard let smtp = settings.smtp else { throw NewsWatchError("no [smtp] server is configured") }
            if session == nil { session = try SMTPSender(settings: smtp).session() }
            let delivery = try session!.send(QueuedMail.decode(message.payload).message)
            return delivery.refused.map { "\($0)" }
        case .webhook:
            guard let url = message.recipients.first else { throw NewsWatchError("webhook message without a URL") }
            try WebhookSender().post(url: url, json: message.payload)
            return []
        }
    }
}
