import Foundation

/// Content-Transfer-Encodings for UTF-8 text parts: every output line is at most 76 characters and
/// ends in CRLF, whatever the input's line endings.
enum BodyEncoding: String {
    case quotedPrintable = "quoted-printable"
    case base64

    /// Quoted-printable for mostly-ASCII text, base64 when most bytes would need escaping (e.g. CJK).
    static func choose(for text: String) -> BodyEncoding {
        let escaped = text.utf8.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) }
        return escaped * 3 > text.utf8.count ? .base64 : .quotedPrintable
    }

    /// The encoded body, CRLF line endings, ending with CRLF.
    func encode(_ text: String) -> String {
        let normalized = Self.lines(of: text).joined(separator: "\r\n")
        switch self {
        case .base64:
            return Self.base64Lines(Array(normalized.utf8))
        case .quotedPrintable:
            return Self.lines(of: text).map(Self.quotedPrintableLine).joined(separator: "\r\n") + "\r\n"
        }
    }

    /// Base64 in lines of 76 characters, each ending with CRLF.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Array(Data(bytes).base64EncodedString().utf8)
        return stride(from: 0, to: encoded.count, by: 76)
            .map { String(decoding: encoded[$0..<min($0 + 76, encoded.count)], as: UTF8.self) + "\r\n" }.joined()
    }

    /// Splits on CRLF, CR or LF.
    static func lines(of text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// One hard line in quoted-printable, with soft breaks (`=` CRLF) keeping each output line within 76.
    private static func quotedPrintableLine(_ line: String) -> String {
        let bytes = Array(line.utf8)
        var out = ""
        var column = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) && !isLast)
            let token = literal ? String(Unicode.Scalar(byte)) : "=" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            // Leave room for the "=" of a soft break, except for the line's last token.
            let limit = isLast ? 76 : 75
            if column + token.count > limit {
                out += "=\r\n"
                column = 0
            }
            out += token
            column += token.count
        }
        return out
    }
}
