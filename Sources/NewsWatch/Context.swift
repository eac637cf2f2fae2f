import Foundation
import Model
import Fetch
import Stories
import Mail
import Store
import Watches

/// Where the database and config file live when no flag says otherwise.
public enum DefaultPaths {
    public static func database(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["NEWSWATCH_DB"], !path.isEmpty { return path }
        let base = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.local/share")
        return base + "/newswatch/newswatch.db"
    }

    public static func config(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["NEWSWATCH_CONFIG"], !path.isEmpty { return path }
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.config")
        return base + "/newswatch/config.toml"
    }
}

/// What every command starts from: the config file read and checked, and the database path.
public struct Context: Sendable {
    public let config: NewsWatchConfig
    public let databasePath: String

    /// Reads the config (a missing file is fine unless it was named explicitly; a broken one is an error).
    public init(databasePath: String?, configPath: String?) throws(NewsWatchError) {
        self.databasePath = databasePath ?? DefaultPaths.database()
        do {
            config = try NewsWatchConfig.load(path: configPath ?? DefaultPaths.config(), mustExist: configPath != nil)
        } catch {
            throw NewsWatchError(error.description)
        }
        do throws(ConfigError) {
            try config.checkWatchQueries { query in
                do throws(QuerySyntaxError) { _ = try WatchQuery.parse(query); return nil } catch { return error.description }
            }
        } catch {
            throw NewsWatchError(error.description)
        }
        var clustering = ClusterOptions()
        clustering.window = config.stories.window.seconds
        for knob in config.stories.knobs where !clustering.setKnob(knob.name, to: knob.value) {
            let place = knob.position.map { ":\($0)" } ?? ""
            throw NewsWatchError("\(config.path ?? "config")\(place): unknown key '\(knob.name)' in [stories] " +
                                 "(known: window, \(ClusterOptions.knobNames.joined(separator: ", ")))")
        }
        clusterOptions = clustering
    }

    /// The clustering settings: `[stories]` over the clusterer's defaults.
    public let clusterOptions: ClusterOptions

    /// Takes the lock that keeps two passes off one database, or nil at once when another pass holds it.
    public func acquirePassLock() throws(NewsWatchError) -> SingleInstanceLock? {
        let folder = (databasePath as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        do { return try SingleInstanceLock.tryAcquire(path: SingleInstanceLock.path(forDatabase: databasePath)) } catch {
            throw NewsWatchError(error.description)
        }
    }

    /// Opens the store.
    public func openStore() throws(NewsWatchError) -> SQLiteStore {
        do { return try SQLiteStore(path: databasePath) } catch { throw NewsWatchError(error.description) }
    }

    public var fetchOptions: FetchOptions {
        var o = FetchOptions()
        o.concurrency = max(1, config.fetch.concurrency)
        o.perHost = max(1, config.fetch.perHost)
        o.timeout = config.fetch.timeout.seconds
        o.connectTimeout = config.fetch.connectTimeout.seconds
        o.maxBodyBytes = config.fetch.maxBodyBytes
        o.denyPrivateNetworks = config.fetch.denyPrivateNetworks
        if let ua = config.fetch.userAgent { o.userAgent = ua }
        return o
    }

    public var smtpSettings: SMTPSettings? {
        guard let url = config.smtp.url, let from = config.smtp.from else { return nil }
        return SMTPSettings(url: url, from: from, username: config.smtp.username, passwordEnv: config.smtp.passwordEnv,
                            requireTLS: config.smtp.requireTLS, timeout: config.smtp.timeout.seconds, caFile: config.smtp.caFile)
    }

    /// The config file's watches.
    public var configWatches: [Watch] { config.watches.map(\.watch) }

    /// The settings of a cron pass.
    public func passSettings(fetchAll: Bool) -> PassSettings {
        var s = PassSettings()
        s.fetch = fetchOptions
        s.schedule.minInterval = config.fetch.minInterval.seconds
        s.schedule.maxInterval = config.fetch.maxInterval.seconds
        s.clustering = clusterOptions
        s.coverageSteps = config.alerts.coverageSteps.sorted()
        s.configWatches = configWatches
        s.delivery = DeliverySettings(smtp: smtpSettings)
        s.fetchAll = fetchAll
        return s
    }
}
