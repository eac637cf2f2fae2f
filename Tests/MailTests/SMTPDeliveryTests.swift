import Foundation
import Glibc
@testable import Mail
import Model
import Testing

@Suite("SMTP delivery against aiosmtpd on loopback")
struct SMTPDeliveryTests {
    let sender = "newswatch <alerts@example.org>"

    func settings(_ server: SMTPTestServer) -> SMTPSettings {
        SMTPSettings(url: server.url, from: sender, timeout: 10)
    }

    func alert(watch: String = "Climate", stories: [StorySummary]? = nil, to: [String] = ["analyst@example.org"],
               id: String = "<nw.alert.1@example.org>") -> MailMessage {
        AlertMail.compose(watchName: watch, stories: stories ?? [MailFixtures.story(1, title: "Protest in the capital")],
                          from: sender, to: to, messageID: id, date: MailFixtures.date)
    }

    @Test func deliversOneAlertWithEnvelopeAndHeaders() throws {
        let server = try SMTPTestServer(directory: MailFixtures.directory("smtp-deliver"))
        let delivery = try SMTPSender(settings: settings(server)).send(alert(to: ["Analyst <analyst@example.org>", "desk@example.org"]))
        #expect(delivery.accepted == ["analyst@example.org", "desk@example.org"])
        #expect(delivery.refused.isEmpty)
        #expect(delivery.serverReply.hasPrefix("250"))
        let mails = try server.received()
        try #require(mails.count == 1)
        #expect(mails[0].envelope.mail_from == "alerts@example.org")
        #expect(mails[0].envelope.rcpt_tos == ["analyst@example.org", "desk@example.org"])
        let parsed = try mails[0].parsed()
        #expect(parsed.header("Subject") == ["[newswatch] Climate: 1 new stories"])
        #expect(parsed.header("From") == ["newswatch <alerts@example.org>"])
        #expect(parsed.header("Message-ID") == ["<nw.alert.1@example.org>"])
        #expect(parsed.header("Date") == ["Fri, 27 Nov 2026 15:16:11 +0000"])
        #expect(parsed.mime.content_type == "multipart/alternative")
        #expect(parsed.mime.parts?.map(\.content_type) == ["text/plain", "text/html"])
    }

    @Test func batchesAllNewStoriesOfAWatchIntoOneMessage() throws {
        let server = try SMTPTestServer(directory: MailFixtures.directory("smtp-batch"))
        let stories = [MailFixtures.story(1, title: "Floods hit the north", outlets: 1),
                       MailFixtures.story(2, title: "Minister resigns", outlets: 7),
                       MailFixtures.story(3, title: "Strike ends after talks", outlets: 21, coverageStep: 20)]
        try SMTPSender(settings: settings(server)).send(alert(stories: stories))
        let mails = try server.received()
        try #require(mails.count == 1)
        let parsed = try mails[0].parsed()
        #expect(parsed.header("Subject") == ["[newswatch] Climate: 3 new stories"])
        let parts = try #require(parsed.mime.parts)
        for part in parts {
            let text = try #require(part.text)
            for story in stories { #expect(text.contains(story.title), "\(part.content_type) lacks \(story.title)") }
            #expect(text.contains("now reported by 20 outlets"))
        }
        #expect(parts[0].text?.contains("*protest*") == true)
        #expect(parts[1].text?.contains("<mark") == true)
        #expect(parts[1].text?.contains("href=\"https://news.example.org/story/2?a=1&amp;b=2\"") == true)
    }

    @Test func nonASCIIWatchNamesAndSendersArriveDecoded() throws {
        let server = try SMTPTestServer(directory: MailFixtures.directory("smtp-utf8"))
        var message = alert(watch: "Ürümqi 新疆", stories: [MailFixtures.story(1, title: "Café owners in Ürümqi protest")])
        message.from = "Zoë’s newswatch <alerts@example.org>"
        message.to = ["Jürgen Groß <juergen@example.org>"]
        try SMTPSender(settings: settings(server)).send(message)
        let mail = try #require(try server.received().first)
        #expect(mail.rawHeader.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(mail.rawHeader.contains("Subject: =?UTF-8?"))
        let parsed = try mail.parsed()
        #expect(parsed.header("Subject") == ["[newswatch] Ürümqi 新疆: 1 new stories"])
        #expect(parsed.header("From") == ["Zoë’s newswatch <alerts@example.org>"])
        #expect(parsed.header("To") == ["Jürgen Groß <juergen@example.org>"])
        #expect(parsed.mime.parts?[0].text?.contains("Café owners in Ürümqi protest") == true)
    }

    @Test func headerInjectionInTitlesAndWatchNamesAddsNoHeaderOrRecipient() throws {
        let server = try SMTPTestServer(directory: MailFixtures.directory("smtp-inject"))
        let hostile = "Breaking\r\nBcc: victim@example.net\r\nX-Injected: yes\n\nbody"
        let stories = [MailFixtures.story(1, title: hostile, link: "https://x.example/\r\nBcc: v2@example.net"),
                       MailFixtures.story(2, title: "<script>alert(1)</script>", link: "javascript:alert(1)",
                                          snippet: [("<img src=x onerror=alert(1)>", true)])]
        try SMTPSender(settings: settings(server)).send(alert(watch: "Climate\r\nBcc: victim@example.net", stories: stories))
        let mail = try #require(try server.received().first)
        #expect(mail.envelope.rcpt_tos == ["analyst@example.org"])
        let parsed = try mail.parsed()
        #expect(parsed.headerNames == ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Auto-Submitted", "Content-Type"])
        #expect(parsed.header("Subject") == ["[newswatch] Climate Bcc: victim@example.net: 2 new stories"])
        #expect(!mail.rawHeader.contains("\nBcc") && !mail.rawHeader.contains("\nX-Injected"))
        let html = try #require(parsed.mime.parts?[1].text)
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("javascript:alert(1)\""))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("href=\"javascript"))
    }

    @Test func serverDownIsTransientThenDeliveryWorksOnceItIsBack() throws {
        let server = try SMTPTestServer(directory: MailFixtures.directory("smtp-down"))
        server.stop()
        let smtp = SMTPSender(settings: settings(server))
        let message = alert(id: MailMessage.messageID(forKey: "alert:climate:1", domain: "example.org"))
        #expect {
            try smtp.send(message)
        } throws: { error in
            let error = error as! MailError
            return error.transient && error.kind == .unreachable && error.message.contains("127.0.0.1:\(server.port)")
        }
        try server.start()
        try smtp.send(message)
        let mails = try server.received()
        #expect(mails.count == 1)
        #expect(try mails.first?.parsed().header("Message-ID") == [message.messageID])
    }

    @Test func linesStartingWithADotArriveIntact() throws {
        let server = try SMTPTestServer(directory: MailFixtures.directory("smtp-dots"))
        let text = ".\n. one dot\n..two dots\nend\n."
        var message = alert()
        message.textBody = text
        message.htmlBody = ".<p>html</p>\n."
        try SMTPSender(settings: settings(server)).send(message)
        let parts = try #require(try server.received().first?.parsed().mime.parts)
        #expect(parts.map(\.text) == [text, ".<p>html</p>\n."])
    }

    @Test func resendingKeepsTheSameMessageID() throws {
        let server = try SMTPTestServer(directory: MailFixtures.directory("smtp-resend"))
        let id = MailMessage.messageID(forKey: "outbox:17", domain: "example.org")
        let smtp = SMTPSender(settings: settings(server))
        try smtp.send(alert(id: id))
        try smtp.send(alert(id: id))
        let ids = try server.received().map { try $0.parsed().header("Message-ID") }
        #expect(ids == [[id], [id]])
    }

    @Test func oneRefusedRecipientDoesNotStopTheOthers() throws {
        let server = try SMTPTestServer(directory: MailFixtures.directory("smtp-reject"), options: ["--reject", "gone@example.org"])
        let delivery = try SMTPSender(settings: settings(server)).send(alert(to: ["analyst@example.org", "gone@example.org", "desk@example.org"]))
        #expect(delivery.accepted == ["analyst@example.org", "desk@example.org"])
        #expect(delivery.refused.map(\.address) == ["gone@example.org"])
        #expect(delivery.refused.first?.code == 550)
        #expect(delivery.refused.first?.transient == false)
        #expect(try server.received().map(\.envelope.rcpt_tos) == [["analyst@example.org", "desk@example.org"]])
    }

    @Test func everyRecipientRefusedIsPermanentWith5xxAndTransientWith4xx() throws {
        let server = try SMTPTestServer(directory: MailFixtures.directory("smtp-reject-all"),
                                        options: ["--reject", "gone@example.org", "--defer", "busy@example.org"])
        let smtp = SMTPSender(settings: settings(server))
        #expect {
            try smtp.send(alert(to: ["gone@example.org"]))
        } throws: { error in
            let error = error as! MailError
            return !error.transient && error.kind == .recipientsRefused && error.refusedRecipients.map(\.address) == ["gone@example.org"]
                && error.message.contains("gone@example.org") && error.message.contains("550")
        }
        #expect {
            try smtp.send(alert(to: ["busy@example.org"]))
        } throws: { error in
            let error = error as! MailError
            return error.transient && error.kind == .recipientsRefused && error.refusedRecipients.first?.code == 450
        }
        #expect(try server.received().isEmpty)
    }

    @Test(arguments: [("554 5.7.1 Message refused as spam", false), ("451 4.3.0 Try again later", true)])
    func refusalOfTheMessageItselfIsPermanentOnlyWith5xx(reply: String, transient: Bool) throws {
        let server = try SMTPTestServer(directory: MailFixtures.directory("smtp-data"), options: ["--data-reply", reply])
        #expect {
            try SMTPSender(settings: settings(server)).send(alert())
        } throws: { error in
            let error = error as! MailError
            return error.kind == .messageRefused && error.transient == transient && error.message.contains(reply)
        }
    }

    @Test func silentServerTimesOutAsTransient() throws {
        // A socket that listens but never accepts: the kernel completes the handshake, no greeting ever comes.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                guard bind(fd, socketAddress, length) == 0, listen(fd, 4) == 0, getsockname(fd, socketAddress, &length) == 0 else {
                    throw POSIXError(.EADDRINUSE)
                }
            }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        var settings = SMTPSettings(url: "smtp://127.0.0.1:\(port)", from: sender)
        settings.timeout = 1
        let started = Date()
        #expect {
            try SMTPSender(settings: settings).send(alert())
        } throws: { error in
            let error = error as! MailError
            return error.transient && error.kind == .timeout
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func badSettingsFailWithAClearMessage() throws {
        let noScheme = SMTPSender(settings: SMTPSettings(url: "mail.example.org:25", from: sender))
        #expect(throws: MailError.self) { try noScheme.send(alert()) }
        let server = try SMTPTestServer(directory: MailFixtures.directory("smtp-config"))
        var withLogin = settings(server)
        withLogin.username = "newswatch"
        withLogin.passwordEnv = "NEWSWATCH_TEST_UNSET_PASSWORD"
        #expect {
            try SMTPSender(settings: withLogin, environment: [:]).send(alert())
        } throws: { error in
            let error = error as! MailError
            return error.kind == .configuration && error.message.contains("NEWSWATCH_TEST_UNSET_PASSWORD")
        }
        #expect(throws: MailError.self) { try SMTPSender(settings: settings(server)).send(alert(to: ["\r\n"])) }
        #expect(try server.received().isEmpty)
    }
}
