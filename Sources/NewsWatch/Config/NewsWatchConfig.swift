import Foundation
import Model

/// The settings of `config.toml`, every field holding its default until the file says otherwise.
/// Plain values only: the pipeline maps them onto each stage's own options.
///
/// ```toml
/// [smtp]
/// url = "smtp://mail.example.org:587"
/// from = "newswatch <alerts@example.org>"
/// password_env = "NEWSWATCH_SMTP_PASSWORD"
///
/// [fetch]
/// concurrency = 32
/// min_interval = "10m"
///
/// [[watch]]
/// name = "xinjiang"
/// query = '(Xinjiang OR Uyghur) NEAR/5 detention*'
/// email = ["desk@example.org"]
/// ```
public struct NewsWatchConfig: Sendable, Hashable {
    public var smtp = SMTPSection()
    public var fetch = FetchSection()
    public var stories = StoriesSection()
    public var alerts = AlertsSection()
    public var digest = DigestSection()
    public var watches: [WatchEntry] = []
    /// The file the settings came from; nil when they are all defaults because there was no file.
    public var path: String?

    /// All defaults.
    public init() {}

    /// Reads the config file at `path` (a leading `~/` means the home folder). A missing file yields
    /// the defaults unless `mustExist`; an unreadable file, bad TOML, an unknown key, a wrong type or
    /// an unusable value is an error. Messages name `path` as given.
    public static func load(path: String, mustExist: Bool) throws(ConfigError) -> NewsWatchConfig {
        let filePath = path.hasPrefix("~/") ? NSString(string: path).expandingTildeInPath : path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: filePath, isDirectory: &isDirectory) else {
            if mustExist { throw .missing(path: path) }
            return NewsWatchConfig()
        }
        if isDirectory.boolValue { throw .unreadable(path: path, reason: "it is a directory") }
        // Read through a handle so that special files such as /dev/null (an empty config) work too.
        guard let data = FileHandle(forReadingAtPath: filePath)?.readDataToEndOfFile() else {
            let reason = access(filePath, R_OK) == 0 ? "read failed" : String(cString: strerror(errno))
            throw .unreadable(path: path, reason: reason)
        }
        return try parse(bytes: [UInt8](data), path: path)
    }

    /// Reads settings from TOML text; `path` names the source in error messages.
    public static func parse(_ text: String, path: String) throws(ConfigError) -> NewsWatchConfig {
        try parse(bytes: Array(text.utf8), path: path)
    }

    static func parse(bytes: [UInt8], path: String) throws(ConfigError) -> NewsWatchConfig {
        let document: TOMLTable
        do throws(TOMLError) {
            document = try TOMLParser.parse(bytes: bytes, file: path)
        } catch {
            throw .syntax(error)
        }
        var config = try NewsWatchConfig(document: document, path: path)
        config.path = path
        return config
    }

    /// Checks every watch's query with `check`, which returns nil for a valid query or the reason
    /// it is not (the watch module's parser, which this module does not depend on).
    public func checkWatchQueries(_ check: (String) -> String?) throws(ConfigError) {
        for (number, watch) in watches.enumerated() {
            if let reason = check(watch.query) {
                throw .invalidValue(path: path ?? "config", key: "query", table: WatchEntry.tableName(number),
                                    reason: reason, at: watch.queryPosition)
            }
        }
    }

    /// The sections of a parsed document, each read by its own type; anything else is unknown.
    private init(document: TOMLTable, path: String) throws(ConfigError) {
        for key in document.keys {
            let value = document[key]!
            let position = document.positions[key]
            switch key {
            case "smtp": smtp = try SMTPSection(reading: Self.section(key, value, at: position, path: path))
            case "fetch": fetch = try FetchSection(reading: Self.section(key, value, at: position, path: path))
            case "stories": stories = try StoriesSection(reading: Self.section(key, value, at: position, path: path))
            case "alerts": alerts = try AlertsSection(reading: Self.section(key, value, at: position, path: path))
            case "digest": digest = try DigestSection(reading: Self.section(key, value, at: position, path: path))
            case "watch": watches = try WatchEntry.readAll(value, at: position, path: path)
            default:
                if case .table = value { throw .unknownTable(path: path, name: key, at: position) }
                throw .unknownKey(path: path, key: key, table: "the top level", at: position)
            }
        }
    }

    private static func section(_ name: String, _ value: TOMLValue, at position: TOMLPosition?, path: String) throws(ConfigError) -> ConfigTableReader {
        guard case .table(let table) = value else {
            throw .wrongType(path: path, key: name, table: "the top level", expected: "a table ([\(name)])",
                             found: value.typeDescription, at: position)
        }
        return ConfigTableReader(table, name: "[\(name)]", path: path)
    }
}
