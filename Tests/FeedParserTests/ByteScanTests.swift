import Testing
import TestSupport
@testable import FeedParser


/// `isWellFormedUTF8` must agree with the standard library's validation, or `String(utf8Bytes:)` would make
/// Strings of ill-formed bytes.
@Test func wellFormedUTF8AgreesWithTheStandardLibrary() {
    func check(_ bytes: [UInt8]) {
        let ours = bytes.withUnsafeBufferPointer { isWellFormedUTF8($0) }
        let standard = (try? UTF8Span(validating: bytes.span)) != nil
        #expect(ours == standard, "\(bytes.map { String($0, radix: 16) })")
    }
    // Every scalar, alone and after seven ASCII bytes (so it straddles the eight-byte ASCII skip).
    for value in stride(from: 0, through: 0x10FFFF, by: 7) {
        guard let scalar = Unicode.Scalar(value) else { continue }
        let encoded = Array(String(Character(scalar)).utf8)
        check(encoded)
        check(Array("abcdefg".utf8) + encoded)
    }
    // Boundary lead and continuation bytes, truncated sequences, surrogates, overlong forms, above U+10FFFF.
    let leads: [UInt8] = [0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]
    let tails: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0]
    for lead in leads {
        check([lead])
        for a in tails {
            check([lead, a])
            for b in tails { check([lead, a, b]); check([lead, a, b, 0x80]); check(Array("12345678".utf8) + [lead, a, b]) }
        }
    }
    // Random bytes, biased towards sequences that are nearly well-formed.
    var random = SeededGenerator(seed: 0x9E37_79B9_7F4A_7C15)
    func next() -> UInt8 { UInt8(truncatingIfNeeded: random.next()) }
    for _ in 0..<20_000 {
        let length = Int(next() % 14)
        check((0..<length).map { _ in
            let b = next()
            return b & 1 == 0 ? b & 0x7F : (b & 2 == 0 ? 0x80 | (b & 0x3F) : b)
        })
    }
}

@Test func stringFromUTF8BytesRepairsIllFormedInput() {
    let bytes: [UInt8] = Array("caf".utf8) + [0xC3] + Array(" au lait \u{A0}".utf8)
    #expect(String(utf8Bytes: bytes[...]) == String(decoding: bytes, as: UTF8.self))
    #expect(String(utf8Bytes: Array("na\u{EF}ve \u{1F600}".utf8)[...]) == "na\u{EF}ve \u{1F600}")
}

/// `nextByte(in:from:stoppingAt:)` scans sixteen bytes at a time: it must find what a byte-by-byte scan finds,
/// wherever the hit falls in a block, for every stop set the parser uses.
@Test func vectorByteScanAgreesWithAByteByByteScan() {
    let sets: [ByteStops] = [.markup, .closeOrControl, .tagDelimiters, .textDelimiters, .markupStarts]
    let alphabet: [UInt8] = [0x61, 0x20, 0x26, 0x3C, 0x3E, 0x22, 0x27, 0x09, 0x0A, 0x0D, 0x01, 0x1F, 0x7F, 0x80, 0xC2, 0xE0]
    var random = SeededGenerator(seed: 0x2545_F491_4F6C_DD1D)
    func next() -> Int { Int(truncatingIfNeeded: random.next() & 0x7FFF_FFFF) }
    for _ in 0..<3_000 {
        // Mostly plain bytes with a few special ones, so hits land at every offset of a 16-byte block.
        let bytes = (0..<(next() % 70)).map { _ in next() % 6 == 0 ? alphabet[next() % alphabet.count] : UInt8(0x61 + next() % 26) }
        bytes.withUnsafeBufferPointer { p in
            for stops in sets {
                let from = p.isEmpty ? 0 : next() % p.count
                let expected = (from..<p.count).first { stops.contains(p[$0]) } ?? p.count
                #expect(nextByte(in: p, from: from, stoppingAt: stops) == expected)
            }
        }
    }
}

/// `collapseWhitespace` copies sixteen bytes at a time between runs of whitespace: it must give what collapsing
/// byte by byte gives (runs of space, tab, LF, CR, FF and U+00A0 become one space; none at either end).
@Test func vectorWhitespaceCollapsingAgreesWithByteByByte() {
    func reference(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = [], pending = false, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains(b) { pending = true; i += 1; continue }
            if b == 0xC2 && i + 1 < bytes.count && bytes[i + 1] == 0xA0 { pending = true; i += 2; continue }
            if pending && !out.isEmpty { out.append(0x20) }
            pending = false
            out.append(b); i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
    let alphabet: [UInt8] = [0x20, 0x20, 0x0A, 0x09, 0x0D, 0x0C, 0xC2, 0xA0, 0xA9, 0x01, 0x1F, 0x41]
    var random = SeededGenerator(seed: 0x9E37_79B9_7F4A_7C15)
    func next() -> Int { Int(truncatingIfNeeded: random.next() & 0x7FFF_FFFF) }
    for _ in 0..<5_000 {
        let bytes = (0..<(next() % 90)).map { _ in next() % 3 == 0 ? alphabet[next() % alphabet.count] : UInt8(0x61 + next() % 26) }
        #expect(collapseWhitespace(bytes[...]) == reference(bytes), "\(bytes)")
    }
}
