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
        let lines = Self.lines(of: text)
        switch self {
        case .base64:
            return Self.base64Lines(Array(lines.joined(separator: "\r\n").utf8))
        case .quotedPrintable:
            return lines.map(Self.quotedPrintableLine).joined(separator: "\r\n") + "\r\n"
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
        // "\r\n" is one Character in Swift, so this splits CRLF, CR and LF alike.
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).map(String.init)
    }

    /// One hard line in quoted-printable, with soft breaks (`=` CRLF) keeping each output line within 76.
    private static func quotedPrintableLine(_ line: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(line.utf8.count + line.utf8.count / 8)
        var column = 0
        var remaining = line.utf8.count
        for byte in line.utf8 {
            remaining -= 1
            let isLast = remaining == 0
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) && !isLast)
            let width = literal ? 1 : 3
            // Leave room for the "=" of a soft break, except for the line's last token.
            if column + width > (isLast ? 76 : 75) {
                out += [UInt8(ascii: "="), 13, 10]
                column = 0
            }
            if literal {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
            column += width
        }
        return String(decoding: out, as: UTF8.self)
    }
}
