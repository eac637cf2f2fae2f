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

/// `UInt64` key → `Int32` value by open addressing (0 = absent), with a small bit filter in front
/// that answers most absent keys without touching the table. Immutable after init.
final class IntegerTable: @unchecked Sendable {
    private let keys: UnsafeMutableBufferPointer<UInt64>
    private let values: UnsafeMutableBufferPointer<Int32>
    private let mask: Int
    private static let empty = UInt64.max
    /// 8 bits per key, one set per key: ~12% of absent keys get past it.
    private let filter: UnsafeMutableBufferPointer<UInt64>
    private let filterMask: Int

    init(_ entries: [UInt64: Int32]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        mask = capacity - 1
        var keys = [UInt64](repeating: Self.empty, count: capacity)
        var values = [Int32](repeating: 0, count: capacity)
        for (key, value) in entries {
            var slot = Self.slot(key) & mask
            while keys[slot] != Self.empty { slot = (slot + 1) & mask }
            keys[slot] = key
            values[slot] = value
        }
        self.keys = .copying(keys)
        self.values = .copying(values)
        var filterBits = 512
        while filterBits < entries.count * 8 { filterBits <<= 1 }
        filterMask = filterBits - 1
        var filter = [UInt64](repeating: 0, count: filterBits / 64)
        for key in entries.keys {
            let bit = Self.filterBit(key) & filterMask
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        self.filter = .copying(filter)
    }

    @inline(__always)
    private static func filterBit(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0xD6E8_FEB8_6659_FD93) >> 32) }

    deinit {
        keys.deallocate()
        values.deallocate()
        filter.deallocate()
    }

    @inline(__always)
    private static func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) }

    @inline(__always)
    func value(for key: UInt64) -> Int32 {
        let bit = Self.filterBit(key) & filterMask
        guard filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return 0 }
        var slot = Self.slot(key) & mask
        while true {
            let stored = keys[slot]
            if stored == key { return values[slot] }
            if stored == Self.empty { return 0 }
            slot = (slot + 1) & mask
        }
    }
}
