import Foundation
import Model

/// Cuts a window of at most `maxLength` characters out of a text, around its highlighted words,
/// starting and ending on word boundaries, with "…" where text was left out and runs of white
/// space shown as one space.
struct SnippetBuilder {
    let text: String
    /// UTF-8 ranges of the text's words, in order.
    let words: [Range<Int>]
    /// Indices into `words` to highlight, ascending.
    let highlighted: [Int]

    static let ellipsis = "…"

    func snippet(maxLength: Int) -> HighlightedText {
        let utf8 = Array(text.utf8)
        guard !words.isEmpty else { return HighlightedText(plain: String(collapsingSpaces(text).prefix(maxLength))) }
        let (first, last) = window(maxLength: maxLength, utf8: utf8)
        var segments: [HighlightedText.Segment] = []
        func add(_ piece: String, _ isHighlighted: Bool) {
            guard !piece.isEmpty else { return }
            if let previous = segments.last, previous.highlighted == isHighlighted {
                segments[segments.count - 1].text += piece
            } else {
                segments.append(HighlightedText.Segment(text: piece, highlighted: isHighlighted))
            }
        }
        func string(_ range: Range<Int>) -> String { String(decoding: utf8[range], as: UTF8.self) }

        let marked = Set(highlighted)
        let start = first == 0 ? 0 : words[first].lowerBound
        let end = last == words.count - 1 ? utf8.count : words[last].upperBound
        if start > 0 { add(Self.ellipsis, false) }
        var cursor = start
        for word in first...last where marked.contains(word) {
            add(collapsingSpaces(string(cursor..<words[word].lowerBound)), false)
            add(string(words[word]), true)
            cursor = words[word].upperBound
        }
        add(collapsingSpaces(string(cursor..<end)), false)
        if end < utf8.count { add(Self.ellipsis, false) }
        if let firstSegment = segments.first, !firstSegment.highlighted {
            segments[0].text = String(firstSegment.text.drop(while: \.isWhitespace))
        }
        if let lastSegment = segments.last, !lastSegment.highlighted {
            segments[segments.count - 1].text = String(lastSegment.text.reversed().drop(while: \.isWhitespace).reversed())
        }
        return HighlightedText(segments: segments.filter { !$0.text.isEmpty })
    }

    /// The first and last word of the window: it starts a little before the first highlighted word
    /// and takes as many words as fit.
    private func window(maxLength: Int, utf8: [UInt8]) -> (Int, Int) {
        func characters(_ range: Range<Int>) -> Int { collapsingSpaces(String(decoding: utf8[range], as: UTF8.self)).count }
        if characters(0..<utf8.count) <= maxLength { return (0, words.count - 1) }
        let budget = maxLength - 2 * Self.ellipsis.count
        let anchor = highlighted.first ?? 0
        var first = anchor
        // Up to a quarter of the window as lead-in before the first highlighted word.
        while first > 0 && characters(words[first - 1].lowerBound..<words[anchor].upperBound) <= budget / 4 { first -= 1 }
        var last = anchor
        while last + 1 < words.count && characters(words[first].lowerBound..<words[last + 1].upperBound) <= budget { last += 1 }
        // Near the end of the text, use the room left over for more lead-in.
        while first > 0 && characters(words[first - 1].lowerBound..<words[last].upperBound) <= budget { first -= 1 }
        return (first, last)
    }

    private func collapsingSpaces(_ text: String) -> String {
        var out = ""
        var lastWasSpace = false
        for c in text {
            if c.isWhitespace {
                if !lastWasSpace { out.append(" ") }
                lastWasSpace = true
            } else {
                out.append(c)
                lastWasSpace = false
            }
        }
        return out
    }
}
