import Foundation
@testable import Mail
import Testing

@Suite("SMTP sessions: several messages over one connection")
struct SMTPSessionTests {
    func message(_ n: Int) -> MailMessage {
        AlertMail.compose(watchName: "Watch \(n)", stories: [MailFixtures.story(Int64(n), title: "Story \(n)")],
                          from: "alerts@example.org", to: ["analyst@example.org"],
                          messageID: MailMessage.messageID(forKey: "outbox:\(n)", domain: "example.org"), date: MailFixtures.date)
    }

    @Test func aSessionReusesItsConnection() throws {
        let server = try SMTPTestServer(directory: MailFixtures.directory("smtp-session"))
        let sender = SMTPSender(settings: SMTPSettings(url: server.url, from: "alerts@example.org", timeout: 10))
        let session = try sender.session()
        for n in 1...3 { try session.send(message(n)) }
        try sender.send(message(4))
        let mails = try server.received()
        #expect(try mails.map { try $0.parsed().header("Subject") } == (1...4).map { ["[newswatch] Watch \($0): 1 new stories"] })
        let ports = mails.map(\.envelope.peer_port)
        #expect(ports[0] == ports[1] && ports[1] == ports[2])
        #expect(ports[3] != ports[0])
    }

    @Test func aSessionReconnectsAfterTheServerCameBack() throws {
        let server = try SMTPTestServer(directory: MailFixtures.directory("smtp-session-restart"))
        let session = try SMTPSender(settings: SMTPSettings(url: server.url, from: "alerts@example.org", timeout: 10)).session()
        try session.send(message(1))
        server.stop()
        #expect {
            try session.send(message(2))
        } throws: { error in
            (error as! MailError).transient
        }
        try server.start()
        try session.send(message(2))
        #expect(try server.received().count == 2)
    }
}
