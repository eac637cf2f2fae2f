import Foundation

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
