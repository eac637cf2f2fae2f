/// Where a key's probe starts in the open-addressing tables of this module (`TermTable`, `KeySet`,
/// `PostingIndex`): Fibonacci hashing, whose high bits spread even sequential or low-entropy keys.
@inline(__always)
func homeSlot(of key: UInt64, mask: Int) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E3779B97F4A7C15) >> 32) & mask
}
