import Foundation
import Model

/// A message waiting in (or sent from) the outbox: rendered once, sent until a server accepts it.
public struct OutboxMessage: Sendable, Hashable {
    public enum Kind: String, Sendable { case alertMail = "alert-mail", digestMail = "digest-mail", webhook }
    public var id: Int64
    public var kind: Kind
    public var watchName: String?
    /// Mail recipients, or the webhook URL.
    public var recipients: [String]
    public var messageID: String
    /// The rendered MIME message or JSON body.
    public var payload: [UInt8]
    public var created: Date
    public var attempts: Int
    public var lastError: String?
    public init(id: Int64, kind: Kind, watchName: String?, recipients: [String], messageID: String, payload: [UInt8], created: Date,
                attempts: Int = 0, lastError: String? = nil) {
        self.id = id; self.kind = kind; self.watchName = watchName; self.recipients = recipients; self.messageID = messageID
        self.payload = payload; self.created = created; self.attempts = attempts; self.lastError = lastError
    }
}

extension SQLiteStore {
    /// Records that a watch matched a story. Returns false when that (watch, story, kind) alert already exists.
    @discardableResult
    public func recordAlert(watchName: String, storyID: Int64, itemID: Int64?, kind: AlertKind, now: Date) throws(StoreError) -> Bool {
        try db.run("INSERT OR IGNORE INTO alerts (watch_name, story_id, item_id, kind, created) VALUES (?, ?, ?, ?, ?)",
                   watchName, storyID, itemID, kind.code, now)
        return db.changes > 0
    }


    /// The (watch, story) pairs that have a new-story alert among `storyIDs`.
    public func watchesAlerted(storyIDs: [Int64]) throws(StoreError) -> [(watchName: String, storyID: Int64)] {
        guard !storyIDs.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: storyIDs.count).joined(separator: ",")
        return try db.query("SELECT watch_name, story_id FROM alerts WHERE kind = 'new' AND story_id IN (\(marks))",
                            arguments: storyIDs) { (watchName: $0.string(0), storyID: $0.int(1)) }
    }

    /// Alerts not yet put into a message.
    public func unbatchedAlerts() throws(StoreError) -> [Alert] {
        try db.query("SELECT id, watch_name, story_id, item_id, kind, created FROM alerts WHERE outbox_id IS NULL AND skipped = 0 ORDER BY id") {
            Alert(id: $0.int(0), watchName: $0.string(1), storyID: $0.int(2), itemID: $0.optionalInt(3),
                  kind: AlertKind(code: $0.string(4)) ?? .newStory, created: $0.date(5))
        }
    }

    /// Puts a rendered message into the outbox, attaching the alerts it carries, in one transaction.
    @discardableResult
    public func enqueue(kind: OutboxMessage.Kind, watchName: String?, recipients: [String], messageID: String, payload: [UInt8],
                        alertIDs: [Int64] = [], now: Date) throws(StoreError) -> Int64 {
        try db.transaction { () throws(StoreError) in
            try db.run("INSERT INTO outbox (kind, watch_name, recipients, message_id, payload, created) VALUES (?, ?, ?, ?, ?, ?)",
                       kind.rawValue, watchName, ListColumn.encode(recipients), messageID, payload, now)
            let id = db.lastInsertRowID
            for alertID in alertIDs { try db.run("UPDATE alerts SET outbox_id = ? WHERE id = ?", id, alertID) }
            return id
        }
    }

    /// Marks alerts as handled without a message (a watch with no recipients, or one removed since).
    public func markAlertsHandled(_ alertIDs: [Int64]) throws(StoreError) {
        try db.transaction { () throws(StoreError) in
            for id in alertIDs { try db.run("UPDATE alerts SET skipped = 1 WHERE id = ?", id) }
        }
    }

    /// Messages no server has accepted yet, oldest first.
    public func unsentMessages() throws(StoreError) -> [OutboxMessage] {
        try db.query("""
            SELECT id, kind, watch_name, recipients, message_id, payload, created, attempts, last_error
            FROM outbox WHERE sent IS NULL ORDER BY id
            """) {
            OutboxMessage(id: $0.int(0), kind: OutboxMessage.Kind(rawValue: $0.string(1)) ?? .alertMail, watchName: $0.optionalString(2),
                          recipients: ListColumn.decode($0.string(3)), messageID: $0.string(4), payload: $0.blob(5),
                          created: $0.date(6), attempts: Int($0.int(7)), lastError: $0.optionalString(8))
        }
    }

    public func markSent(_ messageID: Int64, at date: Date) throws(StoreError) {
        try db.run("UPDATE outbox SET sent = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?", date, messageID)
    }

    /// Gives up on a message the server refused for good: it leaves the queue, keeping its last error.
    public func markAbandoned(_ messageID: Int64, at date: Date) throws(StoreError) {
        try db.run("UPDATE outbox SET sent = ? WHERE id = ?", date, messageID)
    }

    public func markFailed(_ messageID: Int64, error: String) throws(StoreError) {
        try db.run("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?", error, messageID)
    }

    /// Alerts created in [start, end).
    public func alertCount(from start: Date, to end: Date) throws(StoreError) -> Int {
        Int(try db.scalarInt("SELECT count(*) FROM alerts WHERE created >= ? AND created < ?", start, end))
    }
}

/// An alert as `newswatch alerts` lists it.
public struct AlertListing: Sendable, Hashable {
    public var alert: Alert
    public var storyTitle: String
    public var outlets: Int
    /// "sent", "waiting" (to be retried), "refused" (given up), "not mailed" (no recipients or no SMTP), or "pending" (not yet batched).
    public var status: String
}

extension SQLiteStore {
    /// Alerts created since `since` (all when nil), newest first.
    public func alertListings(since: Date?) throws(StoreError) -> [AlertListing] {
        try db.query("""
            SELECT a.id, a.watch_name, a.story_id, a.item_id, a.kind, a.created, o.sent, s.title, s.outlet_count, a.skipped, a.outbox_id,
                o.last_error
            FROM alerts a JOIN stories s ON s.id = a.story_id LEFT JOIN outbox o ON o.id = a.outbox_id
            WHERE a.created >= ? ORDER BY a.created DESC, a.id DESC
            """, since ?? .distantPast) { r in
            let status = r.int(9) != 0 ? "not mailed" : r.isNull(10) ? "pending" : r.isNull(6) ? "waiting" : r.isNull(11) ? "sent" : "refused"
            return AlertListing(alert: Alert(id: r.int(0), watchName: r.string(1), storyID: r.int(2), itemID: r.optionalInt(3),
                                             kind: AlertKind(code: r.string(4)) ?? .newStory, created: r.date(5), sent: r.optionalDate(6)),
                                storyTitle: r.string(7), outlets: Int(r.int(8)), status: status)
        }
    }
}
