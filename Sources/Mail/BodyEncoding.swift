import Foundation

/// Content-Transfer-Encodings for UTF-8 text parts: every output line is at most 76 characters and
/// ends in CRLF, whatever the input's line endings.
enum BodyEncoding: String {
    case quotedPrintable = "quoted-printable"
    case base64

    /// Quoted-printable for mostly-ASCII text, base64 when most bytes would need escaping (e.g. CJK).
    static func choose(for text: String) -> BodyEncoding {
        var nonASCII = 0
        for byte in text.utf8 where byte >= 0x80 { nonASCII += 1 }
        return nonASCII * 3 > text.utf8.count ? .base64 : .quotedPrintable
    }

    /// The encoded body, CRLF line endings, ending with CRLF.
    func encode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        let lines = Self.lines(of: bytes)
        var out: [UInt8] = []
        switch self {
        case .base64:
            var joined: [UInt8] = []
            joined.reserveCapacity(bytes.count + lines.count)
            for (index, line) in lines.enumerated() {
                if index > 0 { joined += [13, 10] }
                joined += line
            }
            return Self.base64Lines(joined)
        case .quotedPrintable:
            out.reserveCapacity(bytes.count + bytes.count / 4)
            for line in lines {
                Self.appendQuotedPrintable(line, to: &out)
                out += [13, 10]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Base64 in lines of 76 characters, each ending with CRLF.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Array(Data(bytes).base64EncodedString().utf8)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / 38 + 2)
        for start in stride(from: 0, to: encoded.count, by: 76) {
            out += encoded[start..<min(start + 76, encoded.count)]
            out += [13, 10]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Splits on CRLF, CR or LF.
    static func lines(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 10 || byte == 13 {
                lines.append(bytes[start..<index])
                if byte == 13 && index + 1 < bytes.count && bytes[index + 1] == 10 { index += 1 }
                start = index + 1
            }
            index += 1
        }
        lines.append(bytes[start..<bytes.count])
        return lines
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// One hard line in quoted-printable, with soft breaks (`=` CRLF) keeping each output line within 76.
    private static func appendQuotedPrintable(_ line: ArraySlice<UInt8>, to out: inout [UInt8]) {
        var column = 0
        let last = line.endIndex - 1
        for index in line.indices {
            let byte = line[index]
            let isLast = index == last
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
                out += [UInt8(ascii: "="), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
            column += width
        }
    }
}
