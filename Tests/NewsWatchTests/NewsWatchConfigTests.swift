import Foundation
import Model
import Testing
@testable import NewsWatch

@Suite struct NewsWatchConfigTests {
    /// The one-line message `text` is refused with.
    private func refusal(_ text: String) -> String? {
        do {
            _ = try NewsWatchConfig.parse(text, path: "config.toml")
            return nil
        } catch {
            return error.description
        }
    }

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("newswatch-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func defaultsMatchTheDocumentedValues() {
        let config = NewsWatchConfig()
        #expect(config.smtp.url == nil && !config.smtp.isConfigured && !config.smtp.requireTLS)
        #expect(config.fetch.concurrency == 32 && config.fetch.perHost == 2)
        #expect(config.fetch.timeout.seconds == 60 && config.fetch.connectTimeout.seconds == 10)
        #expect(config.fetch.maxBodyMB == 16 && config.fetch.maxBodyBytes == 16 << 20)
        #expect(config.fetch.minInterval.seconds == 600 && config.fetch.maxInterval.seconds == 43_200)
        #expect(!config.fetch.denyPrivateNetworks && config.fetch.userAgent == nil)
        #expect(config.stories.window.seconds == 3 * 86_400)
        #expect(config.alerts.coverageSteps.isEmpty)
        #expect(config.digest.templateDir == nil && config.digest.recipients == nil && config.digest.title == nil)
        #expect(config.watches.isEmpty)
    }

    @Test func readsEverySection() throws {
        let config = try NewsWatchConfig.parse("""
            [smtp]
            url = "smtps://mail.example.org:465"
            from = "newswatch <alerts@example.org>"
            username = "alerts"
            password_env = "NEWSWATCH_SMTP_PASSWORD"
            require_tls = true

            [fetch]
            concurrency = 64
            per_host = 4
            timeout = 30
            connect_timeout = "5s"
            max_body_mb = 8
            min_interval = "15m"
            max_interval = 86400
            deny_private_networks = true
            user_agent = "newswatch-test/1.0"

            [stories]
            window = "2d"

            [alerts]
            coverage_steps = [20, 5]

            [digest]
            template_dir = "/etc/newswatch/templates"
            recipients = ["editor@example.org", "desk@example.org"]
            title = "Morning digest"

            [[watch]]
            name = "ports"
            query = '"port strike" OR dockers'
            email = ["desk@example.org"]
            webhook = "https://hooks.example.org/newswatch"

            [[watch]]
            name = "新疆"
            query = "新疆"
            """, path: "config.toml")
        #expect(config.path == "config.toml")
        #expect(config.smtp.url == "smtps://mail.example.org:465")
        #expect(config.smtp.from == "newswatch <alerts@example.org>")
        #expect(config.smtp.username == "alerts" && config.smtp.passwordEnv == "NEWSWATCH_SMTP_PASSWORD")
        #expect(config.smtp.requireTLS && config.smtp.isConfigured)
        #expect(config.fetch.concurrency == 64 && config.fetch.perHost == 4)
        #expect(config.fetch.timeout.seconds == 30 && config.fetch.connectTimeout.seconds == 5)
        #expect(config.fetch.maxBodyMB == 8)
        #expect(config.fetch.minInterval.seconds == 900 && config.fetch.maxInterval.seconds == 86_400)
        #expect(config.fetch.denyPrivateNetworks && config.fetch.userAgent == "newswatch-test/1.0")
        #expect(config.stories.window.seconds == 2 * 86_400)
        #expect(config.alerts.coverageSteps == [5, 20])
        #expect(config.digest.templateDir == "/etc/newswatch/templates")
        #expect(config.digest.recipients == ["editor@example.org", "desk@example.org"])
        #expect(config.digest.title == "Morning digest")
        #expect(config.watches.map(\.watch) == [
            Watch(name: "ports", query: "\"port strike\" OR dockers", emails: ["desk@example.org"], webhook: "https://hooks.example.org/newswatch"),
            Watch(name: "新疆", query: "新疆"),
        ])
        #expect(config.watches[0].queryPosition == TOMLPosition(line: 32, column: 1))
    }

    @Test func missingFileGivesDefaultsUnlessRequired() throws {
        let path = try temporaryFolder().appendingPathComponent("absent.toml").path
        #expect(try NewsWatchConfig.load(path: path, mustExist: false) == NewsWatchConfig())
        #expect(throws: ConfigError.missing(path: path)) { try NewsWatchConfig.load(path: path, mustExist: true) }
    }

    @Test func loadsAFileAndReportsItsPathInErrors() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.toml")
        try Data("[fetch]\nconcurrency = 5\n".utf8).write(to: good)
        let config = try NewsWatchConfig.load(path: good.path, mustExist: true)
        #expect(config.fetch.concurrency == 5 && config.path == good.path)

        let broken = folder.appendingPathComponent("broken.toml")
        try Data("[fetch]\nconcurrency 5\n".utf8).write(to: broken)
        do {
            _ = try NewsWatchConfig.load(path: broken.path, mustExist: false)
            Issue.record("a broken file was accepted")
        } catch {
            #expect(error.description == "\(broken.path):2:13: expected '=' after key")
        }

        let binary = folder.appendingPathComponent("latin1.toml")
        try Data([0x74, 0x3D, 0x22, 0xE9, 0x22, 0x0A]).write(to: binary)
        #expect(throws: ConfigError.self) { try NewsWatchConfig.load(path: binary.path, mustExist: false) }

        do {
            _ = try NewsWatchConfig.load(path: folder.path, mustExist: false)
            Issue.record("a directory was accepted")
        } catch {
            #expect(error == .unreadable(path: folder.path, reason: "it is a directory"))
        }
    }

    @Test func expandsALeadingTilde() throws {
        let home = FileManager.default.homeDirectoryForCurrentUser
        let name = "newswatch-config-\(UUID().uuidString).toml"
        let file = home.appendingPathComponent(name)
        try Data("[fetch]\nper_host = 3\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let config = try NewsWatchConfig.load(path: "~/" + name, mustExist: true)
        #expect(config.fetch.perHost == 3 && config.path == "~/" + name)
    }

    @Test func emptyFileGivesDefaults() throws {
        var expected = NewsWatchConfig()
        expected.path = "empty.toml"
        #expect(try NewsWatchConfig.parse("# nothing set\n", path: "empty.toml") == expected)
    }

    @Test func unknownKeysAreNamedWithTheirTable() {
        #expect(refusal("[fetch]\nconcurrency = 4\nconcurency = 8\n") == "config.toml:3:1: unknown key 'concurency' in [fetch]")
        #expect(refusal("[smtp]\nurl = \"smtp://x\"\nfrom = \"a@b\"\npassword = \"hunter2\"\n") == "config.toml:4:1: unknown key 'password' in [smtp]")
        #expect(refusal("[[watch]]\nname = \"a\"\nquery = \"b\"\n[[watch]]\nname = \"c\"\nquery = \"d\"\nemails = []\n") == "config.toml:7:1: unknown key 'emails' in [[watch]] #2")
        #expect(refusal("verbose = true\n") == "config.toml:1:1: unknown key 'verbose' in the top level")
        #expect(refusal("[fetchh]\nconcurrency = 4\n") == "config.toml:1:1: unknown table [fetchh]")
        #expect(refusal("[fetch.extra]\n") == "config.toml:1:1: unknown key 'extra' in [fetch]")
    }

    @Test func wrongTypesAreRefused() {
        #expect(refusal("[fetch]\nconcurrency = \"32\"\n") == "config.toml:2:1: 'concurrency' in [fetch] must be an integer, not a string")
        #expect(refusal("[fetch]\ndeny_private_networks = 1\n") == "config.toml:2:1: 'deny_private_networks' in [fetch] must be true or false, not an integer")
        #expect(refusal("[fetch]\nmin_interval = true\n") == "config.toml:2:1: 'min_interval' in [fetch] must be a duration like \"10m\" or a number of seconds, not a boolean")
        #expect(refusal("[alerts]\ncoverage_steps = [5, \"20\"]\n") == "config.toml:2:1: 'coverage_steps' in [alerts] must be an array of integers, not an array holding a string")
        #expect(refusal("[[watch]]\nname = \"a\"\nquery = \"b\"\nemail = \"desk@example.org\"\n") == "config.toml:4:1: 'email' in [[watch]] #1 must be an array of strings, not a string")
        #expect(refusal("fetch = 3\n") == "config.toml:1:1: 'fetch' in the top level must be a table ([fetch]), not an integer")
        #expect(refusal("[watch]\nname = \"a\"\n") == "config.toml:1:1: 'watch' in the top level must be an array of tables ([[watch]]), not a table")
        #expect(refusal("[[fetch]]\n") == "config.toml:1:1: 'fetch' in the top level must be a table ([fetch]), not an array")
    }

    @Test func durationsReadAsStringsOrSeconds() throws {
        let config = try NewsWatchConfig.parse("[fetch]\nmin_interval = 90\nmax_interval = \"1.5h\"\ntimeout = 2.5\n[stories]\nwindow = \"1w\"\n", path: "c")
        #expect(config.fetch.minInterval.seconds == 90)
        #expect(config.fetch.maxInterval.seconds == 5400)
        #expect(config.fetch.timeout.seconds == 2.5)
        #expect(config.stories.window.seconds == 7 * 86_400)
        #expect(refusal("[stories]\nwindow = \"three days\"\n") == "config.toml:2:1: invalid 'window' in [stories]: 'three days' is not a duration (write it like \"30s\", \"10m\", \"12h\", \"3d\")")
        #expect(refusal("[fetch]\ntimeout = -5\n") == "config.toml:2:1: invalid 'timeout' in [fetch]: a duration cannot be negative")
    }

    @Test func unusableValuesAreRefused() {
        #expect(refusal("[fetch]\nconcurrency = 0\n") == "config.toml:2:1: invalid 'concurrency' in [fetch]: must be from 1 to 100000")
        #expect(refusal("[fetch]\nmin_interval = \"2h\"\nmax_interval = \"1h\"\n") == "config.toml:3:1: invalid 'max_interval' in [fetch]: 1h is shorter than min_interval (2h)")
        #expect(refusal("[fetch]\nuser_agent = \"\"\n") == "config.toml:2:1: invalid 'user_agent' in [fetch]: must be non-empty text on one line")
        #expect(refusal("[smtp]\nurl = \"http://mail\"\nfrom = \"a@b\"\n") == "config.toml:2:1: invalid 'url' in [smtp]: 'http://mail' must start with smtp:// or smtps://")
        #expect(refusal("[smtp]\nurl = \"smtp://mail\"\nfrom = \"a@b\"\npassword_env = \"s3cret pass!\"\n") == "config.toml:4:1: invalid 'password_env' in [smtp]: must name an environment variable holding the password (like NEWSWATCH_SMTP_PASSWORD)")
        #expect(refusal("[smtp]\nurl = \"smtp://mail\"\nfrom = \"a@b\\r\\nBcc: x@y\"\n") == "config.toml:3:1: invalid 'from' in [smtp]: 'a@b\r\nBcc: x@y' is not a mail address")
        #expect(refusal("[alerts]\ncoverage_steps = [1, 5]\n") == "config.toml:2:1: invalid 'coverage_steps' in [alerts]: 1 is not an outlet count above 1")
        #expect(refusal("[digest]\nrecipients = [\"nobody\"]\n") == "config.toml:2:1: invalid 'recipients' in [digest]: 'nobody' is not a mail address")
        #expect(refusal("[[watch]]\nname = \"a\"\nquery = \"  \"\n") == "config.toml:3:1: invalid 'query' in [[watch]] #1: is empty")
        #expect(refusal("[[watch]]\nname = \"a\"\nquery = \"b\"\nemail = [\"x@y\", \"a b@c\"]\n") == "config.toml:4:1: invalid 'email' in [[watch]] #1: 'a b@c' is not a mail address")
        #expect(refusal("[[watch]]\nname = \"a\"\nquery = \"b\"\nwebhook = \"ftp://x\"\n") == "config.toml:4:1: invalid 'webhook' in [[watch]] #1: 'ftp://x' is not an http:// or https:// URL")
    }

    @Test func requiredKeysPointAtTheirTable() {
        #expect(refusal("[smtp]\nfrom = \"a@b\"\n") == "config.toml:1:1: missing key 'url' in [smtp]")
        #expect(refusal("[smtp]\nurl = \"smtp://mail:25\"\n") == "config.toml:1:1: missing key 'from' in [smtp]")
        #expect(refusal("[[watch]]\nname = \"a\"\nquery = \"b\"\n\n[[watch]]\nname = \"c\"\n") == "config.toml:5:1: missing key 'query' in [[watch]] #2")
    }

    @Test func watchNamesAreUnique() {
        let text = "[[watch]]\nname = \"ports\"\nquery = \"a\"\n[[watch]]\nname = \"ports\"\nquery = \"b\"\n"
        #expect(refusal(text) == "config.toml:5:1: invalid 'name' in [[watch]] #2: another watch is already named 'ports' (line 2)")
    }

    @Test func syntaxErrorsKeepTheirPosition() {
        #expect(refusal("[fetch]\nconcurrency = 4\nconcurrency = 8\n") == "config.toml:3:1: duplicate key 'concurrency'")
        #expect(refusal("[[watch]]\nname = \"a\nquery = \"b\"\n") == "config.toml:2:8: unterminated string")
    }

    @Test func watchQueriesAreCheckedByTheGivenValidator() throws {
        let config = try NewsWatchConfig.parse("""
            [[watch]]
            name = "fine"
            query = "port strike"

            [[watch]]
            name = "broken"
            email = ["desk@example.org"]
              query = "(unbalanced"
            """, path: "demo.toml")
        var checked: [String] = []
        do {
            try config.checkWatchQueries { query in
                checked.append(query)
                return query.hasPrefix("(") && !query.hasSuffix(")") ? "invalid query at position 1: unbalanced parenthesis" : nil
            }
            Issue.record("the invalid query was accepted")
        } catch {
            #expect(error.description == "demo.toml:8:3: invalid 'query' in [[watch]] #2: invalid query at position 1: unbalanced parenthesis")
        }
        #expect(checked == ["port strike", "(unbalanced"])
    }
}
