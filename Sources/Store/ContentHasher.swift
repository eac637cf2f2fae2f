/// A 64-bit hash of texts read eight bytes a step. Its values are stored (`items.content_hash`), so it must
/// not change between versions or machines: words are read little-endian whatever the host.
struct ContentHasher {
    private(set) var value: UInt64 = 0x243F_6A88_85A3_08D3

    /// Adds a text, then its length, so that ("ab", "c") and ("a", "bc") hash apart.
    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add(UnsafeRawBufferPointer($0)) }
    }

    private mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset + 8 <= bytes.count {
            mix(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        if offset < bytes.count {
            var tail: UInt64 = 0
            for (shift, byte) in bytes[offset...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(shift)) }
            mix(tail)
        }
        mix(UInt64(bytes.count) | 0xFF00_0000_0000_0000)
    }

    @inline(__always) private mutating func mix(_ word: UInt64) {
        let product = (value ^ word) &* 0x9E37_79B9_7F4A_7C15
        value = (product << 31 | product >> 33) ^ (product >> 29)
    }
}
