import Foundation
import Model
import TestSupport

/// Stories, certificates and directories shared by the mail tests.
enum MailFixtures {
    static let date = Date(timeIntervalSince1970: 1_795_792_571) // Fri, 27 Nov 2026 15:16:11 UTC

    static func story(_ id: Int64, title: String, outlets: Int = 3, link: String? = nil, coverageStep: Int? = nil,
                      snippet: [(String, Bool)] = [("Police said the ", false), ("protest", true), (" continued overnight.", false)]) -> StorySummary {
        StorySummary(storyID: id, title: title, link: link ?? "https://news.example.org/story/\(id)?a=1&b=2",
                     firstOutlet: "Example Times", firstSeen: date, outletCount: outlets,
                     otherOutlets: (1..<max(outlets, 1)).map { "Outlet \($0)" },
                     snippet: HighlightedText(segments: snippet.map { .init(text: $0.0, highlighted: $0.1) }), coverageStep: coverageStep)
    }

    static func directory(_ name: String) throws -> URL { try TestPaths.temporaryDirectory("mail-\(name)") }

    /// A self-signed certificate for 127.0.0.1 made by openssl: (certificate, key) paths.
    static func selfSignedCertificate(in directory: URL) throws -> (cert: String, key: String) {
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                             "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                             "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
        return (cert, key)
    }
}
