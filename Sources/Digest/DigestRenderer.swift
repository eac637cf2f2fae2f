import Foundation
import Mustache

/// Renders a digest as a standalone HTML file, as mail-safe HTML, or as 80-column text.
///
/// Templates (`digest.html`, `digest-mail.html`, `digest.txt` and their partials) are mustache files
/// bundled with newswatch; a file of the same name in `templateDirectory` replaces the bundled one.
/// Everything from feeds reaches a template already cleaned and is HTML-escaped by `{{ }}`; links are
/// http(s) only.
public struct DigestRenderer: Sendable {
    public enum Flavor: Sendable {
        /// A standalone HTML file: one `<style>`, inline SVG trend charts.
        case file
        /// HTML for mail clients: inline styles, table-cell bar charts, no SVG.
        case mail
    }

    private let library: MustacheLibrary
    private let dates: DigestDateFormat
    private let wrapper = TextWrapper(width: 80)

    /// `templateDirectory` overrides the bundled templates (`[digest] template_dir`); dates are shown in
    /// `timeZone`. Throws `DigestError` naming the directory or template file at fault.
    public init(templateDirectory: String? = nil, timeZone: TimeZone = .current) throws {
        library = try TemplateLibrary.load(overrideDirectory: templateDirectory)
        dates = DigestDateFormat(timeZone: timeZone)
    }

    public func html(_ report: DigestReport, flavor: Flavor = .file) throws -> String {
        let name = flavor == .file ? "digest.html" : "digest-mail.html"
        return try render(DigestView(report: report, dates: dates), with: name)
    }

    /// Plain text: every line at most 80 columns, except lines that are nothing but a URL.
    public func text(_ report: DigestReport) throws -> String {
        let view = TextDigestView(view: DigestView(report: report, dates: dates), wrapper: wrapper)
        let lines = wrapper.reflow(try render(view, with: "digest.txt")).split(separator: "\n", omittingEmptySubsequences: false)
        // Templates are easier to read with blank lines around sections; the output keeps at most one.
        var kept: [Substring] = []
        for line in lines where !(line.isEmpty && (kept.last?.isEmpty ?? true)) { kept.append(line) }
        while kept.last?.isEmpty == true { kept.removeLast() }
        return kept.joined(separator: "\n") + "\n"
    }

    private func render(_ view: Any, with name: String) throws(DigestError) -> String {
        guard let template = library.getTemplate(named: name) else { throw .templateMissing(name: name) }
        return template.render(view, library: library)
    }
}
