import Foundation

extension SQLiteStore {
    /// Records the start of a cron pass; returns its id.
    public func beginPass(at date: Date) throws(StoreError) -> Int64 {
        try db.run("INSERT INTO passes (started) VALUES (?)", date)
        return db.lastInsertRowID
    }

    public func finishPass(_ id: Int64, at date: Date, feedsChecked: Int, feedsFailed: Int, itemsNew: Int) throws(StoreError) {
        try db.run("UPDATE passes SET finished = ?, feeds_checked = ?, feeds_failed = ?, items_new = ? WHERE id = ?",
                   date, feedsChecked, feedsFailed, itemsNew, id)
    }

    /// Feed fetches made by passes that started in [start, end).
    public func feedsChecked(from start: Date, to end: Date) throws(StoreError) -> Int {
        Int(try db.scalarInt("SELECT COALESCE(sum(feeds_checked), 0) FROM passes WHERE started >= ? AND started < ?", start, end))
    }

    /// Where the last digest for these recipients ended, if there was one.
    public func lastDigestEnd(recipientsKey: String) throws(StoreError) -> Date? {
        try db.first("SELECT max(period_end) FROM digests WHERE recipients_key = ?", recipientsKey) { $0.optionalDate(0) } ?? nil
    }

    /// Records a digest period (with its outbox message when mailed), so `--since last` continues from its end.
    public func recordDigest(recipientsKey: String, periodStart: Date, periodEnd: Date, outboxID: Int64?, now: Date) throws(StoreError) {
        try db.run("INSERT INTO digests (recipients_key, period_start, period_end, created, outbox_id) VALUES (?, ?, ?, ?, ?)",
                   recipientsKey, periodStart, periodEnd, now, outboxID)
    }
}
