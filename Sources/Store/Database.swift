import Foundation
import CSQLite

/// A failure inside the store, with the statement or file it concerns.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A value SQLite can bind or return.
enum SQLValue {
    case null, integer(Int64), real(Double), text(String), blob([UInt8])
}

/// Types that bind to a statement parameter.
protocol SQLBindable { var sqlValue: SQLValue { get } }
extension Int64: SQLBindable { var sqlValue: SQLValue { .integer(self) } }
extension Int: SQLBindable { var sqlValue: SQLValue { .integer(Int64(self)) } }
extension Double: SQLBindable { var sqlValue: SQLValue { .real(self) } }
extension Bool: SQLBindable { var sqlValue: SQLValue { .integer(self ? 1 : 0) } }
extension String: SQLBindable { var sqlValue: SQLValue { .text(self) } }
extension Date: SQLBindable { var sqlValue: SQLValue { .real(timeIntervalSince1970) } }
extension Array: SQLBindable where Element == UInt8 { var sqlValue: SQLValue { .blob(self) } }
extension Optional: SQLBindable where Wrapped: SQLBindable {
    var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

/// One row of a result, read by column index.
struct Row {
    fileprivate let statement: OpaquePointer

    func isNull(_ i: Int32) -> Bool { sqlite3_column_type(statement, i) == SQLITE_NULL }
    func int(_ i: Int32) -> Int64 { sqlite3_column_int64(statement, i) }
    func optionalInt(_ i: Int32) -> Int64? { isNull(i) ? nil : int(i) }
    func double(_ i: Int32) -> Double { sqlite3_column_double(statement, i) }
    func date(_ i: Int32) -> Date { Date(timeIntervalSince1970: double(i)) }
    func optionalDate(_ i: Int32) -> Date? { isNull(i) ? nil : date(i) }
    func string(_ i: Int32) -> String {
        guard let p = sqlite3_column_text(statement, i) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(statement, i))), as: UTF8.self)
    }
    func optionalString(_ i: Int32) -> String? { isNull(i) ? nil : string(i) }
    func blob(_ i: Int32) -> [UInt8] {
        let n = Int(sqlite3_column_bytes(statement, i))
        guard n > 0, let p = sqlite3_column_blob(statement, i) else { return [] }
        return [UInt8](UnsafeRawBufferPointer(start: p, count: n))
    }
}

/// A thin owner of one SQLite connection: prepared-statement cache, binding, transactions.
/// Not thread-safe: one owner at a time (the cron pass, or one CLI command).
final class Database {
    private var handle: OpaquePointer?
    private var cache: [String: OpaquePointer] = [:]
    let path: String

    init(path: String) throws(StoreError) {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw StoreError("cannot open database \(path): \(message)")
        }
        handle = db
        sqlite3_busy_timeout(db, 10_000)
        // Set while the file is still empty (a no-op afterwards). Items run about 3 KB a row: at the default 4 KB
        // a page held one of them and a quarter stood empty; 16 KB pages hold five, so a first pass writes
        // fewer bytes twice (WAL, then checkpoint): it spent a third less system time.
        try execute("PRAGMA page_size = 16384")
        try execute("PRAGMA foreign_keys = ON")
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = NORMAL")
        // Larger than the default 2 MB for a pass's index lookups; the clusterer keeps the stories it works with
        // in memory, so past 16 MB a first pass of 50,000 items ran no faster (and 15 MB heavier at 32 MB).
        try execute("PRAGMA cache_size = -16384")
        try execute("PRAGMA temp_store = MEMORY")
        // Checkpoint every ~48 MB of log rather than SQLite's 16 MB (1,000 pages): a first pass then copies the pages
        // it rewrites in every batch (key and index pages) once per two or three batches, and waits on fewer fsyncs.
        // In alternating runs of a 1,000-feed first pass, four of five pairs were 8-20% faster.
        try execute("PRAGMA wal_autocheckpoint = 3000")
    }

    deinit {
        for statement in cache.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    private var errorMessage: String { handle.map { String(cString: sqlite3_errmsg($0)) } ?? "closed" }

    /// Runs one or more statements without results.
    func execute(_ sql: String) throws(StoreError) {
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &error) != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? errorMessage
            sqlite3_free(error)
            throw StoreError("\(path): \(message) (in: \(sql.prefix(80)))")
        }
    }

    private func prepared(_ sql: String, _ arguments: some Collection<any SQLBindable>) throws(StoreError) -> OpaquePointer {
        let statement: OpaquePointer
        if let cached = cache[sql] {
            statement = cached
        } else {
            var s: OpaquePointer?
            guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &s, nil) == SQLITE_OK, let s else {
                throw StoreError("\(path): \(errorMessage) (in: \(sql.prefix(80)))")
            }
            cache[sql] = s
            statement = s
        }
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (offset, argument) in arguments.enumerated() {
            let i = Int32(offset + 1)
            let rc: Int32
            switch argument.sqlValue {
            case .null: rc = sqlite3_bind_null(statement, i)
            case .integer(let v): rc = sqlite3_bind_int64(statement, i, v)
            case .real(let v): rc = sqlite3_bind_double(statement, i, v)
            case .text(var v):
                // The byte count, not NUL-termination: text such as a JSON Feed id may hold U+0000.
                rc = v.withUTF8 { csqlite_bind_text(statement, i, UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), Int32($0.count)) }
            case .blob(let v): rc = v.withUnsafeBytes { csqlite_bind_blob(statement, i, $0.baseAddress, Int32($0.count)) }
            }
            guard rc == SQLITE_OK else { throw StoreError("\(path): cannot bind parameter \(i): \(errorMessage)") }
        }
        return statement
    }

    /// Runs a statement that returns no rows.
    func run(_ sql: String, _ arguments: any SQLBindable...) throws(StoreError) {
        try run(sql, arguments: arguments)
    }

    func run(_ sql: String, arguments: [any SQLBindable]) throws(StoreError) {
        try run(sql, boundTo: arguments)
    }

    private func run(_ sql: String, boundTo arguments: some Collection<any SQLBindable>) throws(StoreError) {
        let statement = try prepared(sql, arguments)
        defer { sqlite3_reset(statement) }
        let rc = sqlite3_step(statement)
        guard rc == SQLITE_DONE || rc == SQLITE_ROW else { throw StoreError("\(path): \(errorMessage) (in: \(sql.prefix(80)))") }
    }

    /// Runs `head VALUES (?, ...), (?, ...) ... tail` over `values` (`columns` values per row) with many rows
    /// per statement: for the thousands of rows a cron pass writes, one statement per row costs more than the
    /// rows themselves. Rows go in blocks of `blockRows`, then halving blocks, so a handful of statements
    /// are prepared and cached per `head`.
    func runRows(_ head: String, columns: Int, values: [any SQLBindable], _ tail: String = "") throws(StoreError) {
        precondition(columns > 0 && values.count % columns == 0, "whole rows")
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        try forEachBlock(count: values.count / columns, blockSize: Self.blockRows) { (rows: Range<Int>) throws(StoreError) in
            let sql = head + " VALUES " + Array(repeating: row, count: rows.count).joined(separator: ", ") + " " + tail
            try run(sql, boundTo: values[(rows.lowerBound * columns)..<(rows.upperBound * columns)])
        }
    }

    /// Calls `body` with consecutive ranges of `0..<count`: `blockSize` long while that many are left, then
    /// halving, so that statements built per block size are few and stay in the statement cache.
    func forEachBlock(count: Int, blockSize: Int, _ body: (Range<Int>) throws(StoreError) -> Void) throws(StoreError) {
        var done = 0
        var size = blockSize
        while done < count {
            while size > count - done { size /= 2 }
            try body(done..<(done + size))
            done += size
        }
    }

    /// Rows per statement of `runRows` (times the columns, well under SQLite's limit of 32,766 parameters).
    static let blockRows = 256

    /// Calls `body` for each row.
    func forEach(_ sql: String, arguments: [any SQLBindable] = [], _ body: (Row) -> Void) throws(StoreError) {
        let statement = try prepared(sql, arguments)
        defer { sqlite3_reset(statement) }
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw StoreError("\(path): \(errorMessage) (in: \(sql.prefix(80)))") }
            body(Row(statement: statement))
        }
    }

    /// Maps every row.
    func query<T>(_ sql: String, _ arguments: any SQLBindable..., map: (Row) -> T) throws(StoreError) -> [T] {
        try query(sql, arguments: arguments, map: map)
    }

    func query<T>(_ sql: String, arguments: [any SQLBindable], map: (Row) -> T) throws(StoreError) -> [T] {
        var out: [T] = []
        try forEach(sql, arguments: arguments) { out.append(map($0)) }
        return out
    }

    /// The first row mapped, if any.
    func first<T>(_ sql: String, _ arguments: any SQLBindable..., map: (Row) -> T) throws(StoreError) -> T? {
        var out: T?
        let statement = try prepared(sql, arguments)
        defer { sqlite3_reset(statement) }
        let rc = sqlite3_step(statement)
        if rc == SQLITE_ROW { out = map(Row(statement: statement)) } else if rc != SQLITE_DONE {
            throw StoreError("\(path): \(errorMessage) (in: \(sql.prefix(80)))")
        }
        return out
    }

    func scalarInt(_ sql: String, _ arguments: any SQLBindable...) throws(StoreError) -> Int64 {
        let statement = try prepared(sql, arguments)
        defer { sqlite3_reset(statement) }
        let rc = sqlite3_step(statement)
        guard rc == SQLITE_ROW else {
            if rc == SQLITE_DONE { return 0 }
            throw StoreError("\(path): \(errorMessage) (in: \(sql.prefix(80)))")
        }
        return sqlite3_column_int64(statement, 0)
    }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    var changes: Int { Int(sqlite3_changes(handle)) }

    private var transactionDepth = 0

    /// Opens a transaction, or a savepoint inside one already open.
    func begin() throws(StoreError) {
        try execute(transactionDepth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT sp\(transactionDepth)")
        transactionDepth += 1
    }

    func commit() throws(StoreError) {
        transactionDepth -= 1
        try execute(transactionDepth == 0 ? "COMMIT" : "RELEASE sp\(transactionDepth)")
    }

    func rollback() {
        transactionDepth -= 1
        if transactionDepth == 0 { try? execute("ROLLBACK") } else { try? execute("ROLLBACK TO sp\(transactionDepth); RELEASE sp\(transactionDepth)") }
    }

    /// Runs `body` in a transaction (a savepoint when nested); rolls back if it throws.
    func transaction<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try begin()
        do {
            let result = try body()
            try commit()
            return result
        } catch {
            rollback()
            throw error
        }
    }
}
