import Foundation

/// Turns arbitrary text into header field values that cannot add or break a header:
/// control characters are removed, non-ASCII text becomes RFC 2047 encoded-words, long values are folded.
enum HeaderText {
    /// Longest line we aim for (RFC 5322 recommends 78; 998 is the hard limit).
    static let preferredLineLength = 78
    /// Longest single unbroken token we emit as is; longer ones are encoded so that they can be split.
    static let longestPlainToken = 200

    /// Removes every control character (C0, DEL, C1, line and paragraph separators);
    /// line breaks and tabs become a space so words stay apart. Runs of spaces collapse to one.
    static func sanitized(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var lastWasSpace = false
        for scalar in text.unicodeScalars {
            let isBreak = scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{85}"
                || scalar == "\u{2028}" || scalar == "\u{2029}"
            if isBreak || scalar == " " {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
                continue
            }
            if scalar.properties.generalCategory == .control || isBidiOverride(scalar) { continue }
            result.append(scalar)
            lastWasSpace = false
        }
        return String(result).trimmingCharacters(in: .whitespaces)
    }

    /// Embedding and isolate controls (U+202A–202E, U+2066–2069) could make a header display
    /// something other than what it says.
    static func isBidiOverride(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// True when `text` can go into a header verbatim: printable ASCII, no encoded-word look-alike,
    /// no word too long to fold.
    static func isPlain(_ text: String) -> Bool {
        guard text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else { return false }
        if text.contains("=?") { return false }
        return text.split(separator: " ").allSatisfy { $0.utf8.count <= longestPlainToken }
    }

    /// The value of an unstructured header (Subject): folded words, or encoded-words when not plain.
    static func unstructured(name: String, _ text: String) -> String {
        let clean = sanitized(text)
        let tokens = isPlain(clean) ? clean.split(separator: " ").map(String.init) : encodedWords(clean)
        return fold(name: name, tokens: tokens)
    }

    /// RFC 2047 encoded-words for `text`, each short enough to sit on a folded line of its own.
    /// Uses Q when it is shorter (mostly ASCII text stays readable), otherwise B; both UTF-8.
    /// Words split only between characters, never inside one.
    static func encodedWords(_ text: String) -> [String] {
        let qLength = text.utf8.reduce(0) { $0 + (qLiteral($1) ? 1 : 3) }
        let bLength = (text.utf8.count + 2) / 3 * 4
        let useQ = qLength <= bLength
        // 78 - "Subject: ".count - "=?UTF-8?Q?".count - "?=".count leaves 57 encoded characters.
        let budget = 57
        var words: [String] = []
        var chunk: [UInt8] = []
        var chunkLength = 0
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append(useQ ? "=?UTF-8?Q?\(qEncode(chunk))?=" : "=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
            chunk = []; chunkLength = 0
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            let extra = useQ ? bytes.reduce(0) { $0 + (qLiteral($1) ? 1 : 3) } : 0
            let wouldBe = useQ ? chunkLength + extra : (chunk.count + bytes.count + 2) / 3 * 4
            if wouldBe > budget && !chunk.isEmpty { flush() }
            chunk += bytes
            chunkLength += extra
        }
        flush()
        return words
    }

    /// Q encoding keeps only characters that are safe in every header context (RFC 2047 §5 (3)).
    private static func qLiteral(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: " "):
            return true
        default:
            return false
        }
    }

    private static func qEncode(_ bytes: [UInt8]) -> String {
        var out = ""
        for byte in bytes {
            if byte == UInt8(ascii: " ") { out += "_" }
            else if qLiteral(byte) { out.unicodeScalars.append(Unicode.Scalar(byte)) }
            else { out += "=" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2) }
        }
        return out
    }

    /// `Name: token token…` with a fold (CRLF + space) instead of a space wherever a line would pass 78 columns.
    /// Tokens must not contain CR or LF; the result has no trailing CRLF.
    static func fold(name: String, tokens: [String]) -> String {
        var out = name + ":"
        var lineLength = out.utf8.count
        var lineHasToken = false
        for token in tokens where !token.isEmpty {
            let length = token.utf8.count
            if lineHasToken && lineLength + 1 + length > preferredLineLength {
                out += "\r\n " + token
                lineLength = 1 + length
            } else {
                out += " " + token
                lineLength += 1 + length
            }
            lineHasToken = true
        }
        return out
    }
}
