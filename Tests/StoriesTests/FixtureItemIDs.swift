import Foundation

/// Distinct item ids for the fixtures of every test file here (tests run in parallel).
final class FixtureItemIDs: @unchecked Sendable {
    static let shared = FixtureItemIDs()
    private let lock = NSLock()
    private var last: Int64 = 0

    func next() -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        last += 1
        return last
    }
}
