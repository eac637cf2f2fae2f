import Digest
import Foundation
import Testing

@Suite struct TemplateOverrideTests {
    private func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("digest-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func aFileOfTheSameNameReplacesTheBundledTemplate() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "{{% CONTENT_TYPE: TEXT}}\nCUSTOM {{title}}\n{{#watches}}- {{{heading}}}\n{{/watches}}"
            .write(to: directory.appendingPathComponent("digest.txt.mustache"), atomically: true, encoding: .utf8)
        try "<li class=\"custom-story\">{{title}}</li>\n"
            .write(to: directory.appendingPathComponent("digest-story.html.mustache"), atomically: true, encoding: .utf8)

        let renderer = try Fixtures.renderer(templates: directory.path)
        let report = DigestReport.sample(endingAt: Fixtures.end)
        let text = try renderer.text(report)
        #expect(text.hasPrefix("CUSTOM MORNING MEDIA DIGEST\n"))
        #expect(text.contains("- WATCH: Semiconductors (3 stories)"))

        // Only the story partial was replaced: the bundled page uses the user's partial.
        let html = try renderer.html(report, flavor: .file)
        #expect(html.contains("<li class=\"custom-story\">Coalition talks collapse hours before the budget deadline</li>"))
        #expect(html.contains("<h1>Morning media digest</h1>"))
        // Templates not overridden come from the bundle.
        let bundled = try Fixtures.renderer()
        #expect(try renderer.html(report, flavor: .mail) == (try bundled.html(report, flavor: .mail)))
        #expect(!(try bundled.text(report)).contains("CUSTOM"))
    }

    @Test func aMissingDirectoryIsNamedInTheError() {
        let path = "/nonexistent/newswatch-templates"
        #expect(throws: DigestError.templateDirectoryMissing(path: path)) { try DigestRenderer(templateDirectory: path) }
    }

    @Test func aBrokenTemplateIsReportedWithFileAndLine() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("digest.html.mustache")
        try "<p>ok</p>\n{{#watches}}\n<p>{{name}}</p>\n".write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try DigestRenderer(templateDirectory: directory.path)
            Issue.record("a template with an unclosed section was accepted")
        } catch let error as DigestError {
            guard case .templateSyntax(let path, let line, _, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path == file.path)
            #expect(line >= 2)
            #expect(error.description.hasPrefix("digest template \(file.path):"))
        }
    }
}
