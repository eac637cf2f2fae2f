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

    /// Records an issue for every rule the document breaks.
    static func expectSafe(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let parsed = HTMLInspector.parse(html)
        #expect(parsed.parsed, "libxml2 could not parse the document", sourceLocation: sourceLocation)
        #expect(parsed.wellFormednessProblems.isEmpty, "HTML problems: \(parsed.wellFormednessProblems)", sourceLocation: sourceLocation)
        #expect(html.hasPrefix("<!DOCTYPE html>"), sourceLocation: sourceLocation)
        for element in parsed.elements {
            #expect(!forbiddenElements.contains(element.name), "forbidden <\(element.name)>", sourceLocation: sourceLocation)
            if element.name == "meta", let equiv = element.attributes["http-equiv"]?.lowercased() {
                #expect(equiv != "refresh", "meta refresh", sourceLocation: sourceLocation)
            }
            if element.name == "style" {
                let css = element.text.lowercased()
                #expect(!css.contains("url(") && !css.contains("@import"), "stylesheet loads something", sourceLocation: sourceLocation)
            }
            for (name, value) in element.attributes {
                let lowered = name.lowercased()
                #expect(!lowered.hasPrefix("on"), "event handler \(name)=\"\(value)\" on <\(element.name)>", sourceLocation: sourceLocation)
                if lowered == "style" {
                    let css = value.lowercased()
                    #expect(!css.contains("url(") && !css.contains("expression("), "style loads something: \(value)", sourceLocation: sourceLocation)
                }
                guard urlAttributes.contains(lowered) else { continue }
                // Only <a href> may point anywhere, and only to http(s) or an in-page anchor.
                #expect(element.name == "a" && lowered == "href", "<\(element.name) \(name)> would load \(value)", sourceLocation: sourceLocation)
                let url = value.filter { !$0.isWhitespace && !($0.asciiValue.map { $0 < 0x20 } ?? false) }.lowercased()
                #expect(url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("#"),
                        "link to \(value)", sourceLocation: sourceLocation)
            }
        }
    }
}
