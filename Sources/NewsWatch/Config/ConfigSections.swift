import Foundation
import Model

// Each section is a plain struct with its defaults, plus the one initializer that reads it from
// the file. To add a knob: add the field with its default, and one line reading it.

extension NewsWatchConfig {
    /// `[smtp]`: the server alert mail goes through. No `url` means mail is off.
    public struct SMTPSection: Sendable, Hashable {
        /// `smtp://host:port` (STARTTLS when offered) or `smtps://host:port`.
        public var url: String?
        public var from: String?
        public var username: String?
        /// The name of the environment variable holding the password; never the password itself.
        public var passwordEnv: String?
        /// Refuse to send unless the connection is encrypted.
        public var requireTLS = false
        /// How long one SMTP conversation may take.
        public var timeout = TimeSpan(seconds: 30)
        /// A PEM file of certificate authorities to trust instead of the system's (a private mail server).
        public var caFile: String?
        public init() {}

        /// Whether mail can be sent (a `url` and a `from` are set).
        public var isConfigured: Bool { url != nil && from != nil }

        init(reading reader: ConfigTableReader) throws(ConfigError) {
            var reader = reader
            url = try reader.string("url")
            from = try reader.string("from")
            username = try reader.string("username")
            passwordEnv = try reader.string("password_env")
            requireTLS = try reader.boolean("require_tls") ?? requireTLS
            timeout = try reader.timeSpan("timeout") ?? timeout
            caFile = try reader.string("ca_file")
            try reader.rejectUnknownKeys()

            guard let url else { throw reader.missing("url") }
            guard url.hasPrefix("smtp://") || url.hasPrefix("smtps://") else {
                throw reader.invalid("url", "'\(url)' must start with smtp:// or smtps://")
            }
            guard let from else { throw reader.missing("from") }
            guard !from.contains(where: \.isNewline), from.contains("@") else {
                throw reader.invalid("from", "'\(from)' is not a mail address")
            }
            if let passwordEnv, !ConfigValidation.isEnvironmentVariableName(passwordEnv) {
                throw reader.invalid("password_env", "must name an environment variable holding the password (like NEWSWATCH_SMTP_PASSWORD)")
            }
        }
    }

    /// `[fetch]`: limits and politeness for downloading feeds.
    public struct FetchSection: Sendable, Hashable {
        /// Transfers in flight at once.
        public var concurrency = 32
        /// Transfers in flight at once to one host.
        public var perHost = 2
        /// Total time one transfer may take.
        public var timeout = TimeSpan(seconds: 60)
        public var connectTimeout = TimeSpan(seconds: 10)
        /// Cap on one feed's decompressed body, in mebibytes.
        public var maxBodyMB = 16
        /// Shortest and longest time between two checks of one feed.
        public var minInterval = TimeSpan(seconds: 600)
        public var maxInterval = TimeSpan(seconds: 43_200)
        /// Refuse loopback, private and link-local addresses.
        public var denyPrivateNetworks = false
        /// Replaces the default User-Agent when set.
        public var userAgent: String?
        public init() {}

        /// `maxBodyMB` in bytes.
        public var maxBodyBytes: Int { maxBodyMB << 20 }

        init(reading reader: ConfigTableReader) throws(ConfigError) {
            var reader = reader
            concurrency = try reader.integer("concurrency") ?? concurrency
            perHost = try reader.integer("per_host") ?? perHost
            timeout = try reader.timeSpan("timeout") ?? timeout
            connectTimeout = try reader.timeSpan("connect_timeout") ?? connectTimeout
            maxBodyMB = try reader.integer("max_body_mb") ?? maxBodyMB
            minInterval = try reader.timeSpan("min_interval") ?? minInterval
            maxInterval = try reader.timeSpan("max_interval") ?? maxInterval
            denyPrivateNetworks = try reader.boolean("deny_private_networks") ?? denyPrivateNetworks
            userAgent = try reader.string("user_agent")
            try reader.rejectUnknownKeys()

            guard (1...100_000).contains(concurrency) else { throw reader.invalid("concurrency", "must be from 1 to 100000") }
            guard (1...1_000).contains(perHost) else { throw reader.invalid("per_host", "must be from 1 to 1000") }
            guard timeout.seconds > 0 else { throw reader.invalid("timeout", "must be more than zero") }
            guard connectTimeout.seconds > 0 else { throw reader.invalid("connect_timeout", "must be more than zero") }
            guard (1...4_096).contains(maxBodyMB) else { throw reader.invalid("max_body_mb", "must be from 1 to 4096") }
            guard minInterval.seconds > 0 else { throw reader.invalid("min_interval", "must be more than zero") }
            guard maxInterval.seconds >= minInterval.seconds else {
                throw reader.invalid("max_interval", "\(maxInterval) is shorter than min_interval (\(minInterval))")
            }
            if let userAgent, userAgent.isEmpty || userAgent.unicodeScalars.contains(where: ConfigValidation.isControl) {
                throw reader.invalid("user_agent", "must be non-empty text on one line")
            }
        }
    }

    /// `[stories]`: how items are grouped into stories.
    public struct StoriesSection: Sendable, Hashable {
        /// Items further apart in time than this never join the same story.
        public var window = TimeSpan(seconds: 3 * 86_400)
        /// The clusterer's numeric knobs by name (`similarity = 0.3`), with where each was written;
        /// the clustering stage checks the names (an unknown one is an error).
        public var knobs: [Knob] = []
        public struct Knob: Sendable, Hashable {
            public var name: String
            public var value: Double
            public var position: TOMLPosition?
        }
        public init() {}

        init(reading reader: ConfigTableReader) throws(ConfigError) {
            var reader = reader
            window = try reader.timeSpan("window") ?? window
            knobs = try reader.remainingNumbers().map { Knob(name: $0.key, value: $0.value, position: $0.position) }

            guard window.seconds > 0 else { throw reader.invalid("window", "must be more than zero") }
        }
    }

    /// `[alerts]`: follow-up alerts as a story spreads.
    public struct AlertsSection: Sendable, Hashable {
        /// Outlet counts that raise a follow-up alert when a story reaches them, ascending (`[5, 20]`).
        public var coverageSteps: [Int] = []
        public init() {}

        init(reading reader: ConfigTableReader) throws(ConfigError) {
            var reader = reader
            coverageSteps = try reader.integers("coverage_steps") ?? coverageSteps
            try reader.rejectUnknownKeys()

            if let small = coverageSteps.first(where: { $0 < 2 }) {
                throw reader.invalid("coverage_steps", "\(small) is not an outlet count above 1")
            }
            coverageSteps = Array(Set(coverageSteps)).sorted()
        }
    }

    /// `[digest]`: the daily report.
    public struct DigestSection: Sendable, Hashable {
        /// A folder of templates replacing the built-in ones.
        public var templateDir: String?
        /// Who receives the digest by mail when no `--email` is given.
        public var recipients: [String]?
        public var title: String?
        public init() {}

        init(reading reader: ConfigTableReader) throws(ConfigError) {
            var reader = reader
            templateDir = try reader.string("template_dir")
            recipients = try reader.strings("recipients")
            title = try reader.string("title")
            try reader.rejectUnknownKeys()

            if let bad = recipients?.first(where: { !ConfigValidation.isMailAddress($0) }) {
                throw reader.invalid("recipients", "'\(bad)' is not a mail address")
            }
            if let title, title.unicodeScalars.contains(where: ConfigValidation.isControl) {
                throw reader.invalid("title", "must be text on one line")
            }
        }
    }

    /// One `[[watch]]`: a query and where its alerts go.
    public struct WatchEntry: Sendable, Hashable {
        public var name: String
        /// In the watch query language; checked by `NewsWatchConfig.checkWatchQueries`.
        public var query: String
        public var email: [String] = []
        public var webhook: String?
        /// Where `query` was written, for pointing at an invalid query.
        public var queryPosition: TOMLPosition?

        public init(name: String, query: String, email: [String] = [], webhook: String? = nil, queryPosition: TOMLPosition? = nil) {
            self.name = name; self.query = query; self.email = email; self.webhook = webhook; self.queryPosition = queryPosition
        }

        /// The watch as the rest of newswatch knows it.
        public var watch: Watch { Watch(name: name, query: query, emails: email, webhook: webhook) }

        /// How messages name the `number`th (0-based) watch: `[[watch]] #1` for the first.
        static func tableName(_ number: Int) -> String { "[[watch]] #\(number + 1)" }

        init(reading reader: ConfigTableReader) throws(ConfigError) {
            var reader = reader
            guard let name = try reader.string("name") else { throw reader.missing("name") }
            guard let query = try reader.string("query") else { throw reader.missing("query") }
            self.name = name
            self.query = query
            queryPosition = reader.table.positions["query"]
            email = try reader.strings("email") ?? email
            webhook = try reader.string("webhook")
            try reader.rejectUnknownKeys()

            guard !name.trimmingCharacters(in: .whitespaces).isEmpty, !name.unicodeScalars.contains(where: ConfigValidation.isControl) else {
                throw reader.invalid("name", "must be non-empty text on one line")
            }
            guard !query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw reader.invalid("query", "is empty") }
            if let bad = email.first(where: { !ConfigValidation.isMailAddress($0) }) {
                throw reader.invalid("email", "'\(bad)' is not a mail address")
            }
            if let webhook, !(webhook.hasPrefix("http://") || webhook.hasPrefix("https://")) || webhook.contains(where: \.isWhitespace) {
                throw reader.invalid("webhook", "'\(webhook)' is not an http:// or https:// URL")
            }
        }

        /// Every `[[watch]]`, refusing two with the same name.
        static func readAll(_ value: TOMLValue, at position: TOMLPosition?, path: String) throws(ConfigError) -> [WatchEntry] {
            let wrongType = ConfigError.wrongType(path: path, key: "watch", table: "the top level",
                                                  expected: "an array of tables ([[watch]])", found: value.typeDescription, at: position)
            guard case .array(let elements) = value else { throw wrongType }
            var entries: [WatchEntry] = []
            var firstLineOfName: [String: Int] = [:]
            for (number, element) in elements.enumerated() {
                guard case .table(let table) = element else { throw wrongType }
                let reader = ConfigTableReader(table, name: tableName(number), path: path)
                let entry = try WatchEntry(reading: reader)
                if let earlier = firstLineOfName[entry.name] {
                    throw reader.invalid("name", "another watch is already named '\(entry.name)' (line \(earlier))")
                }
                firstLineOfName[entry.name] = table.positions["name"]?.line ?? 0
                entries.append(entry)
            }
            return entries
        }
    }
}

/// Small checks shared by the sections.
enum ConfigValidation {
    static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) }

    /// `local@domain` without spaces or control characters (anything that could break a mail header).
    static func isMailAddress(_ text: String) -> Bool {
        guard !text.unicodeScalars.contains(where: { isControl($0) || $0 == " " || $0 == "<" || $0 == ">" || $0 == "," }) else { return false }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
    }

    static func isEnvironmentVariableName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
