import Foundation
@testable import Mail
import Testing

@Suite("MIME rendering")
struct MIMEMessageTests {
    func message(subject: String = "[newswatch] Climate: 2 new stories", from: String = "newswatch <alerts@example.org>",
                 to: [String] = ["Analyst <analyst@example.org>"], text: String = "Plain body\nsecond line",
                 html: String? = "<p>HTML body</p>", id: String = "<nw.test.1@example.org>") -> MailMessage {
        MailMessage(from: from, to: to, subject: subject, textBody: text, htmlBody: html, messageID: id, date: MailFixtures.date)
    }

    /// Every line ends in CRLF and stays within 998 characters (RFC 5322 §2.1.1).
    func expectWellFormedLines(_ bytes: [UInt8], headerLimit: Int = 78) {
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(bytes.allSatisfy { $0 < 0x80 }, "the rendered message must be 7-bit")
        #expect(text.hasSuffix("\r\n"))
        var index = 0
        var inHeader = true
        for line in text.components(separatedBy: "\r\n").dropLast() {
            #expect(!line.contains("\r") && !line.contains("\n"), "bare CR or LF in line \(index)")
            #expect(line.utf8.count <= 998, "line \(index) has \(line.utf8.count) characters")
            if inHeader && line.isEmpty { inHeader = false }
            if inHeader { #expect(line.utf8.count <= headerLimit, "header line too long: \(line)") }
            index += 1
        }
    }

    @Test func rendersDateInRFC5322Form() {
        #expect(RFC5322Date.string(from: MailFixtures.date) == "Fri, 27 Nov 2026 15:16:11 +0000")
        #expect(RFC5322Date.string(from: Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
    }

    @Test func rendersRequiredHeadersAndParsesAsMultipartAlternative() throws {
        let text = "Line one ünïcödé\nLine two with = sign and trailing space \n.\n. leading dot\n" + String(repeating: "long ", count: 300)
        let html = "<p>Straße &amp; café</p>\n<p>\(String(repeating: "x", count: 2000))</p>"
        let bytes = MIMEMessage.render(message(text: text, html: html))
        expectWellFormedLines(bytes)
        let parsed = try ParsedMail.parse(rendered: bytes)
        #expect(parsed.headerNames == ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Auto-Submitted", "Content-Type"])
        #expect(parsed.header("Date") == ["Fri, 27 Nov 2026 15:16:11 +0000"])
        #expect(parsed.header("Message-ID") == ["<nw.test.1@example.org>"])
        #expect(parsed.header("MIME-Version") == ["1.0"])
        #expect(parsed.mime.content_type == "multipart/alternative")
        #expect(parsed.mime.defects.isEmpty)
        let parts = try #require(parsed.mime.parts)
        #expect(parts.map(\.content_type) == ["text/plain", "text/html"])
        #expect(parts.allSatisfy { $0.charset == "utf-8" && $0.defects.isEmpty })
        #expect(parts[0].text == text)
        #expect(parts[1].text == html)
    }

    @Test func textOnlyMessageIsSinglePart() throws {
        let parsed = try ParsedMail.parse(rendered: MIMEMessage.render(message(html: nil)))
        #expect(parsed.mime.content_type == "text/plain")
        #expect(parsed.mime.text == "Plain body\nsecond line\n")
    }

    @Test func encodesNonASCIISubjectAndDisplayNamesAsRFC2047() throws {
        let subject = "[newswatch] Ürümqi 新疆 «Café»: 3 new stories"
        let bytes = MIMEMessage.render(message(subject: subject, from: "Zoë Müller <zoe@example.org>",
                                               to: ["山田 太郎 <taro@example.jp>", "\"Doe, Jane\" <jane@example.org>", "plain@example.org"]))
        expectWellFormedLines(bytes)
        let raw = String(decoding: bytes, as: UTF8.self)
        #expect(raw.contains("Subject: =?UTF-8?"))
        let parsed = try ParsedMail.parse(rendered: bytes)
        #expect(parsed.header("Subject") == [subject])
        #expect(parsed.header("From") == ["Zoë Müller <zoe@example.org>"])
        #expect(parsed.header("To") == ["山田 太郎 <taro@example.jp>, \"Doe, Jane\" <jane@example.org>, plain@example.org"])
    }

    @Test func foldsLongSubjectsWithinLineLimits() throws {
        let longASCII = "[newswatch] " + Array(repeating: "protest", count: 60).joined(separator: " ") + ": 9 new stories"
        let longUnicode = "[newswatch] " + String(repeating: "Ürümqi 新疆 ", count: 40) + ": 9 new stories"
        let oneHugeWord = "[newswatch] " + String(repeating: "x", count: 3000) + ": 1 new stories"
        for subject in [longASCII, longUnicode, oneHugeWord] {
            let bytes = MIMEMessage.render(message(subject: subject))
            expectWellFormedLines(bytes)
            let parsed = try ParsedMail.parse(rendered: bytes)
            #expect(parsed.header("Subject") == [subject])
            for word in String(decoding: bytes, as: UTF8.self).split(separator: " ") where word.hasPrefix("=?") {
                #expect(word.trimmingCharacters(in: .newlines).count <= 75, "encoded-word longer than 75: \(word)")
            }
        }
    }

    @Test func controlCharactersCannotAddOrBreakHeaders() throws {
        let bytes = MIMEMessage.render(message(
            subject: "Hello\r\nBcc: victim@example.net\r\n\r\nInj\u{202E}ected body\u{0}\u{7}\u{85}\u{2028}end",
            from: "Evil\r\nBcc: a@example.net <alerts@example.org>\r\nX-Evil: 1",
            to: ["victim\r\nCc: b@example.net <analyst@example.org>", "c@example.org\r\nBcc: d@example.net"],
            id: "<id@example.org>\r\nBcc: e@example.net"))
        expectWellFormedLines(bytes)
        let parsed = try ParsedMail.parse(rendered: bytes)
        #expect(parsed.headerNames == ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Auto-Submitted", "Content-Type"])
        #expect(parsed.header("Subject") == ["Hello Bcc: victim@example.net Injected body end"])
        let raw = String(decoding: bytes, as: UTF8.self)
        let header = raw.components(separatedBy: "\r\n\r\n")[0]
        #expect(!header.contains("\r\nBcc:") && !header.contains("\r\nCc:") && !header.contains("\r\nX-Evil"))
        #expect(parsed.mime.parts?.count == 2)
    }

    @Test func bodyCannotForgeAPartBoundary() throws {
        let plain = message()
        let boundary = MIMEMessage.boundary(for: plain)
        let hostile = "before\n--\(boundary)\nContent-Type: text/html\n\n<script>x</script>\n--\(boundary)--\nafter"
        let parsed = try ParsedMail.parse(rendered: MIMEMessage.render(message(text: hostile)))
        #expect(parsed.mime.parts?.count == 2)
        #expect(parsed.mime.parts?.first?.text == hostile)
    }

    @Test func cjkBodiesUseBase64AndRoundTrip() throws {
        let text = String(repeating: "习近平在北京会见外国领导人。", count: 20)
        let bytes = MIMEMessage.render(message(text: text, html: "<p>\(text)</p>"))
        expectWellFormedLines(bytes)
        #expect(String(decoding: bytes, as: UTF8.self).contains("Content-Transfer-Encoding: base64"))
        let parsed = try ParsedMail.parse(rendered: bytes)
        #expect(parsed.mime.parts?.first?.text == text)
    }

    @Test func inlineImagesTravelInAMultipartRelatedWithTheHTML() throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<3000).map { UInt8($0 % 251) }
        var withImage = message(html: "<p>Trend</p><img src=\"cid:trend-1@newswatch\" alt=\"trend\">")
        withImage.inlineImages = [InlineImage(contentID: "trend-1@newswatch", filename: "trend\r\n.png", data: png)]
        let bytes = MIMEMessage.render(withImage)
        expectWellFormedLines(bytes)
        let parsed = try ParsedMail.parse(rendered: bytes)
        #expect(parsed.mime.content_type == "multipart/alternative")
        let parts = try #require(parsed.mime.parts)
        #expect(parts.map(\.content_type) == ["text/plain", "multipart/related"])
        let related = try #require(parts[1].parts)
        #expect(related.map(\.content_type) == ["text/html", "image/png"])
        #expect(related[0].text?.contains("cid:trend-1@newswatch") == true)
        #expect(related[1].content_id == "<trend-1@newswatch>")
        #expect(related[1].filename == "trend .png")
        #expect(related[1].size == png.count)
        #expect(related[1].sha256 == SHA256ForTest.hex(png))
        #expect(([parsed.mime] + parts + related).allSatisfy { $0.defects.isEmpty })
    }

    @Test func messageIDsFromKeysAreStableAndDistinct() {
        let a = MailMessage.messageID(forKey: "alert:watch 7:story/42", domain: "example.org")
        #expect(a == MailMessage.messageID(forKey: "alert:watch 7:story/42", domain: "example.org"))
        #expect(a != MailMessage.messageID(forKey: "alert:watch 7:story/43", domain: "example.org"))
        #expect(a.hasPrefix("<") && a.hasSuffix("@example.org>"))
        let hostile = MailMessage.messageID(forKey: "k\r\nBcc: x@y <z>", domain: "news\r\nwatch@example.org")
        #expect(hostile.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F })
        #expect(hostile.filter { $0 == "<" }.count == 1 && hostile.filter { $0 == "@" }.count == 1)
        let long = MailMessage.messageID(forKey: String(repeating: "é", count: 500), domain: "example.org")
        #expect(long.count < 140)
        #expect(long != MailMessage.messageID(forKey: String(repeating: "é", count: 499), domain: "example.org"))
        let unique = Set((0..<1000).map { _ in MailMessage.uniqueMessageID(domain: "alerts@example.org") })
        #expect(unique.count == 1000)
        #expect(unique.allSatisfy { $0.hasSuffix("@example.org>") })
    }
}

/// SHA-256 through the system's sha256sum, to compare with what Python decoded.
enum SHA256ForTest {
    static func hex(_ bytes: [UInt8]) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try? process.run()
        input.fileHandleForWriting.write(Data(bytes))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}
