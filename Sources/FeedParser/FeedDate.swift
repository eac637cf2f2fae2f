import Foundation

/// Parses the date formats found in feeds: RFC 822 and its wild variants, RFC 3339 / W3CDTF (partial dates
/// included), ISO 8601 short forms and asctime. Anything else is `nil`.
enum FeedDate {
    static func parse(_ string: String) -> Date? { Array(string.utf8).withUnsafeBufferPointer { parse(bytes: $0) } }

    /// Parses UTF-8 bytes (surrounding whitespace ignored).
    static func parse(bytes raw: UnsafeBufferPointer<UInt8>) -> Date? {
        var start = raw.startIndex, end = raw.endIndex
        while start < end, isSpace(raw[start]) { start += 1 }
        while end > start, isSpace(raw[end - 1]) { end -= 1 }
        guard end > start, end - start < 100 else { return nil }
        let bytes = UnsafeBufferPointer(rebasing: raw[start..<end])
        if let first = bytes.first, first >= 0x30 && first <= 0x39, let d = parseISO(bytes) { return d }
        if let d = parseRFC822(bytes) { return d }
        return parseWords(bytes)
    }

    // MARK: ISO 8601 / RFC 3339 / W3CDTF

    /// A read position in a date's bytes (a struct, not captured locals: no runtime exclusivity checks per digit).
    private struct Cursor {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0

        /// The number written with exactly `count` digits at the position, which it then passes.
        mutating func digits(_ count: Int) -> Int? {
            guard i + count <= b.count else { return nil }
            var v = 0
            for k in 0..<count {
                let c = b[i + k]
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += count
            return v
        }

        func peek(_ c: UInt8) -> Bool { i < b.count && b[i] == c }
    }

    private static func parseISO(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        var cur = Cursor(b: b)
        guard let year = cur.digits(4) else { return nil }
        var month = 1, day = 1, hour = 0, minute = 0, second = 0.0
        var offset = 0
        if cur.i == b.count { return civil(year, 1, 1, 0, 0, 0, 0) }
        if cur.peek(0x2D) {  // '-'
            cur.i += 1
            let save = cur.i
            if let doy = cur.digits(3), cur.i == b.count {  // ordinal date YYYY-DDD
                guard doy >= 1 && doy <= 366, let start = civil(year, 1, 1, 0, 0, 0, 0) else { return nil }
                return start.addingTimeInterval(Double(doy - 1) * 86400)
            }
            cur.i = save
            guard let m = cur.digits(2) ?? cur.digits(1) else { return nil }
            month = m
            if cur.peek(0x2D) {
                cur.i += 1
                guard let d = cur.digits(2) ?? cur.digits(1) else { return nil }
                day = d
            }
        } else if let m = cur.digits(2) {  // compact YYYYMMDD
            month = m
            guard let d = cur.digits(2) else { return nil }
            day = d
        }
        if cur.i < b.count && (b[cur.i] == 0x54 || b[cur.i] == 0x74 || b[cur.i] == 0x20) {  // 'T' or space
            cur.i += 1
            guard let h = cur.digits(2) else { return nil }
            hour = h
            if cur.peek(0x3A) { cur.i += 1 }
            if let mi = cur.digits(2) { minute = mi } else { return nil }
            if cur.peek(0x3A) { cur.i += 1 }
            if let s = cur.digits(2) {
                second = Double(s)
                if cur.peek(0x2E) || cur.peek(0x2C) {
                    cur.i += 1
                    var scale = 0.1
                    while cur.i < b.count, b[cur.i] >= 0x30 && b[cur.i] <= 0x39 { second += Double(b[cur.i] - 0x30) * scale; scale /= 10; cur.i += 1 }
                }
            }
            while cur.peek(0x20) { cur.i += 1 }
            if cur.i < b.count {
                let c = b[cur.i]
                if c == 0x5A || c == 0x7A { cur.i += 1 }
                else if c == 0x2B || c == 0x2D {
                    cur.i += 1
                    guard let oh = cur.digits(2) else { return nil }
                    if cur.peek(0x3A) { cur.i += 1 }
                    let om = cur.digits(2) ?? 0
                    offset = (oh * 60 + om) * (c == 0x2D ? -60 : 60)
                } else {
                    let rest = String(decoding: b[cur.i...], as: UTF8.self).lowercased()
                    guard let z = zoneOffsetMinutes(rest) else { return nil }
                    offset = z * 60; cur.i = b.count
                }
            }
        }
        guard cur.i == b.count else { return nil }
        return civil(year, month, day, hour, minute, second, offset)
    }

    // MARK: RFC 822, RFC 850, asctime and friends

    private static let monthKeys: [UInt32: Int] = {
        var t: [UInt32: Int] = [:]
        for (name, m) in monthNames { let u = Array(name.utf8); t[UInt32(u[0]) << 16 | UInt32(u[1]) << 8 | UInt32(u[2])] = m }
        return t
    }()

    /// The common shape `[Day,] DD Mon YYYY HH:MM[:SS] [zone]`, read without building strings.
    private static func parseRFC822(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        let n = b.count
        var i = 0
        @inline(__always) func letter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        @inline(__always) func digit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        func number(maxDigits: Int) -> (Int, Int)? {
            var v = 0, k = 0
            while i < n, k < maxDigits, digit(b[i]) { v = v * 10 + Int(b[i] - 0x30); i += 1; k += 1 }
            return k == 0 ? nil : (v, k)
        }
        func skipSpaces() { while i < n, b[i] == 0x20 || b[i] == 0x09 { i += 1 } }
        if i < n, letter(b[i]) {  // weekday
            while i < n, letter(b[i]) { i += 1 }
            if i < n, b[i] == 0x2C { i += 1 }
            skipSpaces()
        }
        guard let (day, _) = number(maxDigits: 2) else { return nil }
        guard i < n, b[i] == 0x20 || b[i] == 0x2D else { return nil }
        i += 1; skipSpaces()
        guard i + 3 <= n, letter(b[i]), letter(b[i + 1]), letter(b[i + 2]) else { return nil }
        let key = UInt32(b[i] | 0x20) << 16 | UInt32(b[i + 1] | 0x20) << 8 | UInt32(b[i + 2] | 0x20)
        guard let month = monthKeys[key] else { return nil }
        i += 3
        while i < n, letter(b[i]) { i += 1 }
        guard i < n, b[i] == 0x20 || b[i] == 0x2D else { return nil }
        i += 1; skipSpaces()
        guard let (rawYear, yearDigits) = number(maxDigits: 4), yearDigits == 2 || yearDigits == 4 else { return nil }
        let year = yearDigits == 2 ? rawYear + (rawYear < 90 ? 2000 : 1900) : rawYear
        skipSpaces()
        var hour = 0, minute = 0, second = 0
        if i < n {
            guard let (h, _) = number(maxDigits: 2), i < n, b[i] == 0x3A else { return nil }
            i += 1
            guard let (m, md) = number(maxDigits: 2), md == 2 else { return nil }
            hour = h; minute = m
            if i < n, b[i] == 0x3A {
                i += 1
                guard let (sec, _) = number(maxDigits: 2) else { return nil }
                second = sec
            }
            skipSpaces()
        }
        var offset = 0
        if i < n {
            let c = b[i]
            if c == 0x2B || c == 0x2D {
                i += 1
                guard let (hh, _) = number(maxDigits: 2) else { return nil }
                if i < n, b[i] == 0x3A { i += 1 }
                let mm = number(maxDigits: 2)?.0 ?? 0
                offset = (c == 0x2D ? -1 : 1) * (hh * 60 + mm)
            } else if letter(c) {
                let start = i
                while i < n, letter(b[i]) || b[i] == 0x2F { i += 1 }
                guard i == n, let z = zoneOffsetMinutes(UnsafeBufferPointer(rebasing: b[start..<i])) else { return nil }
                offset = z
            } else { return nil }
            skipSpaces()
            guard i == n else { return nil }
        }
        return civil(year, month, day, hour, minute, Double(second), offset * 60)
    }

    private static let monthNames: [String: Int] = [
        "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    ]
    private static let dayNames: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let zoneHours: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 60, "cet": 60, "met": 60, "cest": 120, "mest": 120, "eet": 120,
        "eest": 180, "msk": 180, "ist": 330, "jst": 540, "kst": 540, "hkt": 480, "sgt": 480, "aest": 600, "aedt": 660,
        "acst": 570, "awst": 480, "nzst": 720, "nzdt": 780,
        "adt": -180, "ast": -240, "at": -240, "edt": -240, "est": -300, "et": -300, "cdt": -300, "cst": -360, "ct": -360,
        "mdt": -360, "mst": -420, "mt": -420, "pdt": -420, "pst": -480, "pt": -480, "akst": -540, "akdt": -480, "hst": -600,
    ]

    /// `zoneHours` by packed lowercased name (all its names have at most four letters): zones are looked up from
    /// their bytes, without building a String.
    private static let zoneMinutesByKey: [UInt32: Int] = {
        var table: [UInt32: Int] = [:]
        for (name, minutes) in zoneHours {
            precondition(name.utf8.count <= 4, "zone names are packed into four bytes")
            table[name.utf8.reduce(0) { $0 << 8 | UInt32($1) }] = minutes
        }
        return table
    }()

    /// Minutes east of UTC for a zone name (named or single-letter military zone).
    static func zoneOffsetMinutes(_ name: String) -> Int? {
        var name = name
        return name.withUTF8 { zoneOffsetMinutes($0) }
    }

    /// Minutes east of UTC for a zone name read from its bytes (ASCII letters, any case; an "etc/" prefix is
    /// ignored): a zone of `zoneHours`, or a single-letter military zone.
    static func zoneOffsetMinutes(_ name: UnsafeBufferPointer<UInt8>) -> Int? {
        var start = 0
        if name.count >= 4, name[0] | 0x20 == 0x65, name[1] | 0x20 == 0x74, name[2] | 0x20 == 0x63, name[3] == 0x2F { start = 4 }  // "etc/"
        guard name.count - start >= 1, name.count - start <= 4 else { return nil }
        var key: UInt32 = 0
        for k in start..<name.count {
            let c = name[k] | 0x20
            guard c >= 0x61 && c <= 0x7A else { return nil }
            key = key << 8 | UInt32(c)
        }
        if let minutes = zoneMinutesByKey[key] { return minutes }
        guard name.count - start == 1 else { return nil }
        switch key {
        case 0x61...0x69: return -Int(key - 0x60) * 60          // A-I: -1..-9
        case 0x6B...0x6D: return -Int(key - 0x61) * 60          // K-M: -10..-12
        case 0x6E...0x79: return Int(key - 0x6D) * 60           // N-Y: +1..+12
        case 0x7A: return 0                                     // Z
        default: return nil                                     // J is no zone
        }
    }

    private static func parseWords(_ b: UnsafeBufferPointer<UInt8>) -> Date? {
        let text = String(decoding: b, as: UTF8.self).lowercased()
        // Tokens: runs of letters, of digits (with ':' inside times), and signed zone offsets.
        var tokens: [String] = []
        var current = ""
        var kind = 0  // 1 letters, 2 digits/time
        for ch in text.unicodeScalars {
            let isLetter = (ch.value >= 0x61 && ch.value <= 0x7A) || ch == "/"
            let isDigit = ch.value >= 0x30 && ch.value <= 0x39
            if isLetter {
                if kind != 1 { if !current.isEmpty { tokens.append(current) }; current = ""; kind = 1 }
                current.unicodeScalars.append(ch)
            } else if isDigit || (ch == ":" && kind == 2) || (ch == "." && kind == 2 && current.contains(":")) {
                if kind != 2 { if !current.isEmpty && current != "+" && current != "-" { tokens.append(current); current = "" }; kind = 2 }
                current.unicodeScalars.append(ch)
            } else if ch == "+" || ch == "-" {
                if !current.isEmpty { tokens.append(current) }
                current = String(ch); kind = 3
            } else {
                if !current.isEmpty && current != "+" && current != "-" { tokens.append(current) }
                current = ""; kind = 0
            }
        }
        if !current.isEmpty && current != "+" && current != "-" { tokens.append(current) }
        // Re-attach signs: "+", "0100" were merged above as "+0100".
        var year: Int?, month: Int?, day: Int?, hour = 0, minute = 0, second = 0.0
        var offset: Int? = nil
        var sawTime = false
        var pm: Bool?
        var numbers: [(value: Int, length: Int)] = []
        for tok in tokens {
            if tok.contains(":") && !(tok.hasPrefix("+") || tok.hasPrefix("-")) {
                let parts = tok.split(separator: ":")
                guard parts.count >= 2, let h = Int(parts[0]), let m = Int(parts[1].prefix(2)) else { return nil }
                hour = h; minute = m
                if parts.count > 2 { second = Double(parts[2]) ?? 0 }
                sawTime = true
                continue
            }
            if let first = tok.unicodeScalars.first, first == "+" || first == "-" {
                let digitsOnly = tok.dropFirst().filter { $0 != ":" }
                guard let v = Int(digitsOnly) else { continue }
                if !sawTime && (year == nil || day == nil) && digitsOnly.count <= 4 && month != nil {  // 06-Nov-94
                    numbers.append((v, digitsOnly.count)); continue
                }
                let sign = first == "-" ? -1 : 1
                if !sawTime && year != nil && digitsOnly.count <= 2 && offset == nil { offset = sign * v * 60; continue }
                let (hh, mm) = digitsOnly.count <= 2 ? (v, 0) : (v / 100, v % 100)
                offset = sign * (hh * 60 + mm)
                continue
            }
            if let v = Int(tok) {
                numbers.append((v, tok.count))
                continue
            }
            if tok == "am" { pm = false; continue }
            if tok == "pm" { pm = true; continue }
            if let m = monthNames[String(tok.prefix(3))], month == nil, tok.count >= 3 { month = m; continue }
            if dayNames.contains(String(tok.prefix(3))) { continue }
            if tok == "gmt" || tok == "utc" || tok == "ut" { offset = offset ?? 0; continue }
            if let z = zoneOffsetMinutes(tok) { if offset == nil { offset = z }; continue }
            if tok == "th" || tok == "st" || tok == "nd" || tok == "rd" || tok == "of" || tok == "at" { continue }
            // An unknown word: feeds use local zone names; ignore only after the time.
            if sawTime { continue }
            return nil
        }
        guard let m = month else { return nil }
        month = m
        for n in numbers {
            if n.length >= 3 || (day != nil && year == nil) || n.value > 31 {
                if year == nil { year = n.length <= 2 ? n.value + (n.value < 90 ? 2000 : 1900) : n.value; continue }
            }
            if day == nil && n.value >= 1 && n.value <= 31 && n.length <= 2 { day = n.value; continue }
            if year == nil { year = n.length <= 2 ? n.value + (n.value < 90 ? 2000 : 1900) : n.value; continue }
        }
        guard let y = year, let d = day else { return nil }
        if let isPM = pm {
            if isPM && hour < 12 { hour += 12 }
            if !isPM && hour == 12 { hour = 0 }
        }
        return civil(y, m, d, hour, minute, second, (offset ?? 0) * 60)
    }

    /// Seconds since 1970 for a proleptic Gregorian date and time at `offsetSeconds` east of UTC.
    static func civil(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Double,
                      _ offsetSeconds: Int) -> Date? {
        guard year >= 1 && year <= 9999, month >= 1 && month <= 12, day >= 1, hour >= 0 && hour <= 24,
              minute >= 0 && minute <= 59, second >= 0 && second < 62 else { return nil }
        let monthDays: Int
        switch month {
        case 2: monthDays = (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: monthDays = 30
        default: monthDays = 31
        }
        guard day <= monthDays else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        let seconds = Double(days * 86400 + hour * 3600 + minute * 60 - offsetSeconds) + second
        return Date(timeIntervalSince1970: seconds)
    }
}
