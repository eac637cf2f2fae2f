import Foundation
import Model

// Placeholder: the TOML-backed loader replaces this file.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

public struct NewsWatchConfig: Sendable {
    public struct SMTP: Sendable { public var url: String; public var from: String; public var username: String?; public var passwordEnv: String?; public var requireTLS = false }
    public struct Fetch: Sendable {
        public var concurrency = 32, perHost = 2
        public var timeout: Double = 60, connectTimeout: Double = 10
        public var maxBodyMB = 16
        public var minInterval = TimeSpan(seconds: 600), maxInterval = TimeSpan(seconds: 43_200)
        public var denyPrivateNetworks = false
        public var userAgent: String?
    }
    public struct Stories: Sendable { public var window = TimeSpan(seconds: 3 * 86_400) }
    public struct Alerts: Sendable { public var coverageSteps: [Int] = [] }
    public struct Digest: Sendable { public var templateDir: String?; public var recipients: [String] = []; public var title: String? }
    public var smtp: SMTP?
    public var fetch = Fetch()
    public var stories = Stories()
    public var alerts = Alerts()
    public var digest = Digest()
    public var watches: [Watch] = []
    public init() {}

    public static func load(path: String, mustExist: Bool) throws(ConfigError) -> NewsWatchConfig {
        if !FileManager.default.fileExists(atPath: path) {
            if mustExist { throw ConfigError(message: "\(path): no such file") }
            return NewsWatchConfig()
        }
        return NewsWatchConfig()
    }
}
