import Foundation
import Model

extension SQLiteStore {
    /// Adds or replaces a watch.
    public func saveWatch(_ watch: Watch, now: Date = Date()) throws(StoreError) {
        try db.run("""
            INSERT INTO watches (name, query, emails, webhook, created) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(name) DO UPDATE SET query = excluded.query, emails = excluded.emails, webhook = excluded.webhook
            """, watch.name, watch.query, ListColumn.encode(watch.emails), watch.webhook, now)
    }

    public func watches() throws(StoreError) -> [Watch] {
        try db.query("SELECT name, query, emails, webhook FROM watches ORDER BY name") {
            Watch(name: $0.string(0), query: $0.string(1), emails: ListColumn.decode($0.string(2)), webhook: $0.optionalString(3))
        }
    }

    /// Removes a watch; its past alerts stay in the outbox history. Returns false when there was none.
    @discardableResult
    public func removeWatch(name: String) throws(StoreError) -> Bool {
        try db.run("DELETE FROM watches WHERE name = ?", name)
        return db.changes > 0
    }
}
