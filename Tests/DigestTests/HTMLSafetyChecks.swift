import Foundation
import Testing

/// The safety rules every rendered digest must meet, whatever the feed data.
enum HTMLSafetyChecks {
    static let forbiddenElements: Set<String> = ["script", "iframe", "frame", "frameset", "object", "embed", "applet", "link",
                                                 "base", "form", "input", "button", "img", "image", "video", "audio", "source",
                                                 "picture", "track", "portal", "use", "foreignobject"]
    /// Attributes whose value a browser may fetch or navigate to.
    static let urlAttributes: Set<String> = ["href", "src", "srcset", "action", "formaction", "xlink:href", "background",
                                             "poster", "data", "cite", "longdesc", "lowsrc", "dynsrc", "ping", "manifest"]

    /// Every rule the document breaks, as readable sentences; empty for a safe, well-formed digest.
    static func violations(in html: String) -> [String] {
        let parsed = HTMLInspector.parse(html)
        guard parsed.parsed else { return ["libxml2 could not parse the document"] }
        var found = parsed.wellFormednessProblems.map { "HTML problem \($0)" }
        if !html.hasPrefix("<!DOCTYPE html>") { found.append("no <!DOCTYPE html> first") }
        if let imbalance = TagBalance.problem(in: html) { found.append("tag balance: \(imbalance)") }
        for element in parsed.elements {
            if forbiddenElements.contains(element.name) { found.append("forbidden <\(element.name)>") }
            if element.name == "meta", element.attributes["http-equiv"]?.lowercased() == "refresh" { found.append("meta refresh") }
            if element.name == "style" {
                let css = element.text.lowercased()
                if css.contains("url(") || css.contains("@import") { found.append("the stylesheet loads something") }
            }
            for (name, value) in element.attributes {
                let lowered = name.lowercased()
                if lowered.hasPrefix("on") { found.append("event handler \(name)=\"\(value)\" on <\(element.name)>") }
                if lowered == "style", value.lowercased().contains("url(") || value.lowercased().contains("expression(") {
                    found.append("inline style loads something: \(value)")
                }
                guard urlAttributes.contains(lowered) else { continue }
                // Only <a href> may point anywhere, and only to http(s) or an in-page anchor.
                if !(element.name == "a" && lowered == "href") { found.append("<\(element.name) \(name)> would load \(value)") }
                let url = value.filter { !$0.isWhitespace && !($0.asciiValue.map { $0 < 0x20 } ?? false) }.lowercased()
                if !(url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("#")) {
                    found.append("<\(element.name) \(name)> points to \(value)")
                }
            }
        }
        return found
    }

    static func expectSafe(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = violations(in: html)
        #expect(found.isEmpty, "\(found)", sourceLocation: sourceLocation)
    }
}
