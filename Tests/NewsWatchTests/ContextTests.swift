import Foundation
import Testing
import NewsWatch
import TestSupport

/// Commands start from a Context: the config read and every part of it checked against the stages.
struct ContextTests {
    func context(_ toml: String) throws -> Context {
        let dir = try TestPaths.temporaryDirectory("context")
        let path = dir.appendingPathComponent("config.toml").path
        try Data(toml.utf8).write(to: URL(fileURLWithPath: path))
        return try Context(databasePath: dir.appendingPathComponent("db").path, configPath: path)
    }

    @Test func clusteringKnobsReachTheClusterer() throws {
        let c = try context("[stories]\nwindow = \"2d\"\nsimilarity = 0.3\nkey_terms = 6\n")
        #expect(c.clusterOptions.window == 2 * 86_400)
        #expect(c.clusterOptions.similarityThreshold == 0.3)
        #expect(c.clusterOptions.candidateKeyTerms == 6)
        #expect(c.passSettings(fetchAll: false).clustering == c.clusterOptions)
    }

    @Test func anUnknownClusteringKnobIsAnErrorNamingIt() {
        #expect { _ = try context("[stories]\nsimilarty = 0.3\n") } throws: { "\($0)".contains("similarty") && "\($0)".contains(":2:1") }
    }

    @Test func anInvalidWatchQueryInTheConfigIsAnErrorPointingAtIt() {
        #expect { _ = try context("[[watch]]\nname = \"x\"\nquery = \"(xinjiang OR uyghur\"\n") } throws: { "\($0)".contains("query") }
    }

    @Test func smtpAndFetchSettingsMapOntoTheStages() throws {
        let c = try context("[smtp]\nurl = \"smtp://127.0.0.1:2525\"\nfrom = \"nw@example.org\"\ntimeout = \"5s\"\nca_file = \"/tmp/ca.pem\"\n" +
                            "[fetch]\nconcurrency = 8\nper_host = 3\n")
        #expect(c.smtpSettings?.url == "smtp://127.0.0.1:2525")
        #expect(c.smtpSettings?.timeout == 5 && c.smtpSettings?.caFile == "/tmp/ca.pem")
        #expect(c.fetchOptions.concurrency == 8 && c.fetchOptions.perHost == 3)
        #expect(try context("").smtpSettings == nil)
    }
}
