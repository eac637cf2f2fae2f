import Foundation

/// The one normalization every part of newswatch uses to compare words: Unicode compatibility
/// decomposition, diacritics removed, lower case; words are runs of letters, digits, and `_`, and
/// every character of a script written without spaces (Han, kana, Hangul, Thai...) is a word of
/// its own, so a word sequence of such characters matches as a substring.
public enum TextNormalizer {
    /// The folded words of `text` joined by single spaces: `"Ürümqi’s CAFÉ, 新疆"` → `"urumqi s cafe 新 疆"`.
    public static func fold(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        forEachToken(in: text) { folded, _, _ in
            if !out.isEmpty { out.append(0x20) }
            out.append(contentsOf: folded)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The folded words of `text`, in order (see `fold(_:)`).
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        forEachToken(in: text) { folded, _, _ in words.append(String(decoding: folded, as: UTF8.self)) }
        return words
    }

    /// A word of `text`: its folded bytes, the UTF-8 offsets it spans in `text`, and whether it is a
    /// character of a script without spaces.
    typealias TokenVisitor = (_ folded: UnsafeBufferPointer<UInt8>, _ utf8Range: Range<Int>, _ spaceless: Bool) -> Void

    /// Calls `visit` for every word of `text`, in order.
    static func forEachToken(in text: String, _ visit: TokenVisitor) {
        var text = text
        text.withUTF8 { utf8 in
            var tokenizer = FoldingTokenizer(utf8)
            var folded: [UInt8] = []
            while let token = tokenizer.next(into: &folded) {
                folded.withUnsafeBufferPointer { visit($0, token.range, token.spaceless) }
            }
        }
    }
}
