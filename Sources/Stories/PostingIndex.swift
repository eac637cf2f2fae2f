/// Candidate keys to the working-set stories that hold them: one posting list per key, in an open-addressing
/// table whose entries hold the lists' headers, so that a lookup costs one cache line before the list itself
/// (millions of lookups per pass, where `Dictionary`'s seeded hashing and scattered headers would dominate).
///
/// Each list knows since when it is complete: it holds every story under its key last seen at or after
/// `validSince`, because it was filled from the index for that time and every later change went through
/// the working set. Entries before `start` are stories last seen before `skippedBefore`, out of the window
/// of the items placed since; they stay in the list for a later call with older items (`restart`).
struct PostingIndex {
    /// A key's list. Times are whole seconds since the reference date (the working set loads from whole
    /// seconds; a skipping horizon is rounded up, so a list never claims more than it holds), clamped to 32 bits
    /// (dates past that range only cost extra reloads): the table holds hundreds of thousands of these, and
    /// 32 bytes each keep it small.
    struct List {
        fileprivate(set) var key: Int64 = 0
        var slots: [Int32] = []
        var start: Int32 = 0
        fileprivate var validSinceSecond: Int32 = 0
        fileprivate var skippedBeforeSecond = Int32.min
        fileprivate(set) var isUsed = false

        /// Whether stories last seen at or after `since` may be missing (the list was filled for a later time).
        func isIncomplete(since: Double) -> Bool { Double(validSinceSecond) > since }

        /// Whether entries skipped at the front may be live for items as old as `since` allow.
        func skippedLiveEntries(since: Double) -> Bool { Double(skippedBeforeSecond) > since }

        fileprivate static func second(roundingUp time: Double) -> Int32 {
            guard time.isFinite else { return time < 0 ? .min : .max }   // .max for NaN too: reload and restart always
            return Int32(clamping: Int64(max(-9.0e18, min(9.0e18, time.rounded(.up)))))
        }
    }

    /// The table; a position returned by `position(of:)` or `addList` stays valid until the next `addList`.
    private(set) var lists: [List]
    private var mask: Int
    private var count = 0

    init() {
        lists = [List](repeating: List(), count: 1024)
        mask = 1023
    }

    /// The position of `key`'s list, or nil when the key was never loaded.
    @inline(__always) func position(of key: Int64) -> Int? {
        let position = slot(of: key)
        return lists[position].isUsed ? position : nil
    }

    /// Opens an empty list for a key that has none, complete from `validSince`, and returns its position.
    mutating func addList(for key: Int64, validSince: Double) -> Int {
        if (count + 1) * 10 > lists.count * 7 { grow() }
        let position = slot(of: key)
        precondition(!lists[position].isUsed, "a key has one posting list")
        lists[position] = List(key: key, validSinceSecond: List.second(roundingUp: validSince), isUsed: true)
        count += 1
        return position
    }

    /// Empties a list that is about to be refilled from the index, complete from `validSince`.
    mutating func reset(_ position: Int, validSince: Double) {
        lists[position].slots.removeAll(keepingCapacity: true)
        lists[position].start = 0
        lists[position].validSinceSecond = List.second(roundingUp: validSince)
        lists[position].skippedBeforeSecond = .min
    }

    /// Takes back the entries skipped at the front, for items older than those that skipped them, and puts
    /// the list back in order (stories joined since they were posted are no longer where their time is).
    mutating func restart(_ position: Int, lastSeen: (Int) -> Double) {
        lists[position].start = 0
        lists[position].skippedBeforeSecond = .min
        sortOldestFirst(position, lastSeen: lastSeen)
    }

    @inline(__always) mutating func append(_ slot: Int, toListOf key: Int64) {
        lists[self.slot(of: key)].slots.append(Int32(truncatingIfNeeded: slot))
    }

    /// Skips the entries at the front of a list whose stories were last seen before `horizon` and returns
    /// the live rest. Entries are oldest first (loaded sorted; appended in time order), so the scan stops at
    /// the first live one.
    @inline(__always) mutating func live(_ position: Int, horizon: Double, lastSeen: (Int) -> Double) -> Range<Int> {
        var start = Int(lists[position].start)
        let count = lists[position].slots.count
        while start < count && lastSeen(Int(lists[position].slots[start])) < horizon { start += 1 }
        if start != Int(lists[position].start) {
            lists[position].start = Int32(start)
            lists[position].skippedBeforeSecond = max(lists[position].skippedBeforeSecond, List.second(roundingUp: horizon))
        }
        return start..<count
    }

    /// Sorts a list oldest story first (by last-seen time, ties by slot).
    mutating func sortOldestFirst(_ position: Int, lastSeen: (Int) -> Double) {
        guard lists[position].slots.count > 1 else { return }
        lists[position].slots.sort { (lastSeen(Int($0)), $0) < (lastSeen(Int($1)), $1) }
    }

    @inline(__always) private func slot(of key: Int64) -> Int {
        var position = homeSlot(of: UInt64(bitPattern: key), mask: mask)
        while lists[position].isUsed && lists[position].key != key { position = (position + 1) & mask }
        return position
    }

    private mutating func grow() {
        var old = [List](repeating: List(), count: lists.count * 2)
        swap(&old, &lists)
        mask = lists.count - 1
        // Swapped, not copied: the lists move to their new slots without touching their reference counts.
        for index in old.indices where old[index].isUsed { swap(&lists[slot(of: old[index].key)], &old[index]) }
    }
}
