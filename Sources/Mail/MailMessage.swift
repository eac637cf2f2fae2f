import Foundation
import Model

/// SMTP settings (`[smtp]` in the config file).
public struct SMTPSettings: Sendable, Hashable {
    /// smtp://host:port (STARTTLS when offered) or smtps://host:port.
    public var url: String
    public var from: String
    public var username: String?
    /// The name of the environment variable holding the password; never the password itself.
    public var passwordEnv: String?
    public var requireTLS: Bool = false
    public var timeout: TimeInterval = 30
    public init(url: String, from: String, username: String? = nil, passwordEnv: String? = nil, requireTLS: Bool = false) {
        self.url = url; self.from = from; self.username = username; self.passwordEnv = passwordEnv; self.requireTLS = requireTLS
    }
}

/// A message ready to render as MIME.
public struct MailMessage: Sendable, Hashable {
    public var from: String
    public var to: [String]
    public var subject: String
    public var textBody: String
    public var htmlBody: String?
    /// Stable across retries so that mail clients fold a message sent twice.
    public var messageID: String
    public var date: Date
    public init(from: String, to: [String], subject: String, textBody: String, htmlBody: String?, messageID: String, date: Date) {
        self.from = from; self.to = to; self.subject = subject; self.textBody = textBody; self.htmlBody = htmlBody
        self.messageID = messageID; self.date = date
    }
}

/// Why a delivery failed.
public struct MailError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// True when retrying later may succeed (server down); false when the server refused for good.
    public var transient: Bool
    public init(_ message: String, transient: Bool = true) { self.message = message; self.transient = transient }
    public var description: String { message }
}

/// Sends mail over SMTP through libcurl.
public struct SMTPSender: Sendable {
    public let settings: SMTPSettings
    public init(settings: SMTPSettings) { self.settings = settings }

    public func send(_ message: MailMessage) throws(MailError) {
        throw MailError("SMTP delivery not implemented yet")
    }
}

/// Composes the alert message of one watch for one pass.
public enum AlertMail {
    public static func compose(watchName: String, stories: [StorySummary], from: String, to: [String], messageID: String, date: Date) -> MailMessage {
        let subject = "[newswatch] \(watchName): \(stories.count) new \(stories.count == 1 ? "story" : "stories")"
        let text = stories.map { "\($0.title)\n  first by \($0.firstOutlet), \($0.outletCount) outlets\n  \($0.link ?? "")" }.joined(separator: "\n\n")
        return MailMessage(from: from, to: to, subject: subject, textBody: text, htmlBody: nil, messageID: messageID, date: date)
    }
}

/// Posts JSON to a webhook URL (placeholder until the webhook sink lands).
public struct WebhookSender: Sendable {
    public init() {}
    public func post(url: String, body: [UInt8]) throws(MailError) {
        throw MailError("webhook delivery not implemented yet")
    }
}
