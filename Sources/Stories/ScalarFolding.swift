import Foundation

/// How the tokenizer treats one non-ASCII scalar after NFKC, case folding and diacritic folding.
enum ScalarClass: Sendable {
    /// Not part of a word (punctuation, symbols, spaces).
    case separator
    /// A combining mark: dropped, the word goes on (diacritics left over after folding).
    case mark
    /// Letters or digits to append to the current word, already folded to lower-case ASCII-like bytes;
    /// `upper` when the scalar was an upper-case letter (a capitalized word may be a name).
    case word([UInt8], upper: Bool)
    /// A character of a script written without spaces (Han, kana, Hangul, Thai...): indexed as bigrams.
    case spaceless(UInt32)

    /// Folds `value` the slow, exact way; the tokenizer caches the answer per scalar.
    static func classify(_ value: UInt32) -> ScalarClass {
        guard let scalar = Unicode.Scalar(value) else { return .separator }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return isSpaceless(value) ? .spaceless(value) : .mark
        default: break
        }
        let compatible = String(scalar).precomposedStringWithCompatibilityMapping
        if let first = compatible.unicodeScalars.first, compatible.unicodeScalars.count == 1, isSpaceless(first.value) {
            return .spaceless(first.value)
        }
        let folded = compatible.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        var bytes: [UInt8] = []
        for piece in folded.unicodeScalars where piece.properties.isAlphabetic || piece.properties.numericType != nil {
            bytes.append(contentsOf: String(piece).lowercased().utf8)
        }
        return bytes.isEmpty ? .separator : .word(bytes, upper: scalar.properties.isUppercase)
    }

    /// Scripts that do not separate words with spaces, plus Hangul (bigrams work better than its spacing units).
    static func isSpaceless(_ v: UInt32) -> Bool {
        switch v {
        case 0x0E00...0x0EFF,            // Thai, Lao
             0x1000...0x109F,            // Myanmar
             0x1100...0x11FF,            // Hangul Jamo
             0x1780...0x17FF,            // Khmer
             0x3040...0x30FF,            // Hiragana, Katakana
             0x3130...0x318F,            // Hangul compatibility Jamo
             0x31F0...0x31FF,            // Katakana extensions
             0x3400...0x4DBF,            // Han extension A
             0x4E00...0x9FFF,            // Han
             0xAC00...0xD7AF,            // Hangul syllables
             0xF900...0xFAFF,            // Han compatibility
             0x20000...0x2FA1F:          // Han extensions B...
            return true
        default:
            return false
        }
    }
}
