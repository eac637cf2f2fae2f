import Foundation
import Model

/// newswatch's store on an embedded SQLite file. All SQL lives in this module; the stages reach it
/// through plain value types (and the `Stories` index protocol), so another backend can take its place.
///
/// One owner at a time: a cron pass or a command opens it, uses it from one task, and drops it.
public final class SQLiteStore {
    let db: Database

    /// Opens (creating if needed, with its folder) the database at `path` and applies pending migrations.
    public init(path: String) throws(StoreError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw StoreError("cannot create the folder \(folder) for the database: \(error.localizedDescription)")
            }
        }
        db = try Database(path: path)
        try Migrations.apply(to: db)
    }

    /// The schema version this database is at.
    public var schemaVersion: Int { get throws(StoreError) { Int(try db.scalarInt("PRAGMA user_version")) } }

    /// Runs `body` atomically: everything it writes is committed together or not at all.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try db.begin()
        do {
            let result = try body()
            try db.commit()
            return result
        } catch {
            db.rollback()
            throw error
        }
    }
}

/// Lists of short strings kept in one column, separated by a character no feed value contains.
enum ListColumn {
    static let separator: Character = "\u{1F}"
    static func encode(_ values: [String]) -> String { values.joined(separator: String(separator)) }
    static func decode(_ text: String) -> [String] { text.isEmpty ? [] : text.split(separator: separator).map(String.init) }
}
