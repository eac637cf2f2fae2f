extension String {
    /// A String of UTF-8 bytes, checked by `isWellFormedUTF8` and then copied without a second check.
    /// The standard library checks text that is not all ASCII one byte at a time (feed text with a single
    /// U+00A0 or accented letter takes that path); this check skips ASCII 32 bytes at a time.
    /// Ill-formed input is repaired with U+FFFD, as `String(decoding:as:)` does.
    /// - Parameter knownWellFormed: the bytes were derived from bytes `isWellFormedUTF8` accepted, by edits that
    ///   keep whole characters (copying, dropping or inserting ASCII, appending whole encoded scalars): not checked.
    init(utf8Bytes bytes: UnsafeBufferPointer<UInt8>, knownWellFormed: Bool = false) {
        guard knownWellFormed || isWellFormedUTF8(bytes) else { self.init(decoding: bytes, as: UTF8.self); return }
        self.init(copying: unsafe UTF8Span(unchecked: unsafe Span(_unsafeElements: bytes)))
    }

    /// A String of UTF-8 bytes (see `init(utf8Bytes:knownWellFormed:)` for an unsafe buffer).
    init(utf8Bytes bytes: ArraySlice<UInt8>, knownWellFormed: Bool = false) {
        self = bytes.withUnsafeBufferPointer { String(utf8Bytes: $0, knownWellFormed: knownWellFormed) }
    }
}

/// Whether `bytes` is well-formed UTF-8 (the Unicode Standard's table 3-7: no overlong forms, surrogates,
/// or scalars above U+10FFFF), skipping ASCII 32 bytes at a time.
func isWellFormedUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let n = bytes.count
    var i = 0
    while i < n {
        i = endOfASCII(UnsafeRawPointer(base), from: i, count: n)
        while i < n && base[i] < 0x80 { i += 1 }
        guard i < n else { return true }
        let lead = base[i]
        @inline(__always) func continuation(_ k: Int) -> Bool { i + k < n && base[i + k] & 0xC0 == 0x80 }
        if lead < 0xC2 { return false }
        if lead < 0xE0 {
            guard continuation(1) else { return false }
            i += 2
        } else if lead < 0xF0 {
            guard continuation(1), continuation(2) else { return false }
            let second = base[i + 1]
            if (lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) { return false }
            i += 3
        } else {
            guard lead < 0xF5, continuation(1), continuation(2), continuation(3) else { return false }
            let second = base[i + 1]
            if (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F) { return false }
            i += 4
        }
    }
    return true
}

/// The offset of the first eight-byte word at or after `from` that holds a non-ASCII byte (or where fewer than
/// eight bytes are left): ASCII is skipped 32 bytes at a time.
@inline(__always) func endOfASCII(_ raw: UnsafeRawPointer, from: Int, count n: Int) -> Int {
    let highs: UInt64 = 0x8080_8080_8080_8080
    @inline(__always) func word(_ at: Int) -> UInt64 { raw.loadUnaligned(fromByteOffset: at, as: UInt64.self) }
    var i = from
    while i + 32 <= n && (word(i) | word(i + 8) | word(i + 16) | word(i + 24)) & highs == 0 { i += 32 }
    while i + 8 <= n && word(i) & highs == 0 { i += 8 }
    return i
}
