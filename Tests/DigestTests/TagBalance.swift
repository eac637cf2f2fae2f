import Foundation

/// A strict check on top of libxml2's lenient HTML parser (which silently closes, say, a `<span>` left
/// open inside a `<div>`): every element the digest opens is closed, in order, except void elements
/// and self-closed SVG shapes. The contents of `<style>` are skipped.
enum TagBalance {
    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                                            "source", "track", "wbr"]
    private static let tag = try! NSRegularExpression(pattern: "<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*?)(/?)>")

    /// The first imbalance found, or nil.
    static func problem(in html: String) -> String? {
        var body = html
        while let open = body.range(of: "<style"), let close = body.range(of: "</style>", range: open.upperBound..<body.endIndex) {
            body.replaceSubrange(open.lowerBound..<close.upperBound, with: "")
        }
        var stack: [String] = []
        let text = body as NSString
        for match in tag.matches(in: body, range: NSRange(location: 0, length: text.length)) {
            let closing = text.substring(with: match.range(at: 1)) == "/"
            let name = text.substring(with: match.range(at: 2)).lowercased()
            let selfClosed = text.substring(with: match.range(at: 4)) == "/"
            if voidElements.contains(name) || selfClosed { continue }
            if !closing {
                stack.append(name)
            } else if stack.last == name {
                stack.removeLast()
            } else {
                return "</\(name)> closes <\(stack.last ?? "nothing")>"
            }
        }
        return stack.isEmpty ? nil : "unclosed: \(stack.map { "<\($0)>" }.joined(separator: " "))"
    }
}
