import Foundation
import Model

/// Composes the alert message of one watch for one pass: every new story (and coverage follow-up)
/// with its title, first outlet, outlet count, highlighted snippet and link, as plain text and HTML.
public enum AlertMail {
    /// The subject line, exactly `[newswatch] NAME: N new stories`.
    public static func subject(watchName: String, storyCount: Int) -> String {
        "[newswatch] \(HeaderText.sanitized(watchName)): \(storyCount) new stories"
    }

    public static func compose(watchName: String, stories: [StorySummary], from: String, to: [String], messageID: String, date: Date) -> MailMessage {
        MailMessage(from: from, to: to, subject: subject(watchName: watchName, storyCount: stories.count),
                    textBody: plainText(watchName: watchName, stories: stories),
                    htmlBody: html(watchName: watchName, stories: stories), messageID: messageID, date: date)
    }

    /// One line about who reported the story: "first by X, 4 outlets" or the coverage follow-up.
    static func coverageLine(_ story: StorySummary) -> String {
        let first = TextCleaning.oneLine(story.firstOutlet)
        let outlets = story.outletCount == 1 ? "1 outlet" : "\(story.outletCount) outlets"
        guard let step = story.coverageStep else { return "First reported by \(first) · \(outlets)" }
        let soFar = story.outletCount > step ? " (\(story.outletCount) so far)" : ""
        return "Follow-up: now reported by \(step) outlets\(soFar) · first by \(first)"
    }

    static func plainText(watchName: String, stories: [StorySummary]) -> String {
        let name = TextCleaning.oneLine(watchName)
        var lines = TextCleaning.wrap("newswatch: \(stories.count) new stories for the watch \"\(name)\"", width: 76) + [""]
        for (index, story) in stories.enumerated() {
            let title = TextCleaning.oneLine(story.title)
            let number = "\(index + 1). "
            let indent = String(repeating: " ", count: number.count)
            for (lineIndex, line) in TextCleaning.wrap(title.isEmpty ? "(untitled)" : title, width: 76 - number.count).enumerated() {
                lines.append((lineIndex == 0 ? number : indent) + line)
            }
            lines += TextCleaning.wrap(coverageLine(story), width: 72).map { "   " + $0 }
            let snippet = story.snippet.segments.map { segment in
                let text = TextCleaning.oneLine(segment.text, trim: false)
                return segment.highlighted && !text.isEmpty ? "*\(text)*" : text
            }.joined()
            if !snippet.trimmingCharacters(in: .whitespaces).isEmpty {
                lines += TextCleaning.wrap(snippet.trimmingCharacters(in: .whitespaces), width: 72).map { "   " + $0 }
            }
            if let link = HTMLEscaping.safeLink(story.link) { lines.append("   " + link) }
            lines.append("")
        }
        lines.append("-- ")
        lines += TextCleaning.wrap("Sent by newswatch because these stories matched \"\(name)\".", width: 76)
        return lines.joined(separator: "\n")
    }

    static func html(watchName: String, stories: [StorySummary]) -> String {
        let name = HTMLEscaping.escape(TextCleaning.oneLine(watchName))
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>\(name): \(stories.count) new stories</title></head>
        <body style="margin:0;padding:16px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.45;color:#1f2328;background:#ffffff;">
        <h1 style="font-size:19px;margin:0 0 12px;">\(name): \(stories.count) new stories</h1>
        <ol style="padding-left:20px;margin:0;">

        """
        for story in stories {
            let title = HTMLEscaping.escape(TextCleaning.oneLine(story.title).isEmpty ? "(untitled)" : TextCleaning.oneLine(story.title))
            let heading = HTMLEscaping.safeLink(story.link).map {
                "<a href=\"\(HTMLEscaping.escape($0))\" style=\"color:#0b57d0;text-decoration:none;\">\(title)</a>"
            } ?? title
            let snippet = story.snippet.segments.map { segment in
                let text = HTMLEscaping.escape(TextCleaning.oneLine(segment.text, trim: false))
                return segment.highlighted ? "<mark style=\"background:#ffe58f;color:#1f2328;\"><strong>\(text)</strong></mark>" : text
            }.joined()
            html += "<li style=\"margin:0 0 14px;\"><div style=\"font-weight:600;font-size:16px;\">\(heading)</div>\n"
            html += "<div style=\"color:#59636e;font-size:13px;\">\(HTMLEscaping.escape(coverageLine(story)))</div>\n"
            if !snippet.isEmpty { html += "<div style=\"margin-top:4px;\">\(snippet)</div>\n" }
            html += "</li>\n"
        }
        html += """
        </ol>
        <p style="color:#59636e;font-size:12px;margin-top:20px;">Sent by newswatch because these stories matched the watch &#8220;\(name)&#8221;.</p>
        </body></html>

        """
        return html
    }
}

/// Makes feed text fit for one line of a mail body: controls removed, line breaks become spaces.
enum TextCleaning {
    static func oneLine(_ text: String, trim: Bool = true) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\r" || scalar == "\t" || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{85}" {
                out.append(" ")
            } else if scalar.properties.generalCategory != .control {
                out.append(scalar)
            }
        }
        let line = String(out)
        return trim ? line.trimmingCharacters(in: .whitespaces) : line
    }

    /// Greedy word wrap; a word longer than `width` (a URL, CJK text) stays whole on its own line.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty { current = String(word) }
            else if current.count + 1 + word.count <= width { current += " " + word }
            else { lines.append(current); current = String(word) }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
