import Foundation

/// The schema, as forward-only steps. `PRAGMA user_version` records how many have been applied;
/// opening a database applies the rest in one transaction. Never edit a released step: add one.
enum Migrations {
    static let steps: [String] = [
        // 1: the whole first schema.
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL UNIQUE,
            title TEXT,
            site_link TEXT,
            categories TEXT NOT NULL DEFAULT '',
            etag TEXT,
            last_modified TEXT,
            next_check REAL NOT NULL DEFAULT 0,
            interval_seconds REAL NOT NULL DEFAULT 3600,
            last_unconditional REAL,
            pending_redirect TEXT,
            last_status INTEGER,
            last_error TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            last_checked REAL,
            last_success REAL,
            failing_since REAL,
            gone INTEGER NOT NULL DEFAULT 0,
            added REAL NOT NULL
        );
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            first_seen REAL NOT NULL,
            last_seen REAL NOT NULL,
            first_feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
            outlet_count INTEGER NOT NULL DEFAULT 0,
            item_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX stories_last_seen ON stories(last_seen);
        CREATE INDEX stories_first_seen ON stories(first_seen);
        CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
            guid TEXT NOT NULL,
            link TEXT,
            canonical_link TEXT,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            html TEXT,
            authors TEXT NOT NULL DEFAULT '',
            categories TEXT NOT NULL DEFAULT '',
            published REAL,
            updated REAL,
            fetched REAL NOT NULL,
            seen REAL NOT NULL,
            content_hash INTEGER NOT NULL,
            story_id INTEGER REFERENCES stories(id) ON DELETE SET NULL,
            UNIQUE (feed_id, guid)
        );
        CREATE INDEX items_story ON items(story_id);
        CREATE INDEX items_seen ON items(seen);
        CREATE INDEX items_fetched ON items(fetched);
        CREATE TABLE story_features (
            story_id INTEGER PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
            features BLOB NOT NULL,
            first_seen REAL NOT NULL,
            last_seen REAL NOT NULL,
            item_count INTEGER NOT NULL
        );
        CREATE TABLE story_keys (
            key INTEGER NOT NULL,
            story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            PRIMARY KEY (key, story_id)
        ) WITHOUT ROWID;
        CREATE INDEX story_keys_story ON story_keys(story_id);
        CREATE TABLE watches (
            name TEXT PRIMARY KEY,
            query TEXT NOT NULL,
            emails TEXT NOT NULL DEFAULT '',
            webhook TEXT,
            created REAL NOT NULL
        );
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            watch_name TEXT,
            recipients TEXT NOT NULL DEFAULT '',
            message_id TEXT NOT NULL UNIQUE,
            payload BLOB NOT NULL,
            created REAL NOT NULL,
            sent REAL,
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        CREATE INDEX outbox_unsent ON outbox(sent) WHERE sent IS NULL;
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            watch_name TEXT NOT NULL,
            story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
            item_id INTEGER REFERENCES items(id) ON DELETE SET NULL,
            kind TEXT NOT NULL,
            created REAL NOT NULL,
            outbox_id INTEGER REFERENCES outbox(id) ON DELETE SET NULL,
            skipped INTEGER NOT NULL DEFAULT 0,
            UNIQUE (watch_name, story_id, kind)
        );
        CREATE INDEX alerts_pending ON alerts(outbox_id) WHERE outbox_id IS NULL AND skipped = 0;
        CREATE TABLE passes (
            id INTEGER PRIMARY KEY,
            started REAL NOT NULL,
            finished REAL,
            feeds_checked INTEGER NOT NULL DEFAULT 0,
            feeds_failed INTEGER NOT NULL DEFAULT 0,
            items_new INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE digests (
            id INTEGER PRIMARY KEY,
            recipients_key TEXT NOT NULL,
            period_start REAL NOT NULL,
            period_end REAL NOT NULL,
            created REAL NOT NULL,
            outbox_id INTEGER REFERENCES outbox(id) ON DELETE SET NULL
        );
        CREATE INDEX digests_recipients ON digests(recipients_key, period_end);
        """,
        // 2: document frequencies of terms, for the clusterer's IDF weights.
        """
        CREATE TABLE story_term_df (
            term INTEGER PRIMARY KEY,
            df INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE counters (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        INSERT INTO counters (name, value) VALUES ('story_term_documents', 0);
        """,
        // 3: a story's items by time with their outlets, so a story's record is computed from the index alone.
        """
        DROP INDEX items_story;
        CREATE INDEX items_story ON items(story_id, seen, feed_id);
        """,
        // 4: story keys without a foreign-key check on every insert (a first pass adds some 270,000, and the check
        // doubled their cost); a trigger removes a deleted story's keys, as the cascade did.
        """
        CREATE TABLE story_keys_4 (
            key INTEGER NOT NULL,
            story_id INTEGER NOT NULL,
            PRIMARY KEY (key, story_id)
        ) WITHOUT ROWID;
        INSERT INTO story_keys_4 (key, story_id) SELECT key, story_id FROM story_keys;
        DROP TABLE story_keys;
        ALTER TABLE story_keys_4 RENAME TO story_keys;
        CREATE INDEX story_keys_story ON story_keys(story_id);
        CREATE TRIGGER stories_drop_keys AFTER DELETE ON stories BEGIN
            DELETE FROM story_keys WHERE story_id = OLD.id;
        END;
        """,
    ]

    /// Brings the database up to the newest schema.
    static func apply(to db: Database) throws(StoreError) {
        let current = Int(try db.scalarInt("PRAGMA user_version"))
        guard current < steps.count else {
            if current > steps.count {
                throw StoreError("\(db.path) was written by a newer newswatch (schema \(current), this one knows \(steps.count))")
            }
            return
        }
        try db.transaction { () throws(StoreError) in
            for (index, step) in steps.enumerated().dropFirst(current) {
                try db.execute(step)
                try db.execute("PRAGMA user_version = \(index + 1)")
            }
        }
    }
}
