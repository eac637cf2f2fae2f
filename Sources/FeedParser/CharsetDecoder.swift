import Glibc

/// The character encodings the decoder handles itself; everything else goes through iconv.
enum SourceCharset: Equatable {
    case utf8, latin1, windows1252, utf16LE, utf16BE, other(String)

    /// Normalises an IANA charset label; `nil` for an empty label.
    init?(label: String) {
        let name = label.trimmingASCIIWhitespaceAndQuotes().lowercased()
        switch name {
        case "": return nil
        case "utf-8", "utf8", "unicode-1-1-utf-8", "us-ascii", "ascii", "ansi_x3.4-1968", "iso-646-us": self = .utf8
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "iso-ir-100", "cp819", "ibm819":
            self = .latin1
        case "windows-1252", "cp1252", "x-cp1252": self = .windows1252
        case "utf-16le": self = .utf16LE
        case "utf-16be", "utf-16", "utf16", "ucs-2": self = .utf16BE
        case "gb2312", "gbk", "x-gbk", "cp936", "euc-cn": self = .other("GB18030")
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "cp932": self = .other("CP932")
        case "big5", "big5-hkscs", "x-x-big5": self = .other("BIG5-HKSCS")
        case "euc-kr", "ks_c_5601-1987", "korean", "cp949", "windows-949": self = .other("CP949")
        default: self = .other(name.uppercased())
        }
    }

    var isUTF8: Bool { self == .utf8 }
}

extension String {
    func trimmingASCIIWhitespaceAndQuotes() -> String {
        var scalars = Substring(self)
        while let f = scalars.first, f == " " || f == "\t" || f == "\"" || f == "'" || f == "\n" || f == "\r" { scalars.removeFirst() }
        while let l = scalars.last, l == " " || l == "\t" || l == "\"" || l == "'" || l == "\n" || l == "\r" { scalars.removeLast() }
        return String(scalars)
    }
}

/// Streams bytes in a source charset to valid UTF-8. Invalid UTF-8 sequences are read as windows-1252
/// (with an error recorded), and latin-1's C1 range is read as windows-1252, as authors meant.
final class CharsetDecoder {
    let charset: SourceCharset
    private var carry: [UInt8] = []
    private var iconvHandle: iconv_t?
    private(set) var sawInvalidUTF8 = false
    private(set) var sawUnconvertible = false

    /// Fails for a charset iconv does not know.
    init?(_ charset: SourceCharset) {
        self.charset = charset
        if case .other(let name) = charset {
            let handle = iconv_open("UTF-8", name)
            if handle == iconv_t(bitPattern: -1) { return nil }
            iconvHandle = handle
        }
    }

    deinit { if let h = iconvHandle { iconv_close(h) } }

    /// Converts `input` (a chunk; sequences may straddle chunks) and appends UTF-8 to `out`.
    /// Returns true when the chunk was valid UTF-8 needing no change and nothing was appended (fast path).
    func decode(_ input: UnsafeBufferPointer<UInt8>, final: Bool, into out: inout [UInt8]) -> Bool {
        if carry.isEmpty {
            return decodeFresh(input, final: final, into: &out)
        }
        var joined = carry
        carry.removeAll(keepingCapacity: true)
        joined.append(contentsOf: input)
        _ = joined.withUnsafeBufferPointer { decodeFresh($0, final: final, into: &out, forceCopy: true) }
        return false
    }

    private func decodeFresh(_ input: UnsafeBufferPointer<UInt8>, final: Bool, into out: inout [UInt8],
                             forceCopy: Bool = false) -> Bool {
        switch charset {
        case .utf8: return decodeUTF8(input, final: final, into: &out, forceCopy: forceCopy)
        case .latin1, .windows1252:
            for b in input {
                if b < 0x80 { out.append(b) } else { appendUTF8(windows1252Scalar(b), to: &out) }
            }
            return false
        case .utf16LE, .utf16BE:
            decodeUTF16(input, littleEndian: charset == .utf16LE, final: final, into: &out)
            return false
        case .other:
            decodeIconv(input, final: final, into: &out)
            return false
        }
    }

    private func decodeUTF8(_ input: UnsafeBufferPointer<UInt8>, final: Bool, into out: inout [UInt8],
                            forceCopy: Bool) -> Bool {
        let n = input.count
        var i = 0
        var copiedUpTo = 0  // input[copiedUpTo..<i] is valid and not yet copied
        var changed = false
        @inline(__always) func flush(_ end: Int) {
            if end > copiedUpTo { out.append(contentsOf: UnsafeBufferPointer(rebasing: input[copiedUpTo..<end])) }
        }
        let raw = UnsafeRawPointer(input.baseAddress)
        while i < n {
            if let raw { i = endOfASCII(raw, from: i, count: n); if i >= n { break } }
            let b = input[i]
            if b < 0x80 { i += 1; continue }
            let length = wellFormedUTF8Length(input, at: i)
            if length < 0 && !final {
                flush(i)
                carry.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<n]))
                return false
            }
            if length > 0 {
                // U+FFFE and U+FFFF are not XML characters.
                if b == 0xEF && input[i + 1] == 0xBF && input[i + 2] >= 0xBE {
                    flush(i); changed = true
                    appendUTF8(0xFFFD, to: &out)
                    i += 3; copiedUpTo = i
                    continue
                }
                i += length
                continue
            }
            flush(i); changed = true
            sawInvalidUTF8 = true
            appendUTF8(windows1252Scalar(b), to: &out)
            i += 1; copiedUpTo = i
        }
        if !changed && !forceCopy { return true }
        flush(n)
        return false
    }

    private func decodeUTF16(_ input: UnsafeBufferPointer<UInt8>, littleEndian: Bool, final: Bool, into out: inout [UInt8]) {
        var i = 0
        let n = input.count
        func unit(_ at: Int) -> UInt32 {
            littleEndian ? UInt32(input[at]) | UInt32(input[at + 1]) << 8 : UInt32(input[at]) << 8 | UInt32(input[at + 1])
        }
        while i + 1 < n {
            let u = unit(i)
            if u >= 0xD800 && u < 0xDC00 {
                if i + 3 >= n {
                    if !final { break }
                    appendUTF8(0xFFFD, to: &out); sawUnconvertible = true; i += 2; continue
                }
                let low = unit(i + 2)
                if low >= 0xDC00 && low < 0xE000 {
                    appendUTF8(0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00), to: &out); i += 4
                } else {
                    appendUTF8(0xFFFD, to: &out); sawUnconvertible = true; i += 2
                }
            } else if u >= 0xDC00 && u < 0xE000 {
                appendUTF8(0xFFFD, to: &out); sawUnconvertible = true; i += 2
            } else {
                appendUTF8(u, to: &out); i += 2
            }
        }
        if i < n && !final { carry.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<n])) }
    }

    private func decodeIconv(_ input: UnsafeBufferPointer<UInt8>, final: Bool, into out: inout [UInt8]) {
        guard let handle = iconvHandle, let base = input.baseAddress else { return }
        var inPtr = UnsafeMutablePointer(mutating: UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self))
        var inLeft = input.count
        var scratch = [UInt8](repeating: 0, count: 16384)
        while inLeft > 0 {
            let (produced, result, err): (Int, Int, Int32) = scratch.withUnsafeMutableBytes { raw in
                var outPtr: UnsafeMutablePointer<CChar>? = raw.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = raw.count
                var inOpt: UnsafeMutablePointer<CChar>? = inPtr
                let r = iconv(handle, &inOpt, &inLeft, &outPtr, &outLeft)
                let e = errno
                inPtr = inOpt!
                return (raw.count - outLeft, r, e)
            }
            out.append(contentsOf: scratch[0..<produced])
            if result != -1 { continue }
            if err == E2BIG { continue }
            if err == EINVAL {  // incomplete sequence at the end of the chunk
                if final { appendUTF8(0xFFFD, to: &out); sawUnconvertible = true; inLeft = 0 }
                break
            }
            // EILSEQ: a byte the charset does not define.
            sawUnconvertible = true
            appendUTF8(0xFFFD, to: &out)
            inPtr += 1; inLeft -= 1
        }
        if inLeft > 0 && !final {
            carry.append(contentsOf: UnsafeRawBufferPointer(start: inPtr, count: inLeft).bindMemory(to: UInt8.self))
        }
    }
}
