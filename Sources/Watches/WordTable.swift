import Foundation

/// Folded word bytes → word id, by open addressing. Immutable after init.
final class WordTable: @unchecked Sendable {
    /// Per slot: hash << 32 | (word id + 1); 0 = empty. One load decides most lookups.
    private let slots: UnsafeMutableBufferPointer<UInt64>
    /// Per word id: byte offset << 32 | length in `keyBytes`.
    private let keys: UnsafeMutableBufferPointer<UInt64>
    private let keyBytes: UnsafeMutableBufferPointer<UInt8>
    private let mask: Int

    init(_ ids: [String: Int32]) {
        var capacity = 16
        while capacity < ids.count * 2 { capacity <<= 1 }
        mask = capacity - 1
        var slots = [UInt64](repeating: 0, count: capacity)
        var keys = [UInt64](repeating: 0, count: max(1, ids.count))
        var bytes: [UInt8] = []
        for (word, id) in ids.sorted(by: { $0.value < $1.value }) {
            let utf8 = Array(word.utf8)
            keys[Int(id)] = UInt64(bytes.count) << 32 | UInt64(utf8.count)
            bytes += utf8
            let hash = utf8.withUnsafeBufferPointer { Self.hash($0) }
            var slot = Int(hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt64(hash) << 32 | UInt64(id + 1)
        }
        self.slots = .copying(slots)
        self.keys = .copying(keys)
        self.keyBytes = .copying(bytes)
    }

    deinit {
        slots.deallocate()
        keys.deallocate()
        keyBytes.deallocate()
    }

    /// The id of `word`, or -1.
    @inline(__always)
    func id(of word: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(word)
        var slot = Int(hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return -1 }
            if UInt32(truncatingIfNeeded: entry >> 32) == hash {
                let id = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                let key = keys[id]
                if Int(truncatingIfNeeded: key & 0xFFFF_FFFF) == word.count
                    && memcmp(keyBytes.baseAddress! + Int(key >> 32), word.baseAddress!, word.count) == 0 {
                    return Int32(id)
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// FNV-1a, folded to 32 bits.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }
}
