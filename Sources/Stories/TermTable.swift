/// An open-addressing hash table from term id to a number (a count, a weight): the pass's document
/// frequencies are millions of increments and lookups, where `Dictionary`'s seeded hashing would dominate.
struct TermTable<Value: AdditiveArithmetic & Sendable>: Sendable {
    private var keys: [UInt32]
    private var values: [Value]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt32](repeating: 0, count: size)
        values = [Value](repeating: .zero, count: size)
        mask = size - 1
    }

    /// Term id 0 marks an empty slot, so it is stored as 1 (one more collision among four billion).
    @inline(__always) private static func stored(_ term: UInt32) -> UInt32 { term == 0 ? 1 : term }

    @inline(__always) private func slot(of key: UInt32) -> Int {
        var slot = homeSlot(of: UInt64(key), mask: mask)
        while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
        return slot
    }

    /// The term's value; zero for a term never added.
    subscript(term: UInt32) -> Value {
        let index = slot(of: Self.stored(term))
        return keys[index] == 0 ? .zero : values[index]
    }

    mutating func add(_ term: UInt32, _ amount: Value) {
        let key = Self.stored(term)
        var index = slot(of: key)
        if keys[index] == 0 {
            if (count + 1) * 2 > keys.count { grow(); index = slot(of: key) }
            keys[index] = key
            count += 1
        }
        values[index] += amount
    }

    /// Every (term, value) held, in no particular order.
    func forEach(_ body: (UInt32, Value) throws -> Void) rethrows {
        for index in keys.indices where keys[index] != 0 { try body(keys[index], values[index]) }
    }

    private mutating func grow() {
        let old = (keys, values)
        self = TermTable(capacity: old.0.count)
        for index in old.0.indices where old.0[index] != 0 { add(old.0[index], old.1[index]) }
    }
}
