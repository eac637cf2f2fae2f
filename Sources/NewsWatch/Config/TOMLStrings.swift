import Foundation

/// TOML's four kinds of string: basic `"..."` (with escapes), literal `'...'`, and their
/// multi-line forms `"""..."""` and `'''...'''`.
extension TOMLParser {
    mutating func parseBasicString() throws(TOMLError) -> String {
        let start = index
        index += 1
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else { throw error(.unterminatedString, at: start) }
            switch scalar {
            case "\"":
                index += 1
                return String(text)
            case "\\":
                text.append(try parseEscape())
            default:
                if Self.isForbiddenControl(scalar) { throw error(.controlCharacter(scalar.value)) }
                text.append(scalar)
                index += 1
            }
        }
    }

    mutating func parseLiteralString() throws(TOMLError) -> String {
        let start = index
        index += 1
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek(), scalar != "\n", scalar != "\r" else { throw error(.unterminatedString, at: start) }
            index += 1
            if scalar == "'" { return String(text) }
            if Self.isForbiddenControl(scalar) { throw error(.controlCharacter(scalar.value), at: index - 1) }
            text.append(scalar)
        }
    }

    mutating func parseMultilineBasicString() throws(TOMLError) -> String {
        try parseMultilineString(delimiter: "\"", escapes: true)
    }

    mutating func parseMultilineLiteralString() throws(TOMLError) -> String {
        try parseMultilineString(delimiter: "'", escapes: false)
    }

    /// The body of `"""..."""` or `'''...'''`. A line break right after the opening delimiter is
    /// dropped; up to two quotes may touch the closing delimiter; line breaks read as `\n`.
    private mutating func parseMultilineString(delimiter: Unicode.Scalar, escapes: Bool) throws(TOMLError) -> String {
        let start = index
        index += 3
        if peek() == "\n" { index += 1 } else if peek() == "\r", peek(1) == "\n" { index += 2 }
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else { throw error(.unterminatedString, at: start) }
            switch scalar {
            case delimiter:
                var run = 0
                while peek(run) == delimiter { run += 1 }
                if run < 3 {
                    text.append(contentsOf: repeatElement(delimiter, count: run))
                    index += run
                    continue
                }
                if run > 5 { throw error(.tooManyQuotes, at: index + 5) }
                text.append(contentsOf: repeatElement(delimiter, count: run - 3))
                index += run
                return String(text)
            case "\\" where escapes:
                if skipLineEndingBackslash() { continue }
                text.append(try parseEscape())
            case "\n":
                text.append("\n")
                index += 1
            case "\r" where peek(1) == "\n":
                text.append("\n")
                index += 2
            default:
                if Self.isForbiddenControl(scalar) { throw error(.controlCharacter(scalar.value)) }
                text.append(scalar)
                index += 1
            }
        }
    }

    /// A backslash ending a line (spaces allowed after it) swallows all whitespace and line breaks that follow.
    private mutating func skipLineEndingBackslash() -> Bool {
        var offset = 1
        while let scalar = peek(offset), scalar == " " || scalar == "\t" { offset += 1 }
        guard peek(offset) == "\n" || (peek(offset) == "\r" && peek(offset + 1) == "\n") else { return false }
        index += offset
        while let scalar = peek() {
            if scalar == " " || scalar == "\t" || scalar == "\n" { index += 1 }
            else if scalar == "\r", peek(1) == "\n" { index += 2 }
            else { break }
        }
        return true
    }

    /// `\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`, starting at the backslash.
    private mutating func parseEscape() throws(TOMLError) -> Unicode.Scalar {
        let start = index
        index += 1
        guard let letter = peek() else { throw error(.unterminatedString, at: start) }
        index += 1
        switch letter {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let digits = letter == "u" ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<digits {
                guard let hex = peek(), hex.isASCII, let digit = UInt32(String(hex), radix: 16) else {
                    throw error(.invalidEscape(escapeText(from: start, extra: 1)), at: start)
                }
                value = value * 16 + digit
                index += 1
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw error(.invalidUnicodeScalar(escapeText(from: start)), at: start)
            }
            return scalar
        default:
            throw error(.invalidEscape(escapeText(from: start)), at: start)
        }
    }

    /// The escape as written, from its backslash to the current position (plus `extra` scalars).
    private func escapeText(from start: Int, extra: Int = 0) -> String {
        String(String.UnicodeScalarView(scalars[start..<min(index + extra, scalars.count)]))
    }
}
