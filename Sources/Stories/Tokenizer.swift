import TextFolding

/// What the tokenizer read from one text.
struct Tokens {
    /// Term ids in reading order.
    var terms: [UInt32] = []
    /// Capitalized words that do not open a sentence: likely names of people, places, companies.
    var names: [UInt32] = []
    /// Numbers ("6.4", "1,000", "146"): figures that rewrites of one report keep.
    var numbers: [UInt32] = []
    /// Words of two or more letters, and how many of them were capitalized (to recognize Title Case).
    var words = 0
    var capitalizedWords = 0
}

/// Turns text into term ids: words folded (the shared `ScalarFolding`: compatibility forms, case, diacritics;
/// ASCII on a fast path), digit groupings joined ("1,000" = "1000"), single-letter words dropped, markup and entities
/// skipped, and scripts without spaces (Han, kana, Hangul, Thai) cut into overlapping character bigrams.
struct Tokenizer {
    private let folding = ScalarFolding.shared
    /// The folded bytes of the scalar at hand (kept to reuse its storage).
    private var folded: [UInt8] = []

    /// Term ids of `text`, at most `limit` of them; `dropFurniture` skips boilerplate sentences first.
    mutating func tokens(of text: String, limit: Int, dropFurniture: Bool, keepStopWords: Bool = false) -> Tokens {
        var text = text
        return text.withUTF8 { bytes in
            guard dropFurniture else { return tokens(in: bytes, 0..<bytes.count, limit: limit, keepStopWords: keepStopWords) }
            // `limit` terms never need more than a few dozen bytes each: a 100 KB body costs no more than its lead.
            let read = UnsafeBufferPointer(rebasing: bytes[0..<min(bytes.count, max(4_096, limit * 64))])
            var tokens = Tokens()
            var sentences = Boilerplate.contentSentences(read)
            while tokens.terms.count < limit, let sentence = sentences.next() {
                scan(read, sentence, limit: limit, keepStopWords: keepStopWords, into: &tokens)
            }
            return tokens
        }
    }

    /// Tokens of `range` within UTF-8 `bytes`, at most `limit` terms.
    mutating func tokens(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, limit: Int, keepStopWords: Bool = false) -> Tokens {
        var tokens = Tokens()
        scan(bytes, range, limit: limit, keepStopWords: keepStopWords, into: &tokens)
        return tokens
    }

    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, limit: Int, keepStopWords: Bool,
                               into tokens: inout Tokens) {
        let stopWords = keepStopWords ? TermTable<Int32>(capacity: 1) : StopWords.termIDs
        var word = TermHash()
        var wordBytes = 0
        var wordIsDigits = true
        var wordIsCapitalized = false
        var sentenceStart = true
        var previousSpaceless: UInt32 = 0
        var spacelessRun = 0

        func endWord() {
            if wordBytes >= 2 && tokens.terms.count < limit && (wordBytes > 7 || stopWords[word.termID] == 0) {
                tokens.terms.append(word.termID)
                if wordIsDigits {
                    tokens.numbers.append(word.termID)
                } else {
                    tokens.words += 1
                    if wordIsCapitalized {
                        tokens.capitalizedWords += 1
                        if !sentenceStart { tokens.names.append(word.termID) }
                    }
                }
            }
            if wordBytes > 0 { sentenceStart = false }
            word = TermHash(); wordBytes = 0; wordIsDigits = true; wordIsCapitalized = false
        }
        func startWord(capitalized: Bool) {
            if wordBytes == 0 { wordIsCapitalized = capitalized }
        }
        func endSpaceless() {
            if spacelessRun == 1 && tokens.terms.count < limit {
                var single = TermHash(); single.addByte(0x01); single.addWord(previousSpaceless)
                tokens.terms.append(single.termID)
            }
            spacelessRun = 0
        }

        var index = range.lowerBound
        let end = range.upperBound
        while index < end && tokens.terms.count < limit {
            let byte = bytes[index]
            if byte < 0x80 {
                let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
                if isLetter || (byte >= 0x30 && byte <= 0x39) {
                    if spacelessRun > 0 { endSpaceless() }
                    if isLetter { startWord(capitalized: byte <= 0x5A) }
                    // The rest of an ASCII run at once: most bytes of most texts are inside such runs.
                    repeat {
                        let next = bytes[index]
                        if (next | 0x20) >= 0x61 && (next | 0x20) <= 0x7A {
                            word.addByte(next | 0x20); wordIsDigits = false
                        } else if next >= 0x30 && next <= 0x39 {
                            word.addByte(next)
                        } else {
                            break
                        }
                        wordBytes += 1
                        index += 1
                    } while index < end
                    continue
                } else if (byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".")) && wordBytes > 0 && wordIsDigits
                            && index + 1 < end && bytes[index + 1] >= 0x30 && bytes[index + 1] <= 0x39 {
                    // inside a number: "1,000" and "1000" are the same term
                } else if byte == UInt8(ascii: "<"), index + 1 < end, Self.startsTag(bytes[index + 1]) {
                    endWord(); endSpaceless()
                    while index < end && bytes[index] != UInt8(ascii: ">") { index += 1 }
                } else if byte == UInt8(ascii: "&"), let entityEnd = Self.entityEnd(bytes, index, end) {
                    endWord(); endSpaceless()
                    index = entityEnd
                } else {
                    endWord(); endSpaceless()
                    if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: ":")
                        || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\"") {
                        sentenceStart = true
                    }
                }
                index += 1
                continue
            }
            let (value, length) = Self.decode(bytes, index, end)
            index += length
            switch folding.scalarClass(of: value) {
            case .separator:
                endWord(); endSpaceless()
            case .transparent:
                break
            case .word:
                if spacelessRun > 0 { endSpaceless() }
                startWord(capitalized: folding.isUpperCase(value))
                folded.removeAll(keepingCapacity: true)
                folding.appendFold(of: value, to: &folded)
                word.addBytes(folded); wordBytes += folded.count
                if folded.contains(where: { $0 < 0x30 || $0 > 0x39 }) { wordIsDigits = false }
            case .spaceless:
                endWord()
                folded.removeAll(keepingCapacity: true)
                folding.appendFold(of: value, to: &folded)
                var character = TermHash()
                character.addBytes(folded)
                if spacelessRun > 0 && tokens.terms.count < limit {
                    var pair = TermHash(); pair.addByte(0x02); pair.addWord(previousSpaceless); pair.addWord(character.termID)
                    tokens.terms.append(pair.termID)
                }
                previousSpaceless = character.termID
                spacelessRun += 1
            }
        }
        endWord(); endSpaceless()
    }

    private static func startsTag(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "!")
    }

    /// The index of the ";" closing an HTML entity that starts at `start`, if one does within 10 bytes.
    private static func entityEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var index = start + 1
        while index < end && index - start <= 10 {
            let byte = bytes[index]
            if byte == UInt8(ascii: ";") { return index > start + 1 ? index : nil }
            let isNameByte = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "#")
            if !isNameByte { return nil }
            index += 1
        }
        return nil
    }

    /// Decodes the UTF-8 sequence at `index` (Swift strings are valid UTF-8; a truncated tail reads as a separator).
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ end: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[index])
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        guard length > 1, index + length <= end else { return (0x20, 1) }
        var value = lead & (0x7F >> UInt32(length))
        for offset in 1..<length { value = (value << 6) | (UInt32(bytes[index + offset]) & 0x3F) }
        return (value, length)
    }
}
