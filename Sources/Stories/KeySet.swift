/// A set of 64-bit keys numbered in insertion order, by open addressing: the keys of one index request
/// (matched against every key of every story the request returns), and the in-memory index's keys, where
/// `Dictionary`'s seeded hashing would cost more than the work around it.
struct KeySet {
    /// Per table slot: a key and its number + 1 (0 for an empty slot), side by side so a probe reads one place.
    private var slots: [(key: Int64, entry: Int32)]
    private var mask: Int
    /// The keys, in insertion order; a key's number is its position here.
    private(set) var elements: [Int64] = []

    init() {
        slots = Array(repeating: (0, 0), count: 64)
        mask = 63
    }

    @inline(__always) func contains(_ key: Int64) -> Bool { number(of: key) != nil }

    /// The key's number, or nil when it was never inserted.
    @inline(__always) func number(of key: Int64) -> Int? {
        let entry = slots[position(of: key)].entry
        return entry == 0 ? nil : Int(entry) - 1
    }

    /// Inserts a key (once) and returns its number.
    @discardableResult
    mutating func insert(_ key: Int64) -> Int {
        let position = self.position(of: key)
        if slots[position].entry != 0 { return Int(slots[position].entry) - 1 }
        elements.append(key)
        slots[position] = (key, Int32(elements.count))
        if elements.count * 2 > slots.count { rebuild(capacity: slots.count * 2) }
        return elements.count - 1
    }

    @inline(__always) private func position(of key: Int64) -> Int {
        var position = homeSlot(of: UInt64(bitPattern: key), mask: mask)
        while slots[position].entry != 0 && slots[position].key != key { position = (position + 1) & mask }
        return position
    }

    private mutating func rebuild(capacity: Int) {
        slots = Array(repeating: (0, 0), count: capacity)
        mask = capacity - 1
        for (number, key) in elements.enumerated() { slots[position(of: key)] = (key, Int32(number + 1)) }
    }
}
