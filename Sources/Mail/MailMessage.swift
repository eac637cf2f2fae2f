import Foundation

/// A message ready to render as MIME.
public struct MailMessage: Sendable, Hashable {
    /// The From header, e.g. `newswatch <alerts@example.org>`.
    public var from: String
    /// Recipients, each `address` or `Name <address>`; all appear in the To header.
    public var to: [String]
    public var subject: String
    public var textBody: String
    /// When present the message is multipart/alternative with the plain text first.
    public var htmlBody: String?
    /// Stable across retries so that mail clients fold a message sent twice.
    public var messageID: String
    public var date: Date
    /// Images the HTML shows with `<img src="cid:CONTENT-ID">` (e.g. a digest's trend chart as PNG);
    /// they travel inside the message, so the mail client fetches nothing.
    public var inlineImages: [InlineImage]
    public init(from: String, to: [String], subject: String, textBody: String, htmlBody: String?, messageID: String, date: Date,
                inlineImages: [InlineImage] = []) {
        self.from = from; self.to = to; self.subject = subject; self.textBody = textBody; self.htmlBody = htmlBody
        self.messageID = messageID; self.date = date; self.inlineImages = inlineImages
    }
}

/// An image carried in the message and referenced from the HTML part as `cid:` + `contentID`.
public struct InlineImage: Sendable, Hashable {
    /// The id the HTML refers to, without angle brackets, e.g. `trend-climate@newswatch`.
    public var contentID: String
    /// e.g. `image/png`.
    public var mimeType: String
    public var filename: String
    public var data: [UInt8]
    public init(contentID: String, mimeType: String = "image/png", filename: String, data: [UInt8]) {
        self.contentID = contentID; self.mimeType = mimeType; self.filename = filename; self.data = data
    }
}

extension MailMessage {
    /// A fresh, unique Message-ID such as `<nw.l9x3k2.4f1c…@example.org>`.
    public static func uniqueMessageID(domain: String) -> String {
        let stamp = String(UInt64(Date().timeIntervalSince1970 * 1000), radix: 36)
        let random = (0..<2).map { _ in String(UInt64.random(in: .min ... .max), radix: 36) }.joined(separator: ".")
        return "<nw.\(stamp).\(random)@\(messageIDDomain(domain))>"
    }

    /// A Message-ID derived only from an outbox key, so a message sent again after a crash keeps its id
    /// and mail clients fold the two copies. Different keys give different ids.
    public static func messageID(forKey key: String, domain: String) -> String {
        var left = "nw."
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                left.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                left += "=" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        if left.utf8.count > 120 {
            // Keep ids short; the hash of the whole key keeps them distinct.
            left = String(left.prefix(80)) + ".h" + String(FNV1a.hash(key.utf8), radix: 16)
        }
        return "<\(left)@\(messageIDDomain(domain))>"
    }

    /// The part after `@` in a Message-ID: a host name stripped of anything that is not allowed there.
    static func messageIDDomain(_ domain: String) -> String {
        let host = domain.split(separator: "@").last.map(String.init) ?? domain
        let cleaned = host.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-") }
        let name = String(String.UnicodeScalarView(cleaned)).trimmingCharacters(in: CharacterSet(charactersIn: "."))
        return name.isEmpty ? "newswatch.invalid" : name
    }
}

/// 64-bit FNV-1a: a small stable hash for ids and MIME boundaries (not for security).
enum FNV1a {
    static func hash<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return value
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
