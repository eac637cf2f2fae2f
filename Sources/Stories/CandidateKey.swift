/// The 64-bit keys under which stories are found again. Exact keys hash a namespaced string
/// ("u:" + link or guid, "t" + title terms); a term key carries a 32-bit term id under a tag in the top byte.
enum CandidateKey {
    private static let termTag: UInt64 = 0xA5 << 56

    static func term(_ term: UInt32) -> Int64 {
        Int64(bitPattern: termTag | UInt64(term))
    }

    /// The term id inside a term key; nil for an exact key.
    static func termID(_ key: Int64) -> UInt32? {
        let bits = UInt64(bitPattern: key)
        return bits & 0xFFFF_FFFF_0000_0000 == termTag ? UInt32(truncatingIfNeeded: bits) : nil
    }
}
