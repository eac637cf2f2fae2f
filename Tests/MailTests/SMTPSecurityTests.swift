import Foundation
@testable import Mail
import Testing

@Suite("SMTP with STARTTLS, smtps and AUTH against aiosmtpd")
struct SMTPSecurityTests {
    static let passwordVariable = "NEWSWATCH_TEST_SMTP_PASSWORD"
    static let password = "s3cret-pa55"

    func message() -> MailMessage {
        AlertMail.compose(watchName: "Security", stories: [MailFixtures.story(1, title: "Leak at the ministry")],
                          from: "alerts@example.org", to: ["analyst@example.org"],
                          messageID: "<nw.tls.1@example.org>", date: MailFixtures.date)
    }

    /// A server offering STARTTLS with a fresh self-signed certificate, requiring AUTH as newswatch.
    func tlsServer(_ name: String, extra: [String] = []) throws -> (SMTPTestServer, cert: String) {
        let dir = try MailFixtures.directory(name)
        let (cert, key) = try MailFixtures.selfSignedCertificate(in: dir)
        let server = try SMTPTestServer(directory: dir, options: ["--tls-cert", cert, "--tls-key", key,
                                                                  "--auth", "newswatch:\(Self.password)"] + extra)
        return (server, cert)
    }

    func settings(url: String, cert: String?, requireTLS: Bool = true) -> SMTPSettings {
        SMTPSettings(url: url, from: "alerts@example.org", username: "newswatch", passwordEnv: Self.passwordVariable,
                     requireTLS: requireTLS, timeout: 10, caFile: cert)
    }

    @Test func startTLSThenAuthDelivers() throws {
        let (server, cert) = try tlsServer("smtp-starttls", extra: ["--require-tls"])
        let smtp = SMTPSender(settings: settings(url: server.url, cert: cert), environment: [Self.passwordVariable: Self.password])
        try smtp.send(message())
        let mail = try #require(try server.received().first)
        #expect(mail.envelope.tls)
        #expect(mail.envelope.login == "newswatch")
    }

    @Test func startTLSIsUsedWhenOfferedEvenIfNotRequired() throws {
        let (server, cert) = try tlsServer("smtp-starttls-try")
        let smtp = SMTPSender(settings: settings(url: server.url, cert: cert, requireTLS: false),
                              environment: [Self.passwordVariable: Self.password])
        try smtp.send(message())
        #expect(try server.received().first?.envelope.tls == true)
    }

    @Test func implicitTLSDelivers() throws {
        let (server, cert) = try tlsServer("smtp-smtps", extra: ["--implicit-tls"])
        let smtp = SMTPSender(settings: settings(url: "smtps://127.0.0.1:\(server.port)", cert: cert),
                              environment: [Self.passwordVariable: Self.password])
        try smtp.send(message())
        let mail = try #require(try server.received().first)
        #expect(mail.envelope.tls && mail.envelope.login == "newswatch")
    }

    @Test func wrongPasswordIsAnAuthenticationErrorThatNeverShowsThePassword() throws {
        let (server, cert) = try tlsServer("smtp-badauth")
        let wrong = "wrong-Pa55word-9"
        let smtp = SMTPSender(settings: settings(url: server.url, cert: cert), environment: [Self.passwordVariable: wrong])
        #expect {
            try smtp.send(message())
        } throws: { error in
            let error = error as! MailError
            return error.kind == .authentication && error.transient && !error.message.contains(wrong)
        }
        #expect(try server.received().isEmpty)
    }

    @Test func untrustedCertificateIsRefused() throws {
        let (server, _) = try tlsServer("smtp-untrusted")
        let smtp = SMTPSender(settings: settings(url: server.url, cert: nil), environment: [Self.passwordVariable: Self.password])
        #expect {
            try smtp.send(message())
        } throws: { error in
            (error as! MailError).kind == .tls
        }
        #expect(try server.received().isEmpty)
    }

    @Test func requireTLSRefusesAServerWithoutStartTLS() throws {
        let server = try SMTPTestServer(directory: MailFixtures.directory("smtp-notls"))
        var plain = SMTPSettings(url: server.url, from: "alerts@example.org", requireTLS: true)
        plain.timeout = 10
        #expect {
            try SMTPSender(settings: plain).send(message())
        } throws: { error in
            (error as! MailError).kind == .tls
        }
        #expect(try server.received().isEmpty)
    }
}
