import Foundation

/// How a tokenizer treats one Unicode scalar.
public enum ScalarClass: UInt8, Sendable {
    /// Ends the current word and emits nothing (spaces, punctuation, symbols).
    case separator = 0
    /// Part of a word; emits its folded form.
    case word = 1
    /// A script written without spaces (Han, kana, Hangul, Thai...): each scalar is a token on its own.
    case spaceless = 2
    /// Emits nothing and does not end the word (diacritics, soft hyphen, joiners).
    case transparent = 3
}

/// The fold of every scalar: NFKD, diacritics removed, lower case, a few letters NFKD leaves alone
/// spelt out (ß → ss, ø → o, ł → l...), and whether it is an upper-case letter. Precomputed for the
/// ranges text actually uses; anything else is folded on the spot. The one folding of newswatch's
/// text: watch queries and matched text (Watches) and the words stories are compared by (Stories).
public final class ScalarFolding: @unchecked Sendable {
    // Immutable after init; raw storage so the tokenizers' inner loops pay no bounds or
    // exclusivity checks.
    /// Per table slot: class in the low 2 bits, folded UTF-8 length in the next 6, byte offset above.
    @usableFromInline let entries: UnsafeMutableBufferPointer<UInt32>
    @usableFromInline let bytes: UnsafeMutableBufferPointer<UInt8>
    /// Per table slot: 1 for an upper-case (or title-case) letter.
    @usableFromInline let upper: UnsafeMutableBufferPointer<UInt8>
    /// Lower-case byte for ASCII letters, digits and `_`; 0 for separators. Kept here rather than
    /// in a global so the tokenizer's loop reads it without a lazy-initialization check.
    public let asciiFold: UnsafeMutableBufferPointer<UInt8>

    public static let shared = ScalarFolding()

    @usableFromInline static let lowTableEnd: UInt32 = 0x3400
    @usableFromInline static let highTableStart: UInt32 = 0xF900

    private init() {
        var entries: [UInt32] = []
        var bytes: [UInt8] = []
        var upper: [UInt8] = []
        for value in Array(UInt32(0x80)..<Self.lowTableEnd) + Array(Self.highTableStart..<UInt32(0x10000)) {
            guard let scalar = Unicode.Scalar(value) else { entries.append(0); upper.append(0); continue }
            upper.append(Self.isUpperCase(scalar) ? 1 : 0)
            let (kind, folded) = Self.fold(scalar)
            let utf8 = Array(folded.utf8)
            precondition(utf8.count < 64 && bytes.count < (1 << 24))
            entries.append(UInt32(bytes.count) << 8 | UInt32(utf8.count) << 2 | UInt32(kind.rawValue))
            bytes.append(contentsOf: utf8)
        }
        self.asciiFold = .allocate(capacity: 128)
        for byte in 0..<128 {
            switch UInt8(byte) {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): asciiFold[byte] = UInt8(byte) + 32
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): asciiFold[byte] = UInt8(byte)
            default: asciiFold[byte] = 0
            }
        }
        self.entries = .allocate(capacity: entries.count)
        _ = self.entries.initialize(from: entries)
        self.bytes = .allocate(capacity: bytes.count)
        _ = self.bytes.initialize(from: bytes)
        self.upper = .allocate(capacity: upper.count)
        _ = self.upper.initialize(from: upper)
    }

    deinit {
        entries.deallocate()
        bytes.deallocate()
        upper.deallocate()
        asciiFold.deallocate()
    }

    @inlinable @inline(__always)
    func slot(of value: UInt32) -> Int? {
        if value >= 0x80 && value < Self.lowTableEnd { return Int(value - 0x80) }
        if value >= Self.highTableStart && value < 0x10000 { return Int(Self.lowTableEnd - 0x80 + value - Self.highTableStart) }
        return nil
    }

    /// The class of a non-ASCII scalar.
    @inlinable @inline(__always)
    public func scalarClass(of value: UInt32) -> ScalarClass {
        if let slot = slot(of: value) { return ScalarClass(rawValue: UInt8(entries[slot] & 3))! }
        if Self.isSpaceless(value) { return .spaceless }
        guard let scalar = Unicode.Scalar(value) else { return .separator }
        return Self.fold(scalar).0
    }

    /// Whether a non-ASCII scalar is an upper-case or title-case letter (a capitalized word may be a name).
    @inlinable @inline(__always)
    public func isUpperCase(_ value: UInt32) -> Bool {
        if let slot = slot(of: value) { return upper[slot] != 0 }
        return Unicode.Scalar(value).map(Self.isUpperCase) ?? false
    }

    @usableFromInline static func isUpperCase(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isUppercase || scalar.properties.generalCategory == .titlecaseLetter
    }

    /// Appends the folded UTF-8 of a non-ASCII scalar to `buffer`.
    @inlinable @inline(__always)
    public func appendFold(of value: UInt32, to buffer: inout [UInt8]) {
        if let slot = slot(of: value) {
            let entry = entries[slot]
            let start = Int(entry >> 8)
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<start + Int((entry >> 2) & 63)]))
        } else if let scalar = Unicode.Scalar(value) {
            buffer.append(contentsOf: (Self.isSpaceless(value) ? String(scalar) : Self.fold(scalar).1).utf8)
        }
    }

    /// Scripts whose words are not separated by spaces, matched as substrings.
    @usableFromInline static func isSpaceless(_ v: UInt32) -> Bool {
        switch v {
        case 0x0E00...0x0EFF,   // Thai, Lao
             0x1000...0x109F,   // Myanmar
             0x1100...0x11FF,   // Hangul Jamo
             0x1780...0x17FF,   // Khmer
             0x3005...0x3007,   // ideographic iteration and number marks
             0x3040...0x30FF,   // Hiragana, Katakana
             0x3100...0x318F,   // Bopomofo, Hangul compatibility Jamo
             0x31F0...0x31FF,   // Katakana phonetic extensions
             0x3400...0x4DBF,   // CJK extension A
             0x4E00...0x9FFF,   // CJK unified ideographs
             0xA000...0xA4CF,   // Yi
             0xAC00...0xD7AF,   // Hangul syllables
             0xF900...0xFAFF,   // CJK compatibility ideographs
             0xFF66...0xFFDC,   // half-width Katakana and Hangul
             0x20000...0x3FFFF: // CJK extensions B and later
            return true
        default:
            return false
        }
    }

    /// Combining marks that are diacritics of alphabetic scripts (not Indic or Thai vowel signs).
    static func isStrippedDiacritic(_ v: UInt32) -> Bool {
        switch v {
        case 0x0300...0x036F, 0x0483...0x0489, 0x0591...0x05C7, 0x0610...0x061A, 0x064B...0x065F, 0x0670,
             0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F:
            return true
        default:
            return false
        }
    }

    /// Letters that compatibility decomposition keeps whole but a reader treats as their base letters.
    private static let spelledOut: [Unicode.Scalar: String] = [
        "ß": "ss", "ẞ": "ss", "ı": "i", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
        "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
        "ħ": "h", "Ħ": "h", "ŧ": "t", "Ŧ": "t", "ŋ": "n", "Ŋ": "n", "ς": "σ", "ſ": "s",
    ]

    @usableFromInline static func fold(_ scalar: Unicode.Scalar) -> (ScalarClass, String) {
        let v = scalar.value
        if isStrippedDiacritic(v) { return (.transparent, "") }
        if isSpaceless(v) {
            return (.spaceless, String(scalar).precomposedStringWithCompatibilityMapping.lowercased())
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .format:
            return (v == 0x200B ? .separator : .transparent, "")
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation:
            break
        default:
            return (.separator, "")
        }
        if properties.generalCategory == .connectorPunctuation && v != 0x5F { return (.separator, "") }
        if let spelled = spelledOut[scalar] { return (.word, spelled) }
        var folded = ""
        for part in String(scalar).decomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            if isStrippedDiacritic(part.value) { continue }
            if let spelled = spelledOut[part] { folded += spelled; continue }
            let p = part.properties
            if p.isAlphabetic || p.numericType != nil || p.generalCategory == .spacingMark
                || p.generalCategory == .nonspacingMark || part == "_" {
                folded.unicodeScalars.append(part)
            }
        }
        return folded.isEmpty ? (.transparent, "") : (.word, folded)
    }
}
