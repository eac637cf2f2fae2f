import Foundation

/// Classifies an unquoted TOML value (`42`, `0xff`, `1_000.5e-3`, `inf`, `true`, `1979-05-27T07:32:00Z`).
enum TOMLScalarSyntax {
    static func value(of token: String, at position: TOMLPosition) throws(TOMLError) -> TOMLValue {
        if token == "true" { return .boolean(true) }
        if token == "false" { return .boolean(false) }
        let bytes = Array(token.utf8)
        if looksLikeDateTime(bytes) {
            guard isValidDateTime(bytes) else { throw TOMLError(.invalidDateTime(token), at: position) }
            return .dateTime(token)
        }
        guard let first = bytes.first, isDigit(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
                || first == UInt8(ascii: ".") || token == "inf" || token == "nan" else {
            throw TOMLError(.invalidValue(token), at: position)
        }
        return try number(bytes, token: token, at: position)
    }

    // MARK: - Numbers

    private static func number(_ bytes: [UInt8], token: String, at position: TOMLPosition) throws(TOMLError) -> TOMLValue {
        var i = 0
        var sign = ""
        if bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") {
            sign = bytes[0] == UInt8(ascii: "-") ? "-" : ""
            i = 1
        }
        let unsigned = token.dropFirst(i)
        if unsigned == "inf" { return .float(sign == "-" ? -.infinity : .infinity) }
        if unsigned == "nan" { return .float(.nan) }
        let invalid = TOMLError(.invalidNumber(token), at: position)

        if bytes.count >= i + 2, bytes[i] == UInt8(ascii: "0"), let radix = radix(of: bytes[i + 1]) {
            guard i == 0 else { throw invalid }
            var cursor = 2
            guard let digits = digitRun(bytes, &cursor, radix: radix), cursor == bytes.count else { throw invalid }
            guard let magnitude = UInt64(digits, radix: radix), magnitude <= UInt64(Int64.max) else {
                throw TOMLError(.integerOverflow(token), at: position)
            }
            return .integer(Int64(magnitude))
        }

        guard let integerPart = digitRun(bytes, &i, radix: 10) else { throw invalid }
        if integerPart.count > 1, integerPart.hasPrefix("0") { throw invalid }
        var text = sign + integerPart
        var isFloat = false
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard let fraction = digitRun(bytes, &i, radix: 10) else { throw invalid }
            text += "." + fraction
            isFloat = true
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            text += "e"
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                text += String(UnicodeScalar(bytes[i]))
                i += 1
            }
            guard let exponent = digitRun(bytes, &i, radix: 10) else { throw invalid }
            text += exponent
            isFloat = true
        }
        guard i == bytes.count else { throw invalid }
        if isFloat {
            guard let value = Double(text), value.isFinite else { throw invalid }
            return .float(value)
        }
        guard let value = Int64(text) else { throw TOMLError(.integerOverflow(token), at: position) }
        return .integer(value)
    }

    private static func radix(of letter: UInt8) -> Int? {
        switch letter {
        case UInt8(ascii: "x"): return 16
        case UInt8(ascii: "o"): return 8
        case UInt8(ascii: "b"): return 2
        default: return nil
        }
    }

    /// Digits of `radix` from `cursor`, where each `_` must sit between two digits; the digits without underscores.
    private static func digitRun(_ bytes: [UInt8], _ cursor: inout Int, radix: Int) -> String? {
        func isRadixDigit(_ byte: UInt8) -> Bool {
            guard let value = Int(String(UnicodeScalar(byte)), radix: 16) else { return false }
            return value < radix
        }
        var digits = ""
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if isRadixDigit(byte) {
                digits.append(Character(UnicodeScalar(byte)))
                cursor += 1
            } else if byte == UInt8(ascii: "_"), !digits.isEmpty, cursor + 1 < bytes.count, isRadixDigit(bytes[cursor + 1]) {
                cursor += 1
            } else {
                break
            }
        }
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "_") { return nil }
        return digits.isEmpty ? nil : digits
    }

    // MARK: - Dates and times

    /// `YYYY-...` or `HH:...`: anything else is a number or a bare word.
    private static func looksLikeDateTime(_ bytes: [UInt8]) -> Bool {
        if bytes.count >= 5, bytes[0..<4].allSatisfy(isDigit), bytes[4] == UInt8(ascii: "-") { return true }
        return bytes.count >= 3 && bytes[0..<2].allSatisfy(isDigit) && bytes[2] == UInt8(ascii: ":")
    }

    /// Offset date-time, local date-time, local date (`1979-05-27`) or local time (`07:32:00.5`).
    private static func isValidDateTime(_ bytes: [UInt8]) -> Bool {
        var cursor = 0
        if bytes.count >= 5, bytes[4] == UInt8(ascii: "-") {
            guard let year = fixedNumber(bytes, &cursor, width: 4), expect(bytes, &cursor, "-"),
                  let month = fixedNumber(bytes, &cursor, width: 2), expect(bytes, &cursor, "-"),
                  let day = fixedNumber(bytes, &cursor, width: 2),
                  (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return false }
            if cursor == bytes.count { return true }
            guard [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(bytes[cursor]) else { return false }
            cursor += 1
            guard isValidTime(bytes, &cursor) else { return false }
            if cursor == bytes.count { return true }
            if bytes[cursor] == UInt8(ascii: "Z") || bytes[cursor] == UInt8(ascii: "z") { return cursor + 1 == bytes.count }
            guard bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") else { return false }
            cursor += 1
            guard let hours = fixedNumber(bytes, &cursor, width: 2), expect(bytes, &cursor, ":"),
                  let minutes = fixedNumber(bytes, &cursor, width: 2) else { return false }
            return hours < 24 && minutes < 60 && cursor == bytes.count
        }
        return isValidTime(bytes, &cursor) && cursor == bytes.count
    }

    /// `HH:MM:SS` with an optional fraction; seconds are required in TOML 1.0.
    private static func isValidTime(_ bytes: [UInt8], _ cursor: inout Int) -> Bool {
        guard let hour = fixedNumber(bytes, &cursor, width: 2), expect(bytes, &cursor, ":"),
              let minute = fixedNumber(bytes, &cursor, width: 2), expect(bytes, &cursor, ":"),
              let second = fixedNumber(bytes, &cursor, width: 2),
              hour < 24, minute < 60, second <= 60 else { return false }
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") {
            cursor += 1
            let fractionStart = cursor
            while cursor < bytes.count, isDigit(bytes[cursor]) { cursor += 1 }
            return cursor > fractionStart
        }
        return true
    }

    private static func fixedNumber(_ bytes: [UInt8], _ cursor: inout Int, width: Int) -> Int? {
        guard cursor + width <= bytes.count, bytes[cursor..<cursor + width].allSatisfy(isDigit) else { return nil }
        let value = bytes[cursor..<cursor + width].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        cursor += width
        return value
    }

    private static func expect(_ bytes: [UInt8], _ cursor: inout Int, _ character: Unicode.Scalar) -> Bool {
        guard cursor < bytes.count, bytes[cursor] == UInt8(character.value) else { return false }
        cursor += 1
        return true
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
