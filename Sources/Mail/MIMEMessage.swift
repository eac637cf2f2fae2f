import Foundation

/// Renders a `MailMessage` as the bytes of an RFC 5322 / MIME message: CRLF line endings, no line
/// over 998 characters, UTF-8 text parts, and headers that no input can add to or break.
public enum MIMEMessage {
    /// The whole message, headers and body, ready for SMTP DATA (curl dot-stuffs it).
    public static func render(_ message: MailMessage) -> [UInt8] {
        Array(renderString(message).utf8)
    }

    /// The same message as a String (ASCII only: every non-ASCII character is encoded).
    public static func renderString(_ message: MailMessage) -> String {
        let from = MailAddress(parsing: message.from)
        let recipients = message.to.map(MailAddress.init(parsing:)).filter { !$0.address.isEmpty }
        var headers = [
            MailAddress.header(name: "From", [from]),
            MailAddress.header(name: "To", recipients),
            HeaderText.unstructured(name: "Subject", message.subject),
            "Date: " + RFC5322Date.string(from: message.date),
            "Message-ID: " + normalizedMessageID(message.messageID, fallbackDomain: from.address),
            "MIME-Version: 1.0",
            // RFC 3834: tells vacation responders not to answer an automatic alert.
            "Auto-Submitted: auto-generated",
        ]
        var body: String
        if let html = message.htmlBody {
            let boundary = boundary(for: message)
            headers.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
            // Each encoded part ends with CRLF, which the next delimiter claims (RFC 2046 §5.1.1),
            // so a part's content is exactly its text.
            body = "This is a multi-part message in MIME format.\r\n"
            for (type, text) in [("text/plain", message.textBody), ("text/html", html)] {
                let encoding = BodyEncoding.choose(for: text)
                body += "--\(boundary)\r\n"
                body += "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: \(encoding.rawValue)\r\n\r\n"
                body += encoding.encode(text)
            }
            body += "--\(boundary)--\r\n"
        } else {
            let encoding = BodyEncoding.choose(for: message.textBody)
            headers.append("Content-Type: text/plain; charset=utf-8")
            headers.append("Content-Transfer-Encoding: \(encoding.rawValue)")
            body = encoding.encode(message.textBody)
        }
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body
    }

    /// `<left@right>` with nothing but visible ASCII; a message without a usable id gets a fresh one.
    static func normalizedMessageID(_ id: String, fallbackDomain: String) -> String {
        let visible = id.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" }
        let core = String(String.UnicodeScalarView(visible.prefix(900)))
        guard core.contains("@") else { return MailMessage.uniqueMessageID(domain: fallbackDomain) }
        return "<\(core)>"
    }

    /// A boundary that cannot occur in the encoded parts: quoted-printable always escapes "=" and
    /// base64 never produces "_", so "=_" never appears in a part's body.
    static func boundary(for message: MailMessage) -> String {
        let seed = FNV1a.hash((message.messageID + "\u{0}" + message.subject + "\u{0}\(message.date.timeIntervalSince1970)").utf8)
        return "=_newswatch_" + String(seed, radix: 36)
    }
}
