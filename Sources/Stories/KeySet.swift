/// A set of 64-bit candidate keys for the keys of one index request (a few hundred): open addressing in a
/// table small enough to stay in cache, as every key of every story the request returns is looked up.
struct KeySet {
    private var slots: [Int64]
    private var used: [Bool]
    private var mask: Int
    /// The keys, in insertion order.
    private(set) var elements: [Int64] = []

    init() {
        slots = [Int64](repeating: 0, count: 64)
        used = [Bool](repeating: false, count: 64)
        mask = 63
    }

    @inline(__always) func contains(_ key: Int64) -> Bool {
        used[position(of: key)]
    }

    mutating func insert(_ key: Int64) {
        let position = self.position(of: key)
        guard !used[position] else { return }
        slots[position] = key
        used[position] = true
        elements.append(key)
        if elements.count * 2 > slots.count { rebuild(capacity: slots.count * 2) }
    }

    @inline(__always) private func position(of key: Int64) -> Int {
        var position = Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E3779B97F4A7C15) >> 32) & mask
        while used[position] && slots[position] != key { position = (position + 1) & mask }
        return position
    }

    private mutating func rebuild(capacity: Int) {
        slots = [Int64](repeating: 0, count: capacity)
        used = [Bool](repeating: false, count: capacity)
        mask = capacity - 1
        for key in elements {
            let position = self.position(of: key)
            slots[position] = key
            used[position] = true
        }
    }
}
