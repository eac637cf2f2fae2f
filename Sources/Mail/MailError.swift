/// Why a delivery (SMTP or webhook) failed.
///
/// `transient` tells the outbox what to do: true keeps the message for the next pass (server down,
/// timeout, TLS or login problems, a configuration that can be fixed); false means the server refused
/// this very message or all of its recipients for good (a 5xx answer), so sending it again cannot help.
public struct MailError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, coarsely, for callers that react differently.
    public enum Kind: String, Sendable, Hashable {
        /// The settings cannot work as written (bad URL, missing password variable, no recipient).
        case configuration
        /// Nothing answered: connection refused, host unknown, connection dropped.
        case unreachable
        case timeout
        /// TLS could not be set up or the certificate was not trusted.
        case tls
        case authentication
        /// Every recipient was refused (the refusals are in `refusedRecipients`).
        case recipientsRefused
        /// The server refused the sender or the message itself.
        case messageRefused
        /// An HTTP status the webhook endpoint answered with.
        case httpStatus
        /// Anything else the server or libcurl reported.
        case other
    }

    /// One line naming the server or URL and what went wrong; never contains a password.
    public var message: String
    /// True when retrying later may succeed (server down); false when the server refused for good.
    public var transient: Bool
    public var kind: Kind
    /// Recipients the server refused, when that is why the delivery failed.
    public var refusedRecipients: [RefusedRecipient]

    public init(_ message: String, transient: Bool = true, kind: Kind = .other, refusedRecipients: [RefusedRecipient] = []) {
        self.message = message; self.transient = transient; self.kind = kind; self.refusedRecipients = refusedRecipients
    }
    public var description: String { message }
}

/// A recipient the SMTP server refused at RCPT TO.
public struct RefusedRecipient: Sendable, Hashable, CustomStringConvertible {
    public var address: String
    /// The SMTP reply code, e.g. 550 (permanent) or 450 (try later).
    public var code: Int
    /// The server's reply line, cleaned of control characters.
    public var reply: String
    public init(address: String, code: Int, reply: String) { self.address = address; self.code = code; self.reply = reply }
    /// True when the server said to try again later (4xx).
    public var transient: Bool { (400..<500).contains(code) }
    public var description: String { "\(address) (\(reply))" }
}
