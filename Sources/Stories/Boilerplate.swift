/// Finds the parts of an item's text worth reading: drops the outlet's furniture (bylines, "Read more",
/// "The post ... appeared first on ...", "Additional reporting by ...", source and photo lines) and the
/// dateline before the first dash ("PARIS (Outlet) — ..."), sentence by sentence. Works on UTF-8 bytes.
enum Boilerplate {
    /// Sentence openings (lower-case ASCII) that mark a sentence as furniture.
    private static let openings: [[UInt8]] = [
        "read more", "continue reading", "additional reporting by", "reporting by", "reporting from", "editing by",
        "writing by", "compiled by", "source:", "sources:", "photo:", "photo credit", "photograph:", "image:",
        "image credit", "copyright", "all rights reserved", "click here", "subscribe", "sign up", "follow us",
        "share this", "related:", "see also:", "advertisement", "(c) ", "\u{00A9}",
    ].map { Array($0.utf8) }
    private static let postOpening = Array("the post ".utf8)
    private static let postMarker = Array(" appeared first on".utf8)
    private static let byOpening = Array("by ".utf8)

    /// The sentences of `text` that carry content, in order, found as they are asked for (a reader that
    /// has read enough stops early and the rest of a long text is never looked at).
    static func contentSentences(_ text: UnsafeBufferPointer<UInt8>) -> ContentSentences {
        ContentSentences(text: text, start: datelineEnd(text))
    }

    /// Iterates over the byte ranges of the sentences of a text that are not furniture.
    struct ContentSentences: IteratorProtocol {
        fileprivate let text: UnsafeBufferPointer<UInt8>
        fileprivate var start: Int
        private var index: Int

        fileprivate init(text: UnsafeBufferPointer<UInt8>, start: Int) {
            self.text = text; self.start = start; index = start
        }

        mutating func next() -> Range<Int>? {
            let count = text.count
            let period = SIMD16<UInt8>(repeating: UInt8(ascii: ".")), exclamation = SIMD16<UInt8>(repeating: UInt8(ascii: "!"))
            let question = SIMD16<UInt8>(repeating: UInt8(ascii: "?")), newline = SIMD16<UInt8>(repeating: UInt8(ascii: "\n"))
            while index < count {
                // Sixteen bytes at a time up to the next byte that may end a sentence (never past the last byte,
                // which ends the text's last sentence).
                if index + 16 < count {
                    let chunk = UnsafeRawPointer(text.baseAddress! + index).loadUnaligned(as: SIMD16<UInt8>.self)
                    let stops = (chunk .== period) .| (chunk .== exclamation) .| (chunk .== question) .| (chunk .== newline)
                    guard any(stops) else { index += 16; continue }
                    var lane = 0
                    while !stops[lane] { lane += 1 }
                    index += lane
                }
                let byte = text[index]
                let endsSentence = (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?"))
                    && (index + 1 == count || text[index + 1] == UInt8(ascii: " ") || text[index + 1] == UInt8(ascii: "\n"))
                index += 1
                if endsSentence || byte == UInt8(ascii: "\n") || index == count {
                    let sentence = start..<index
                    start = index
                    if !Boilerplate.isFurniture(text, sentence) { return sentence }
                }
            }
            return nil
        }
    }

    /// Where the text starts after a leading "CITY (Outlet) — " dateline, or 0.
    private static func datelineEnd(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        let limit = min(text.count, 100)
        guard let close = (0..<limit).first(where: { text[$0] == UInt8(ascii: ")") }),
              (0..<close).contains(where: { text[$0] == UInt8(ascii: "(") }) else { return 0 }
        var index = close + 1
        while index < text.count, text[index] == UInt8(ascii: " ") { index += 1 }
        if index < text.count, text[index] == UInt8(ascii: "-") { return index + 1 }
        // em dash U+2014 and en dash U+2013
        if index + 2 < text.count, text[index] == 0xE2, text[index + 1] == 0x80, text[index + 2] == 0x94 || text[index + 2] == 0x93 {
            return index + 3
        }
        return 0
    }

    fileprivate static func isFurniture(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var start = range.lowerBound
        // Skip leading spaces, brackets, tags and quotes.
        while start < range.upperBound {
            let byte = text[start]
            if byte == UInt8(ascii: "<") {
                while start < range.upperBound, text[start] != UInt8(ascii: ">") { start += 1 }
                start += 1
            } else if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "\"")
                        || byte == UInt8(ascii: "|") || byte == UInt8(ascii: "-") {
                start += 1
            } else {
                break
            }
        }
        let body = start..<range.upperBound
        guard body.lowerBound < body.upperBound, mayOpenFurniture(text[body.lowerBound]) else { return false }
        if hasOpening(text, body, postOpening) { return contains(text, body, postMarker) }
        if hasOpening(text, body, byOpening) { return words(text, body) <= 6 }
        return openings.contains { hasOpening(text, body, $0) }
    }

    /// First bytes of the openings (either case), so most sentences are ruled out by one comparison.
    private static let openingBytes: Set<UInt8> = Set((openings + [postOpening, byOpening]).compactMap(\.first)
        .flatMap { $0 >= 0x61 && $0 <= 0x7A ? [$0, $0 - 0x20] : [$0] })

    private static func mayOpenFurniture(_ byte: UInt8) -> Bool { openingBytes.contains(byte) }

    private static func hasOpening(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ opening: [UInt8]) -> Bool {
        guard range.count >= opening.count else { return false }
        for (offset, expected) in opening.enumerated() {
            var byte = text[range.lowerBound + offset]
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            if byte != expected { return false }
        }
        return true
    }

    private static func contains(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ marker: [UInt8]) -> Bool {
        guard range.count >= marker.count else { return false }
        return (range.lowerBound...(range.upperBound - marker.count)).contains { at in
            hasOpening(text, at..<range.upperBound, marker)
        }
    }

    private static func words(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        range.reduce(1) { count, index in text[index] == UInt8(ascii: " ") ? count + 1 : count }
    }
}
