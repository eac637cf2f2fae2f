import Foundation
import TextFolding

/// Walks UTF-8 text word by word, producing each word's folded bytes (see `TextNormalizer`).
/// A plain iterator rather than a callback, so the matcher's inner loop keeps its state in locals.
struct FoldingTokenizer {
    private let utf8: UnsafeBufferPointer<UInt8>
    private let folding: ScalarFolding
    private let asciiFold: UnsafeMutableBufferPointer<UInt8>
    private var index = 0

    init(_ utf8: UnsafeBufferPointer<UInt8>) {
        self.utf8 = utf8
        folding = ScalarFolding.shared
        asciiFold = folding.asciiFold
    }

    /// The next word: its folded bytes replace the contents of `folded`; returns its UTF-8 range in
    /// the text and whether it is one character of a script without spaces; nil at the end.
    @inline(__always)
    mutating func next(into folded: inout [UInt8]) -> (range: Range<Int>, spaceless: Bool)? {
        folded.removeAll(keepingCapacity: true)
        return next(appendingTo: &folded)
    }

    /// Like `next(into:)`, but appends the folded bytes to `folded`.
    @inline(__always)
    mutating func next(appendingTo folded: inout [UInt8]) -> (range: Range<Int>, spaceless: Bool)? {
        let before = folded.count
        let count = utf8.count
        var start = -1
        var end = 0
        var i = index
        while i < count {
            let byte = utf8[i]
            if byte < 0x80 {
                let lowered = asciiFold[Int(byte)]
                if lowered != 0 {
                    if start < 0 { start = i }
                    folded.append(lowered)
                    end = i + 1
                } else if start >= 0 {
                    index = i + 1
                    return (start..<end, false)
                }
                i += 1
                continue
            }
            let (value, length) = Self.decodeScalar(utf8, at: i)
            switch folding.scalarClass(of: value) {
            case .word:
                if start < 0 { start = i }
                folding.appendFold(of: value, to: &folded)
                end = i + length
            case .transparent:
                if start >= 0 { end = i + length }
            case .separator:
                if start >= 0 {
                    index = i + length
                    return (start..<end, false)
                }
            case .spaceless:
                if start >= 0 {
                    // Finish the word first; the character comes next time.
                    index = i
                    return (start..<end, false)
                }
                folding.appendFold(of: value, to: &folded)
                index = i + length
                if folded.count == before { i += length; continue }
                return (i..<(i + length), true)
            }
            i += length
        }
        index = count
        return start >= 0 ? (start..<end, false) : nil
    }

    /// Decodes the scalar starting at `i` (a lead byte >= 0x80); malformed input yields U+FFFD, one byte.
    @inline(__always)
    private static func decodeScalar(_ utf8: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let lead = UInt32(utf8[i])
        let count = utf8.count
        @inline(__always) func continuation(_ k: Int) -> UInt32? {
            guard i + k < count else { return nil }
            let b = utf8[i + k]
            return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
        }
        if lead & 0xE0 == 0xC0, let c1 = continuation(1) {
            return ((lead & 0x1F) << 6 | c1, 2)
        }
        if lead & 0xF0 == 0xE0, let c1 = continuation(1), let c2 = continuation(2) {
            return ((lead & 0x0F) << 12 | c1 << 6 | c2, 3)
        }
        if lead & 0xF8 == 0xF0, let c1 = continuation(1), let c2 = continuation(2), let c3 = continuation(3) {
            return ((lead & 0x07) << 18 | c1 << 12 | c2 << 6 | c3, 4)
        }
        return (0xFFFD, 1)
    }
}
