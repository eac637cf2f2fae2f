import CLibXML2

/// Turns an HTML fragment into sanitized HTML plus a plain-text rendering, through libxml2's HTML parser
/// driven by SAX (no tree is built). Only allowlisted elements and attributes are written; script-like
/// elements are dropped with their contents; unsafe URL schemes are emptied; relative URLs are resolved.
/// One instance reuses one parser context; it is not thread-safe.
final class HTMLSanitizer {
    struct Output { var html: String; var text: String }

    private var context: htmlParserCtxtPtr?
    private var html: [UInt8] = []
    private var text: [UInt8] = []
    private var input: [UInt8] = []
    private var base: String?
    /// Open elements (libxml2 may omit end events for empty elements, so ends pop to the matching name).
    private var open: [String] = []
    /// While non-zero, the open-stack height at which a dropped-with-content element started.
    private var dropUntilDepth = 0
    private var plainTextOnly = false

    init() {
        html.reserveCapacity(4096); text.reserveCapacity(4096); input.reserveCapacity(4096)
        context = htmlNewParserCtxt()
        guard let context else { return }
        var handler = xmlSAXHandler()
        handler.startElement = { ctx, name, attributes in
            HTMLSanitizer.from(ctx).startElement(name, attributes)
        }
        handler.endElement = { ctx, name in HTMLSanitizer.from(ctx).endElement(name) }
        handler.characters = { ctx, chars, length in HTMLSanitizer.from(ctx).characters(chars, Int(length)) }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = handler.characters
        context.pointee.sax.pointee = handler
        cxml_ctxt_set_private(context, Unmanaged.passUnretained(self).toOpaque())
    }

    deinit { if let context { htmlFreeParserCtxt(context) } }

    @inline(__always) private static func from(_ ctx: UnsafeMutableRawPointer?) -> HTMLSanitizer {
        Unmanaged<HTMLSanitizer>.fromOpaque(cxml_ctxt_private(ctx)!).takeUnretainedValue()
    }

    /// Sanitizes `fragment`, resolving relative URLs against `base`.
    func sanitize(_ fragment: ArraySlice<UInt8>, base: String?) -> Output {
        // Plain text needs no parser.
        if !fragment.contains(where: { $0 == 0x3C || $0 == 0x26 || $0 == 0x3E }) {
            let s = String(decoding: fragment, as: UTF8.self)
            return Output(html: s.trimmed(), text: collapseWhitespace(fragment))
        }
        run(fragment, base: base, plainTextOnly: false)
        var end = html.count
        var start = 0
        while start < end, isSpace(html[start]) { start += 1 }
        while end > start, isSpace(html[end - 1]) { end -= 1 }
        return Output(html: String(decoding: html[start..<end], as: UTF8.self), text: collapseWhitespace(text[...]))
    }

    /// The plain text of an HTML fragment: entities decoded, markup removed, whitespace collapsed.
    func plainText(_ fragment: ArraySlice<UInt8>) -> String {
        if !fragment.contains(where: { $0 == 0x3C || $0 == 0x26 }) { return collapseWhitespace(fragment) }
        run(fragment, base: nil, plainTextOnly: true)
        return collapseWhitespace(text[...])
    }

    private func run(_ fragment: ArraySlice<UInt8>, base: String?, plainTextOnly: Bool) {
        html.removeAll(keepingCapacity: true); text.removeAll(keepingCapacity: true)
        input.removeAll(keepingCapacity: true)
        input.append(contentsOf: "<div>".utf8)
        input.append(contentsOf: fragment)
        input.append(contentsOf: "</div>".utf8)
        self.base = base
        self.plainTextOnly = plainTextOnly
        open.removeAll(keepingCapacity: true); dropUntilDepth = 0
        guard let context else { return }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NOIMPLIED.rawValue)
        input.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                let doc = htmlCtxtReadMemory(context, p, Int32(buf.count), nil, "UTF-8", options)
                if let doc { xmlFreeDoc(doc) }
            }
        }
    }

    // MARK: SAX events

    private func startElement(_ namePointer: UnsafePointer<xmlChar>?, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        guard let namePointer else { return }
        let info = HTMLPolicy.element(namePointer)
        let name = info.name
        let isVoid = info.isVoid
        if !isVoid { open.append(name) }
        if open.count == 1 && !isVoid { return }  // our <div> wrapper
        if dropUntilDepth != 0 { return }
        if info.isDropped {
            if !isVoid { dropUntilDepth = open.count }
            return
        }
        if info.isBlock { text.append(0x20) }
        guard !plainTextOnly, info.isAllowed else { return }
        html.append(0x3C); html.append(contentsOf: name.utf8)
        if var a = attributes {
            while let keyPointer = a.pointee {
                let valuePointer = a.advanced(by: 1).pointee
                a = a.advanced(by: 2)
                guard let key = HTMLPolicy.allowedAttribute(keyPointer) else { continue }
                var value = valuePointer.map { String(cString: $0) } ?? key
                if key == "style" {
                    guard let clean = CSSSanitizer.sanitize(value) else { continue }
                    value = clean
                } else if HTMLPolicy.urlAttributes.contains(key) {
                    value = HTMLPolicy.safeURL(value, element: name, attribute: key)
                    if !value.isEmpty { value = URLTools.resolve(value, against: base) }
                }
                html.append(0x20); html.append(contentsOf: key.utf8); html.append(0x3D); html.append(0x22)
                appendEscaped(value.utf8, attribute: true)
                html.append(0x22)
            }
        }
        if HTMLPolicy.voidElements.contains(name) { html.append(contentsOf: " />".utf8) } else { html.append(0x3E) }
    }

    private func endElement(_ namePointer: UnsafePointer<xmlChar>?) {
        guard let namePointer else { return }
        let info = HTMLPolicy.element(namePointer)
        let name = info.name
        if info.isVoid { return }
        guard let index = open.lastIndex(of: name) else { return }
        let height = index + 1
        open.removeSubrange(index...)
        if height == 1 { return }
        if dropUntilDepth != 0 {
            if height <= dropUntilDepth { dropUntilDepth = 0 }
            return
        }
        if info.isBlock { text.append(0x20) }
        guard !plainTextOnly, info.isAllowed else { return }
        html.append(contentsOf: "</".utf8); html.append(contentsOf: name.utf8); html.append(0x3E)
    }

    private func characters(_ chars: UnsafePointer<xmlChar>?, _ length: Int) {
        guard dropUntilDepth == 0, let chars, length > 0 else { return }
        let buffer = UnsafeBufferPointer(start: chars, count: length)
        text.append(contentsOf: buffer)
        guard !plainTextOnly else { return }
        var local: [UInt8] = []
        swap(&local, &html)
        var runStart = 0
        for i in 0..<length {
            let b = buffer[i]
            guard b == 0x26 || b == 0x3C || b == 0x3E else { continue }
            if i > runStart { local.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<i])) }
            appendHTMLEscaped(CollectionOfOne(b), attribute: false, to: &local)
            runStart = i + 1
        }
        if length > runStart { local.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<length])) }
        swap(&local, &html)
    }

    private func appendEscaped<S: Sequence>(_ bytes: S, attribute: Bool) where S.Element == UInt8 {
        var local: [UInt8] = []
        swap(&local, &html)
        appendHTMLEscaped(bytes, attribute: attribute, to: &local)
        swap(&local, &html)
    }
}

/// Appends `bytes` with `&`, `<`, `>` (and `"` in attributes) escaped.
func appendHTMLEscaped<S: Sequence>(_ bytes: S, attribute: Bool, to out: inout [UInt8]) where S.Element == UInt8 {
    for b in bytes {
        switch b {
        case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])
        case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])
        case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])
        case 0x22 where attribute: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])
        default: out.append(b)
        }
    }
}

@inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C }

/// Runs of whitespace (including U+00A0) become one space; leading and trailing whitespace goes.
func collapseWhitespace(_ bytes: ArraySlice<UInt8>) -> String {
    bytes.withUnsafeBufferPointer { input in
        String(unsafeUninitializedCapacity: input.count) { out in
            var n = 0
            var pendingSpace = false
            var i = 0
            let count = input.count
            while i < count {
                let b = input[i]
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0C { pendingSpace = true; i += 1; continue }
                if b == 0xC2 && i + 1 < count && input[i + 1] == 0xA0 { pendingSpace = true; i += 2; continue }
                if pendingSpace && n > 0 { out[n] = 0x20; n += 1 }
                pendingSpace = false
                out[n] = b; n += 1
                i += 1
            }
            return n
        }
    }
}

/// What the sanitizer keeps.
enum HTMLPolicy {
    struct ElementInfo {
        let name: String
        let isAllowed: Bool, isVoid: Bool, isDropped: Bool, isBlock: Bool
        init(_ name: String) {
            self.name = name
            isAllowed = allowedElements.contains(name); isVoid = voidElements.contains(name)
            isDropped = droppedWithContent.contains(name); isBlock = blockElements.contains(name)
        }
    }

    /// Names of up to 8 ASCII bytes packed into an integer (lowercased), for cheap lookups.
    @inline(__always) static func packedName(_ p: UnsafePointer<UInt8>) -> UInt64? {
        var v: UInt64 = 0
        for i in 0..<9 {
            var c = p[i]
            if c == 0 { return v }
            if i == 8 || c >= 0x80 { return nil }
            if c >= 0x41 && c <= 0x5A { c += 0x20 }
            v |= UInt64(c) << (8 * UInt64(i))
        }
        return nil
    }

    private static func pack(_ s: String) -> UInt64? { s.withCString { p in p.withMemoryRebound(to: UInt8.self, capacity: 9) { packedName($0) } } }

    private static let knownElements: [UInt64: ElementInfo] = {
        var table: [UInt64: ElementInfo] = [:]
        for name in allowedElements.union(voidElements).union(droppedWithContent).union(blockElements) {
            if let key = pack(name) { table[key] = ElementInfo(name) }
        }
        return table
    }()

    private static let knownAttributes: [UInt64: String] = {
        var table: [UInt64: String] = [:]
        for name in allowedAttributes { if let key = pack(name) { table[key] = name } }
        return table
    }()

    static func element(_ p: UnsafePointer<UInt8>) -> ElementInfo {
        if let key = packedName(p) {
            if let info = knownElements[key] { return info }
        }
        return ElementInfo(String(cString: p).lowercased())
    }

    /// The allowlisted (lowercased) attribute name, or nil.
    static func allowedAttribute(_ p: UnsafePointer<UInt8>) -> String? {
        if let key = packedName(p) { return knownAttributes[key] }
        let name = String(cString: p).lowercased()
        return allowedAttributes.contains(name) ? name : nil
    }

    static let allowedElements: Set<String> = [
        "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big", "blockquote", "br", "canvas",
        "caption", "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "dialog", "dir", "div", "dl",
        "dt", "em", "fieldset", "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "i", "img", "ins", "kbd", "label", "legend", "li", "map", "mark", "menu", "meter", "nav", "noscript", "ol", "p",
        "picture", "pre", "progress", "q", "s", "samp", "section", "small", "source", "span", "strike", "strong", "sub",
        "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "video", "wbr",
    ]
    static let droppedWithContent: Set<String> = [
        "script", "style", "applet", "iframe", "object", "embed", "form", "noembed", "noframes", "frameset", "frame",
        "title", "head", "template", "svg", "math", "textarea", "select", "button", "input", "xml",
    ]
    static let voidElements: Set<String> = [
        "area", "br", "col", "hr", "img", "input", "source", "wbr", "track", "param", "embed", "keygen", "basefont",
    ]
    static let blockElements: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "td",
        "th", "dd", "dt", "dl", "section", "article", "header", "footer", "hr", "figure", "figcaption", "address", "aside",
        "nav", "caption",
    ]
    static let allowedAttributes: Set<String> = [
        "abbr", "accept", "accesskey", "align", "alt", "axis", "bgcolor", "border", "cellpadding", "cellspacing", "char",
        "charoff", "charset", "cite", "class", "clear", "color", "cols", "colspan", "compact", "controls", "coords",
        "datetime", "dir", "disabled", "face", "headers", "height", "href", "hreflang", "hspace", "id", "ismap", "label",
        "lang", "longdesc", "loop", "media", "name", "nohref", "noshade", "nowrap", "poster", "preload", "rel", "rev",
        "rows", "rowspan", "rules", "scope", "shape", "size", "span", "src", "start", "style", "summary", "tabindex",
        "target", "title", "type", "usemap", "valign", "value", "vspace", "width", "xml:lang", "srcset", "sizes",
    ]
    static let urlAttributes: Set<String> = ["href", "src", "cite", "longdesc", "usemap", "poster", "background", "action", "srcset"]
    static let safeSchemes: Set<String> = [
        "http", "https", "ftp", "ftps", "mailto", "news", "nntp", "irc", "ircs", "feed", "magnet", "tel", "sip", "sips",
        "gopher", "rtsp", "mms", "sftp", "ssh", "git", "svn", "xmpp", "webcal", "geo", "sms", "itms", "file",
    ]

    /// The URL, or an empty string when its scheme could run code (javascript:, vbscript:, data: but images).
    static func safeURL(_ url: String, element: String, attribute: String) -> String {
        guard let scheme = URLTools.scheme(of: url) else { return url }
        if safeSchemes.contains(scheme) { return url }
        let compact = String(url.unicodeScalars.filter { $0.value > 0x20 }).lowercased()
        if scheme == "data" && (element == "img" || element == "source") && compact.hasPrefix("data:image/")
            && !compact.hasPrefix("data:image/svg") { return url }
        return ""
    }
}

/// Keeps only simple, allowlisted CSS declarations (no url(), expressions or escapes).
enum CSSSanitizer {
    static let properties: Set<String> = [
        "background-color", "border-collapse", "border-color", "border-style", "border-width", "clear", "color", "cursor",
        "direction", "display", "float", "font", "font-family", "font-size", "font-style", "font-variant", "font-weight",
        "height", "letter-spacing", "line-height", "margin", "margin-bottom", "margin-left", "margin-right", "margin-top",
        "padding", "padding-bottom", "padding-left", "padding-right", "padding-top", "text-align", "text-decoration",
        "text-indent", "vertical-align", "white-space", "width", "border", "border-bottom", "border-left", "border-right",
        "border-top", "list-style-type",
    ]

    static func sanitize(_ style: String) -> String? {
        let lower = style.lowercased()
        if lower.contains("url(") || lower.contains("expression") || lower.contains("\\") || lower.contains("javascript")
            || lower.contains("behavior") || lower.contains("/*") || lower.contains("@import") || lower.contains("<") { return nil }
        var clean: [String] = []
        for declaration in style.split(separator: ";") {
            let parts = declaration.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let property = parts[0].trimmingPrefixAndSuffixSpaces().lowercased()
            let value = parts[1].trimmingPrefixAndSuffixSpaces()
            guard !value.isEmpty, properties.contains(property),
                  value.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ($0.value >= 0x30 && $0.value <= 0x39) || " #%.,-'\"()!".unicodeScalars.contains($0) })
            else { continue }
            clean.append("\(property): \(value);")
        }
        return clean.isEmpty ? nil : clean.joined(separator: " ")
    }
}

extension Substring {
    func trimmingPrefixAndSuffixSpaces() -> String { String(self).trimmed() }
}
