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

/// Whether `bytes` is well-formed UTF-8, skipping ASCII 32 bytes at a time.
func isWellFormedUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let n = bytes.count
    var i = 0
    while i < n {
        i = endOfASCII(UnsafeRawPointer(base), from: i, count: n)
        while i < n && base[i] < 0x80 { i += 1 }
        guard i < n else { return true }
        let length = wellFormedUTF8Length(bytes, at: i)
        guard length > 0 else { return false }
        i += length
    }
    return true
}

/// The length of the well-formed UTF-8 sequence that starts at `i` (the Unicode Standard's table 3-7: no
/// overlong forms, surrogates or scalars above U+10FFFF); 0 when the bytes there are ill-formed, -1 when the
/// input ends inside a sequence that was well-formed so far.
@inline(__always) func wellFormedUTF8Length(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
    let lead = bytes[i]
    if lead < 0x80 { return 1 }
    var need = 0, lowerBound: UInt8 = 0x80, upperBound: UInt8 = 0xBF
    switch lead {
    case 0xC2...0xDF: need = 1
    case 0xE0: need = 2; lowerBound = 0xA0
    case 0xE1...0xEC, 0xEE...0xEF: need = 2
    case 0xED: need = 2; upperBound = 0x9F
    case 0xF0: need = 3; lowerBound = 0x90
    case 0xF1...0xF3: need = 3
    case 0xF4: need = 3; upperBound = 0x8F
    default: return 0
    }
    for k in 1...need {
        if i + k >= bytes.count { return -1 }
        let byte = bytes[i + k]
        if byte < (k == 1 ? lowerBound : 0x80) || byte > (k == 1 ? upperBound : 0xBF) { return 0 }
    }
    return need + 1
}

/// The scalar of the well-formed UTF-8 sequence of `length` bytes at `i` (see `wellFormedUTF8Length`).
@inline(__always) func scalarOfUTF8(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, length: Int) -> UInt32 {
    var value = UInt32(bytes[i]) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
    for k in 1..<length { value = value << 6 | UInt32(bytes[i + k] & 0x3F) }
    return value
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
