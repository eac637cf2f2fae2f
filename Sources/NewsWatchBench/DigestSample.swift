import Digest
import Foundation

/// `newswatch-bench digest-sample OUT_DIR [TEMPLATE_DIR]`: renders the sample report as
/// `digest.html`, `digest-mail.html` and `digest.txt` in OUT_DIR (for screenshots and template work),
/// then times rendering a large report.
func digestSample(_ arguments: [String]) async throws {
    guard let outDirectory = arguments.first else {
        throw DigestSampleUsageError(message: "usage: newswatch-bench digest-sample OUT_DIR [TEMPLATE_DIR]")
    }
    let renderer = try DigestRenderer(templateDirectory: arguments.dropFirst().first, timeZone: TimeZone(identifier: "UTC") ?? .current)
    let end = Date(timeIntervalSince1970: 1_795_762_800) // Fri 27 Nov 2026, 07:00 UTC
    let report = DigestReport.sample(endingAt: end)
    try FileManager.default.createDirectory(atPath: outDirectory, withIntermediateDirectories: true)
    let outputs = [
        ("digest.html", try renderer.html(report, flavor: .file)),
        ("digest-mail.html", try renderer.html(report, flavor: .mail)),
        ("digest.txt", try renderer.text(report)),
    ]
    for (name, content) in outputs {
        let path = (outDirectory as NSString).appendingPathComponent(name)
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        print(path)
    }

    // A heavy day: 20 watches of 50 stories each and 100 top stories, every flavor.
    var large = report
    large.watches = (0..<20).map { index in
        var watch = report.watches[index % report.watches.count]
        watch.name += " \(index + 1)"
        watch.stories = (0..<50).map { report.topStories[$0 % report.topStories.count] }
        return watch
    }
    large.topStories = (0..<100).map { report.topStories[$0 % report.topStories.count] }
    let clock = ContinuousClock()
    var bytes = 0
    var timings: [String] = []
    for (name, render) in [("file", { try renderer.html(large, flavor: .file) }), ("mail", { try renderer.html(large, flavor: .mail) }),
                           ("text", { try renderer.text(large) })] as [(String, () throws -> String)] {
        let elapsed = try clock.measure { bytes += try render().utf8.count }
        timings.append("\(name) \(elapsed.formatted(.units(allowed: [.milliseconds], fractionalPart: .hide)))")
    }
    print("rendered 1,100 stories (\(bytes / 1024) KiB in all): \(timings.joined(separator: ", "))")
}

private struct DigestSampleUsageError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
