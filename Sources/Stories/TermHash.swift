/// 64-bit FNV-1a, the one hash behind term ids and candidate keys (stable across runs and machines,
/// unlike Swift's seeded `Hasher`, because keys are persisted).
struct TermHash {
    private(set) var value: UInt64 = 0xcbf29ce484222325

    @inline(__always) mutating func addByte(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x100000001b3
    }

    mutating func addBytes(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { addByte(byte) }
    }

    mutating func addWord(_ word: UInt32) {
        addByte(UInt8(truncatingIfNeeded: word)); addByte(UInt8(truncatingIfNeeded: word >> 8))
        addByte(UInt8(truncatingIfNeeded: word >> 16)); addByte(UInt8(truncatingIfNeeded: word >> 24))
    }

    /// A 32-bit term id folded from the full hash.
    var termID: UInt32 { UInt32(truncatingIfNeeded: value ^ (value >> 32)) }

    static func of(_ text: String) -> UInt64 {
        var hash = TermHash()
        hash.addBytes(text.utf8)
        return hash.value
    }
}
