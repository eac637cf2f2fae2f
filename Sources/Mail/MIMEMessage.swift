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
        let boundary = boundary(for: message)
        let body: String
        if let html = message.htmlBody {
            headers.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
            let htmlEntity = message.inlineImages.isEmpty
                ? textEntity(type: "text/html", html)
                : relatedEntity(html: html, images: message.inlineImages, boundary: Self.boundary(for: message, role: "R"))
            body = "This is a multi-part message in MIME format.\r\n"
                + multipartBody([textEntity(type: "text/plain", message.textBody), htmlEntity], boundary: boundary)
        } else {
            let encoding = BodyEncoding.choose(for: message.textBody)
            headers.append("Content-Type: text/plain; charset=utf-8")
            headers.append("Content-Transfer-Encoding: \(encoding.rawValue)")
            body = encoding.encode(message.textBody)
        }
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body
    }

    /// A MIME entity (its headers, a blank line, its encoded body ending in CRLF) for a UTF-8 text part.
    private static func textEntity(type: String, _ text: String) -> String {
        let encoding = BodyEncoding.choose(for: text)
        return "Content-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: \(encoding.rawValue)\r\n\r\n" + encoding.encode(text)
    }

    /// multipart/related: the HTML first, then the images it references by Content-ID.
    private static func relatedEntity(html: String, images: [InlineImage], boundary: String) -> String {
        let parts = [textEntity(type: "text/html", html)] + images.map { image in
            let type = HeaderText.sanitized(image.mimeType).filter { $0.isLetter || $0.isNumber || "/.+-".contains($0) }
            let name = HeaderText.sanitized(image.filename).filter { $0.isASCII && $0 != "\"" && $0 != "\\" }
            let visible = image.contentID.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F && $0 != "<" && $0 != ">" }
            let id = "<" + String(String.UnicodeScalarView(visible.prefix(200))) + ">"
            return "Content-Type: \(type.isEmpty ? "application/octet-stream" : type)\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-ID: \(id)\r\nContent-Disposition: inline; filename=\"\(name.isEmpty ? "image" : name)\"\r\n\r\n"
                + BodyEncoding.base64Lines(image.data)
        }
        return "Content-Type: multipart/related; type=\"text/html\";\r\n boundary=\"\(boundary)\"\r\n\r\n" + multipartBody(parts, boundary: boundary)
    }

    /// Entities between delimiters. Each entity ends with CRLF, which the next delimiter claims
    /// (RFC 2046 §5.1.1), so a part's content is exactly its text.
    private static func multipartBody(_ entities: [String], boundary: String) -> String {
        entities.map { "--\(boundary)\r\n" + $0 }.joined() + "--\(boundary)--\r\n"
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
    /// `role` tells nested multiparts apart; no boundary is a prefix of another.
    static func boundary(for message: MailMessage, role: String = "A") -> String {
        let seed = FNV1a.hash((message.messageID + "\u{0}" + message.subject + "\u{0}\(message.date.timeIntervalSince1970)").utf8)
        return "=_newswatch_\(role)_" + String(seed, radix: 36)
    }
}
