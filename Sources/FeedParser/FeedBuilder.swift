import Foundation
import Model

/// Builds a `ParsedFeed` from SAX events: tracks the element stack, xml:base, the current entry and the
/// text of the element being read, and turns raw text into the stored values.
final class FeedBuilder: XMLEventHandler {
    enum TextMode { case plain, html, xhtml }
    enum Field {
        case title, link, guid, id, summary, content, published, updated, author, category, language, subtitle
        case ttl, syPeriod, syFrequency, personName, personEmail, personURI
    }
    /// The element whose text is being read. Plain values only, so that copies of it retain nothing; its base URL
    /// is `captureBase`.
    private struct Capture {
        var field: Field
        var mode: TextMode
        var depth: Int
        var inEntry: Bool
        var priority: Int
        var skipWrapperDepth = 0
    }
    private struct TagKey: Hashable { let name: UnsafePointer<UInt8>; let uri: UnsafePointer<UInt8>?; let prefix: UnsafePointer<UInt8>? }

    private struct Person { var name: String?; var email: String?; var uri: String?; var contributor: Bool }

    /// A class, not a struct: checks and field updates through the optional `entry` then neither copy the whole
    /// draft nor retain and release each of its fields.
    /// Its fields are only used by the builder that owns it, one access at a time: no runtime exclusivity checks.
    final class EntryDraft {
        @exclusivity(unchecked) var title: String?
        @exclusivity(unchecked) var titlePriority = 0
        @exclusivity(unchecked) var link: String?
        @exclusivity(unchecked) var linkIsHTML = false
        @exclusivity(unchecked) var guid: String?
        @exclusivity(unchecked) var guidIsPermaLink = false
        @exclusivity(unchecked) var id: String?
        @exclusivity(unchecked) var about: String?
        @exclusivity(unchecked) var summary: HTMLSanitizer.Output?
        @exclusivity(unchecked) var summaryPriority = 0
        @exclusivity(unchecked) var content: HTMLSanitizer.Output?
        @exclusivity(unchecked) var published: Date?
        @exclusivity(unchecked) var updated: Date?
        @exclusivity(unchecked) var authors: [String] = []
        @exclusivity(unchecked) var contributors: [String] = []
        @exclusivity(unchecked) var fallbackAuthors: [String] = []
        @exclusivity(unchecked) var categories: [String] = []
        @exclusivity(unchecked) var enclosures: [Enclosure] = []
        @exclusivity(unchecked) var mediaEnclosures: [Enclosure] = []
    }

    // Configuration.
    let documentBase: String?
    let sanitizer: HTMLSanitizer

    // Results. Like the parse state below, used from one SAX callback at a time: no runtime exclusivity checks.
    @exclusivity(unchecked) private(set) var format: FeedFormat?
    @exclusivity(unchecked) private(set) var rootProblem: String?
    @exclusivity(unchecked) var errors = RecoveredErrors()
    @exclusivity(unchecked) private(set) var feed = ParsedFeed(format: .rss20)
    @exclusivity(unchecked) private var feedTitlePriority = 0
    @exclusivity(unchecked) private var syPeriodSeconds: Double?
    @exclusivity(unchecked) private var syFrequency: Double?
    @exclusivity(unchecked) private var feedLinkIsHTML = false
    @exclusivity(unchecked) private var feedPublished: Date?
    @exclusivity(unchecked) private var feedLanguageFromAttribute: String?

    // Parse state.
    @exclusivity(unchecked) private var depth = 0
    @exclusivity(unchecked) private var tagCache: [TagKey: FeedTag] = [:]
    @exclusivity(unchecked) private var bases: [(depth: Int, base: String?)] = []
    @exclusivity(unchecked) private var entry: EntryDraft?
    @exclusivity(unchecked) private var entryDepth = 0
    @exclusivity(unchecked) private var skipDepth = 0
    @exclusivity(unchecked) private var person: Person?
    @exclusivity(unchecked) private var capture: Capture?
    /// The base URL in effect for the captured element.
    @exclusivity(unchecked) private var captureBase: String?
    /// The text of the element being captured.
    @exclusivity(unchecked) private var buffer = ByteBuffer(capacity: 8192)
    @exclusivity(unchecked) private var atomDocument = false

    init(documentBase: String?, sanitizer: HTMLSanitizer) {
        self.documentBase = documentBase
        self.sanitizer = sanitizer
    }

    var sawRoot: Bool { format != nil || rootProblem != nil }

    // MARK: SAX

    override func parserError(_ message: String, line: Int) {
        errors.record(line > 0 ? "line \(line): \(message)" : message, key: message)
    }

    private struct CachedTag { var key: TagKey?; var tag: FeedTag }
    /// A direct-mapped cache in front of `tagCache`: names are interned by libxml2, so pointers identify them.
    @exclusivity(unchecked) private var recentTags = [CachedTag](repeating: CachedTag(key: nil, tag: .other), count: 256)

    private func classify(_ localName: UnsafePointer<UInt8>, _ prefix: UnsafePointer<UInt8>?, _ uri: UnsafePointer<UInt8>?) -> FeedTag {
        let key = TagKey(name: localName, uri: uri, prefix: prefix)
        let mixed = UInt(bitPattern: Int(bitPattern: localName)) &* 0x9E37_79B9_7F4A_7C15
            ^ UInt(bitPattern: Int(bitPattern: uri)) &* 0xC2B2_AE3D_27D4_EB4F
        let slot = Int(truncatingIfNeeded: mixed >> 56)
        if let cached = recentTags[slot].key, cached == key { return recentTags[slot].tag }
        if let tag = tagCache[key] { recentTags[slot] = CachedTag(key: key, tag: tag); return tag }
        var name = String(cString: localName)
        var ns: FeedNamespace
        if let uri {
            ns = FeedNamespace.byURI[String(cString: uri)] ?? .other
        } else if let prefix {
            ns = FeedNamespace.byPrefix[String(cString: prefix)] ?? .other
        } else if let colon = name.firstIndex(of: ":") {
            ns = FeedNamespace.byPrefix[String(name[..<colon])] ?? .other
            name = String(name[name.index(after: colon)...])
        } else {
            ns = .none
        }
        if ns == .rss090 && format == .rss10 { format = .rss09x }
        // Element names are matched case-insensitively, as feedparser does (<ITEM>, <pubdate>).
        let tag = FeedTag.classify(ns, name.lowercased(), atomDocument: atomDocument)
        if !(tag == .atomRoot && depth > 1) { tagCache[key] = tag; recentTags[slot] = CachedTag(key: key, tag: tag) }
        return tag
    }

    override func startElement(localName: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?,
                               attributes: XMLAttributes) {
        depth += 1
        // xml:base: the stack grows only where an element sets one.
        if attributes.count > 0, let b = attributes.value("base", namespace: "http://www.w3.org/XML/1998/namespace") {
            bases.append((depth, URLTools.resolve(b, against: currentBase)))
        }

        if var c = capture {
            // A feed element inside a title, link or date means the field's end tag was lost: close it here.
            if c.mode != .xhtml && !(c.mode == .html && (c.field == .summary || c.field == .content || c.field == .subtitle)),
               skipDepth == 0, classify(localName, prefix, uri) != .other {
                finishCapture(c)
                capture = nil
                startTag(classify(localName, prefix, uri), attributes: attributes)
                return
            }
            if c.mode != .plain {
                if c.skipWrapperDepth == 0 && depth == c.depth + 1 && c.mode == .xhtml && cStringEquals(localName, "div")
                    && buffer.withUnsafeBufferPointer({ $0.allSatisfy(isSpace) }) {
                    c.skipWrapperDepth = depth; capture = c
                    return
                }
                serializeStart(localName, prefix, attributes)
            }
            return
        }
        if depth == 1 { identifyRoot(localName, prefix, uri, attributes); if stopRequested { return } }
        if depth == 1, feedLanguageFromAttribute == nil, attributes.count > 0,
           let lang = attributes.value("lang", namespace: "http://www.w3.org/XML/1998/namespace")?.trimmed(), !lang.isEmpty {
            feedLanguageFromAttribute = lang
        }
        if skipDepth != 0 { return }
        let tag = classify(localName, prefix, uri)
        startTag(tag, attributes: attributes)
    }

    /// The base URL of the current element (its xml:base, or its nearest ancestor's, or the document's).
    private var currentBase: String? { bases.last?.base ?? documentBase }

    override func endElement(localName: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?) {
        defer {
            if let last = bases.last, last.depth == depth { bases.removeLast() }
            depth -= 1
        }
        if let c = capture {
            if depth == c.depth {
                finishCapture(c)
                capture = nil
            } else if c.mode != .plain {
                if depth == c.skipWrapperDepth { capture?.skipWrapperDepth = -1; return }
                buffer.appendASCII("</")
                if let prefix, c.mode == .html { buffer.append(contentsOf: UnsafeBufferPointer(start: prefix, count: strlen(prefix))); buffer.append(0x3A) }
                buffer.append(contentsOf: UnsafeBufferPointer(start: localName, count: strlen(localName)))
                buffer.append(0x3E)
            }
            return
        }
        if skipDepth != 0 {
            if depth == skipDepth { skipDepth = 0 }
            return
        }
        if entry != nil && depth == entryDepth { finishEntry(); return }
        let tag = classify(localName, prefix, uri)
        switch tag {
        case .atomAuthor, .atomContributor:
            if let p = person, entry != nil {
                if let rendered = FeedBuilder.renderPerson(name: p.name, email: p.email) {
                    if p.contributor { entry!.contributors.append(rendered) } else { entry!.authors.append(rendered) }
                }
            }
            person = nil
        default: break
        }
    }

    override func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let mode = capture?.mode else { return }
        if bytes.count == 1 && mode != .xhtml { buffer.append(bytes[0]); return }
        if mode == .xhtml {
            appendHTMLEscaped(bytes, attribute: false, to: &buffer)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    // MARK: Root and format

    private func identifyRoot(_ localName: UnsafePointer<UInt8>, _ prefix: UnsafePointer<UInt8>?, _ uri: UnsafePointer<UInt8>?,
                              _ attributes: XMLAttributes) {
        let name = String(cString: localName).lowercased()
        let ns = uri.map { String(cString: $0) } ?? ""
        switch name {
        case "rss":
            let version = attributes.value("version")?.trimmed() ?? "2.0"
            format = version.hasPrefix("0.9") || version == "0.90" ? .rss09x : .rss20
        case "rdf":
            format = .rss10
        case "feed":
            atomDocument = true
            let version = attributes.value("version")?.trimmed()
            format = ns == "http://purl.org/atom/ns#" || version == "0.3" || version == "0.2" || version == "0.1" ? .atom03 : .atom10
            if let lang = attributes.value("lang", namespace: "http://www.w3.org/XML/1998/namespace") { feed.language = lang.trimmed() }
        case "channel":
            format = .rss09x
        case "html":
            rootProblem = "not a feed: an HTML page"
            stopRequested = true
        case "opml":
            rootProblem = "not a feed: an OPML subscription list"
            stopRequested = true
        default:
            rootProblem = "not a feed: the root element is <\(String(cString: localName))>"
            stopRequested = true
        }
    }

    // MARK: Elements

    private func beginCapture(_ field: Field, _ mode: TextMode, base: String?, priority: Int = 0) {
        buffer.removeAll()
        capture = Capture(field: field, mode: mode, depth: depth, inEntry: entry != nil, priority: priority)
        captureBase = base
    }

    /// Text mode of an Atom text construct (or Atom 0.3 content with mode=escaped/xml).
    private func atomMode(_ attributes: XMLAttributes, defaultMode: TextMode = .plain) -> TextMode? {
        if attributes.count == 0 { return defaultMode }
        if attributes.value("src") != nil { return nil }
        let type = attributes.value("type")?.trimmed().lowercased() ?? ""
        let mode = attributes.value("mode")?.trimmed().lowercased()
        switch type {
        case "", "text", "text/plain": return mode == "escaped" && type.isEmpty ? .html : (type.isEmpty ? defaultMode : .plain)
        case "html", "text/html": return mode == "xml" ? .xhtml : .html
        case "xhtml", "application/xhtml+xml": return mode == "escaped" ? .html : .xhtml
        default:
            if type.hasPrefix("text/") { return .plain }
            if type.hasSuffix("+xml") || type.hasSuffix("/xml") { return .xhtml }
            return nil  // base64 or binary content
        }
    }

    private func startTag(_ tag: FeedTag, attributes: XMLAttributes) {
        var base: String? { currentBase }  // read only by the elements that need it
        let inEntry = entry != nil
        switch tag {
        case .item, .entry:
            if entry != nil { finishEntry() }  // entries never nest: the previous one lost its end tag
            do {
                entry = EntryDraft()
                entryDepth = depth
                if tag == .item, let about = attributes.value("about", namespace: "http://www.w3.org/1999/02/22-rdf-syntax-ns#") ?? attributes.value("about") {
                    entry!.about = about.trimmed()
                }
            }
        case .image, .textInput, .source:
            skipDepth = depth
        case .channel, .rssRoot, .rdfRoot, .atomRoot, .htmlRoot, .other:
            break
        case .title, .dcTitle:
            let mode: TextMode = format == .atom10 || format == .atom03 ? (tag == .title ? atomMode(attributes) ?? .plain : .plain) : .html
            beginCapture(.title, mode, base: base, priority: tag == .title ? 2 : 1)
        case .mediaTitle:
            beginCapture(.title, .plain, base: base, priority: 0)
        case .link:
            beginCapture(.link, .plain, base: base)
        case .atomLink:
            handleAtomLink(attributes, base: base)
        case .guid:
            if inEntry {
                let permalink = attributes.value("isPermaLink")?.trimmed().lowercased()
                entry!.guidIsPermaLink = permalink == nil || permalink == "true"
                beginCapture(.guid, .plain, base: base)
            }
        case .id:
            beginCapture(.id, .plain, base: base)
        case .description, .dcDescription:
            beginCapture(inEntry ? .summary : .subtitle, .html, base: base, priority: 2)
        case .subtitle:
            beginCapture(.subtitle, atomMode(attributes) ?? .plain, base: base, priority: 2)
        case .summary:
            if let mode = atomMode(attributes) { beginCapture(.summary, mode, base: base, priority: 2) }
        case .content:
            if let mode = atomMode(attributes) { beginCapture(.content, mode, base: base) }
        case .contentEncoded:
            beginCapture(.content, .html, base: base)
        case .xhtmlBody:
            if inEntry { beginCapture(.content, .xhtml, base: base) }
        case .itunesSummary:
            beginCapture(.summary, .plain, base: base, priority: 0)
        case .mediaDescription:
            let type = attributes.value("type")?.lowercased()
            beginCapture(.summary, type == "html" ? .html : .plain, base: base, priority: 1)
        case .pubDate, .published, .dctermsIssued:
            beginCapture(.published, .plain, base: base)
        case .lastBuildDate, .updated, .dcDate, .dctermsModified:
            beginCapture(.updated, .plain, base: base, priority: tag == .dcDate ? 1 : 2)
        case .rssAuthor, .dcCreator:
            beginCapture(.author, .plain, base: base, priority: 2)
        case .itunesAuthor:
            beginCapture(.author, .plain, base: base, priority: 1)
        case .atomAuthor, .atomContributor:
            person = Person(contributor: tag == .atomContributor)
        case .name:
            if person != nil { beginCapture(.personName, .plain, base: base) }
        case .email:
            if person != nil { beginCapture(.personEmail, .plain, base: base) }
        case .uri:
            if person != nil { beginCapture(.personURI, .plain, base: base) }
        case .category, .dcSubject:
            beginCapture(.category, .plain, base: base)
        case .atomCategory:
            if inEntry, let term = (attributes.value("term") ?? attributes.value("label"))?.trimmed(), !term.isEmpty {
                entry!.categories.append(term)
            } else if inEntry {
                beginCapture(.category, .plain, base: base)
            }
        case .enclosure:
            if inEntry, let url = attributes.value("url")?.trimmed(), !url.isEmpty {
                entry!.enclosures.append(Enclosure(url: URLTools.resolve(url, against: base), type: attributes.value("type")?.trimmed(),
                                                   length: attributes.value("length").flatMap { Int64($0.trimmed()) }))
            }
        case .mediaContent:
            if inEntry, let url = attributes.value("url")?.trimmed(), !url.isEmpty {
                entry!.mediaEnclosures.append(Enclosure(url: URLTools.resolve(url, against: base), type: attributes.value("type")?.trimmed(),
                                                        length: attributes.value("fileSize").flatMap { Int64($0.trimmed()) }))
            }
        case .language, .dcLanguage:
            if !inEntry { beginCapture(.language, .plain, base: base) }
        case .ttl:
            if !inEntry { beginCapture(.ttl, .plain, base: base) }
        case .syPeriod:
            if !inEntry { beginCapture(.syPeriod, .plain, base: base) }
        case .syFrequency:
            if !inEntry { beginCapture(.syFrequency, .plain, base: base) }
        }
    }

    private func handleAtomLink(_ attributes: XMLAttributes, base: String?) {
        guard let href = attributes.value("href")?.trimmed() else { return }
        let rel = attributes.value("rel")?.trimmed().lowercased() ?? "alternate"
        let type = attributes.value("type")?.trimmed().lowercased()
        let url = URLTools.resolve(href, against: base)
        let isHTML = type == nil || type == "text/html" || type == "application/xhtml+xml"
        if entry != nil {
            switch rel {
            case "alternate":
                if entry!.link == nil || (isHTML && !entry!.linkIsHTML) { entry!.link = url; entry!.linkIsHTML = isHTML }
            case "enclosure":
                entry!.enclosures.append(Enclosure(url: url, type: type, length: attributes.value("length").flatMap { Int64($0.trimmed()) }))
            default: break
            }
        } else if rel == "alternate" {
            if feed.link == nil || (isHTML && !feedLinkIsHTML) { feed.link = url; feedLinkIsHTML = isHTML }
        }
    }

    private func serializeStart(_ localName: UnsafePointer<UInt8>, _ prefix: UnsafePointer<UInt8>?, _ attributes: XMLAttributes) {
        buffer.append(0x3C)
        if let prefix, capture?.mode == .html { buffer.append(contentsOf: UnsafeBufferPointer(start: prefix, count: strlen(prefix))); buffer.append(0x3A) }
        buffer.append(contentsOf: UnsafeBufferPointer(start: localName, count: strlen(localName)))
        for a in attributes {
            buffer.append(0x20)
            if let p = a.prefix { buffer.append(contentsOf: UnsafeBufferPointer(start: p, count: strlen(p))); buffer.append(0x3A) }
            buffer.append(contentsOf: UnsafeBufferPointer(start: a.localName, count: strlen(a.localName)))
            buffer.appendASCII("=\"")
            for b in a.value.utf8 {
                switch b {
                case 0x26: buffer.appendASCII("&amp;")
                case 0x22: buffer.appendASCII("&quot;")
                case 0x3C: buffer.appendASCII("&lt;")
                default: buffer.append(b)
                }
            }
            buffer.append(0x22)
        }
        buffer.append(0x3E)
    }

    // MARK: Values

    private func plainValue() -> String { buffer.withUnsafeBufferPointer { collapseWhitespace($0) } }

    /// Sanitized HTML and plain text of the captured text in the given mode.
    private func richValue(_ mode: TextMode, base: String?) -> HTMLSanitizer.Output {
        switch mode {
        case .plain:
            var escaped: [UInt8] = []
            escaped.reserveCapacity(buffer.count)
            buffer.withUnsafeBufferPointer { appendHTMLEscaped($0, attribute: false, to: &escaped) }
            return HTMLSanitizer.Output(html: String(utf8Bytes: escaped[...]).trimmed(), text: plainValue())
        case .html, .xhtml:
            return buffer.withUnsafeBufferPointer { sanitizer.sanitize($0, base: base) }
        }
    }

    /// Plain text of a title: markup removed and entities decoded when the text is HTML.
    private func titleValue(_ mode: TextMode) -> String {
        switch mode {
        case .plain: return plainValue()
        case .xhtml: return buffer.withUnsafeBufferPointer { sanitizer.plainText($0) }
        case .html: return buffer.withUnsafeBufferPointer { looksLikeHTML($0) ? sanitizer.plainText($0) : collapseWhitespace($0) }
        }
    }

    private func finishCapture(_ c: Capture) {
        if c.inEntry, entry != nil {
            switch c.field {
            case .title:
                if entry!.title == nil || c.priority > entry!.titlePriority {
                    let t = titleValue(c.mode)
                    if !t.isEmpty || entry!.title == nil { entry!.title = t; entry!.titlePriority = c.priority }
                }
            case .link:
                let v = plainValue()
                if !v.isEmpty && (entry!.link == nil || !entry!.linkIsHTML) {
                    entry!.link = URLTools.resolve(v, against: captureBase); entry!.linkIsHTML = true
                }
            case .guid:
                let v = plainValue()
                if !v.isEmpty && entry!.guid == nil { entry!.guid = v }
                if v.isEmpty { entry!.guidIsPermaLink = false }
                if entry!.guidIsPermaLink { entry!.guid.map { entry!.guid = $0 } }
            case .id:
                let v = plainValue()
                if !v.isEmpty && entry!.id == nil { entry!.id = v }
            case .summary:
                if entry!.summary == nil || c.priority > entry!.summaryPriority {
                    let v = richValue(c.mode, base: captureBase)
                    if !v.html.isEmpty || entry!.summary == nil { entry!.summary = v; entry!.summaryPriority = c.priority }
                }
            case .content:
                if entry!.content == nil { entry!.content = richValue(c.mode, base: captureBase) }
            case .published:
                if entry!.published == nil { entry!.published = buffer.withUnsafeBufferPointer { FeedDate.parse(bytes: $0) } }
            case .updated:
                if entry!.updated == nil { entry!.updated = buffer.withUnsafeBufferPointer { FeedDate.parse(bytes: $0) } }
            case .author:
                let v = plainValue()
                if !v.isEmpty, let rendered = FeedBuilder.renderAuthorText(v) {
                    if c.priority >= 2 { entry!.authors.append(rendered) } else { entry!.fallbackAuthors.append(rendered) }
                }
            case .category:
                let v = plainValue()
                if !v.isEmpty { entry!.categories.append(v) }
            case .personName:
                let v = plainValue(); if !v.isEmpty { person?.name = v }
            case .personEmail:
                let v = plainValue(); if !v.isEmpty { person?.email = v }
            case .personURI:
                let v = plainValue(); if !v.isEmpty { person?.uri = v }
            case .language, .subtitle, .ttl, .syPeriod, .syFrequency:
                break
            }
            return
        }
        switch c.field {
        case .title:
            if feed.title == nil || c.priority > feedTitlePriority {
                let t = titleValue(c.mode)
                if !t.isEmpty || feed.title == nil { feed.title = t; feedTitlePriority = c.priority }
            }
        case .link:
            let v = plainValue()
            if !v.isEmpty && (feed.link == nil || !feedLinkIsHTML) { feed.link = URLTools.resolve(v, against: captureBase); feedLinkIsHTML = true }
        case .subtitle, .summary:
            if feed.subtitle == nil { feed.subtitle = richValue(c.mode, base: captureBase).html }
        case .language:
            let v = plainValue(); if !v.isEmpty && feed.language == nil { feed.language = v }
        case .updated:
            if feed.updated == nil { feed.updated = buffer.withUnsafeBufferPointer { FeedDate.parse(bytes: $0) } }
        case .published:
            if feedPublished == nil { feedPublished = buffer.withUnsafeBufferPointer { FeedDate.parse(bytes: $0) } }
        case .ttl:
            if let minutes = Int(plainValue()), minutes > 0 { feed.ttlMinutes = minutes }
        case .syPeriod:
            switch plainValue().lowercased() {
            case "hourly": syPeriodSeconds = 3600
            case "daily": syPeriodSeconds = 86400
            case "weekly": syPeriodSeconds = 7 * 86400
            case "monthly": syPeriodSeconds = 30 * 86400
            case "yearly": syPeriodSeconds = 365 * 86400
            default: break
            }
        case .syFrequency:
            if let f = Double(plainValue()), f > 0 { syFrequency = f }
        default:
            break
        }
    }

    private func finishEntry() {
        guard let e = entry.take() else { return }
        if e.link == nil, e.guidIsPermaLink, let g = e.guid, let scheme = URLTools.scheme(of: g), scheme == "http" || scheme == "https" {
            e.link = g
        }
        if e.link == nil, let atomID = e.id, let scheme = URLTools.scheme(of: atomID), scheme == "http" || scheme == "https" {
            e.link = atomID
        }
        let title = e.title ?? ""
        let summary = e.summary ?? e.content
        let plain = (e.content ?? e.summary)?.text ?? ""
        let date = e.published ?? e.updated
        let id = e.guid ?? e.id ?? e.about ?? e.link ?? FeedBuilder.contentHash(title: title, date: date, text: plain)
        var authors = e.authors.isEmpty ? e.fallbackAuthors : e.authors
        if authors.isEmpty { authors = e.contributors }
        var enclosures = e.enclosures
        if enclosures.isEmpty { enclosures = e.mediaEnclosures }
        feed.entries.append(ParsedEntry(
            id: id, title: title, link: e.link, canonicalLink: e.link.map(URLTools.canonical),
            published: e.published, updated: e.updated ?? e.published, authors: unique(authors), categories: unique(e.categories),
            summary: summary?.html, content: e.content?.html, text: plain, enclosures: uniqueEnclosures(enclosures)))
    }

    /// The finished feed.
    func result() -> ParsedFeed {
        if let c = capture { finishCapture(c); capture = nil }
        if entry != nil { finishEntry() }
        var f = feed
        f.format = format ?? .rss20
        if f.updated == nil { f.updated = feedPublished }
        if f.language == nil { f.language = feedLanguageFromAttribute }  // as feedparser: updated falls back to published
        if let period = syPeriodSeconds { f.updateIntervalSeconds = period / (syFrequency ?? 1) }
        return f
    }

    // MARK: Helpers

    static func renderPerson(name: String?, email: String?) -> String? {
        switch (name?.isEmpty == false ? name : nil, email?.isEmpty == false ? email : nil) {
        case let (n?, m?): return "\(n) (\(m))"
        case let (n?, nil): return n
        case let (nil, m?): return m
        default: return nil
        }
    }

    /// "jo@example.com (Jo Bloggs)", "Jo Bloggs <jo@example.com>" or a bare name, as `Name (email)`.
    static func renderAuthorText(_ text: String) -> String? {
        guard text.utf8.contains(0x40), let at = text.firstIndex(of: "@") else { return text }
        let separators: Set<Character> = [" ", "(", ")", "<", ">", ",", ";", "\"", "[", "]"]
        var start = at, end = at
        while start > text.startIndex, !separators.contains(text[text.index(before: start)]) { start = text.index(before: start) }
        while end < text.endIndex, !separators.contains(text[end]) { end = text.index(after: end) }
        var email = String(text[start..<end])
        if email.lowercased().hasPrefix("mailto:") { email.removeFirst(7) }
        var name = text[..<start] + text[end...]
        name = Substring(String(name).replacingAll("()", with: "").replacingAll("<>", with: "").replacingAll("mailto:", with: ""))
        var cleaned = String(name).trimmed(" \t\r\n()<>[],;\"")
        if cleaned.isEmpty { return renderPerson(name: nil, email: email) }
        cleaned = cleaned.replacingAll("  ", with: " ")
        return renderPerson(name: cleaned, email: email)
    }

    static func contentHash(title: String, date: Date?, text: String) -> String {
        var h1: UInt64 = 0xcbf29ce484222325, h2: UInt64 = 0x84222325cbf29ce4
        func mix(_ bytes: some Sequence<UInt8>) {
            for b in bytes { h1 = (h1 ^ UInt64(b)) &* 0x100000001b3; h2 = (h2 ^ UInt64(b)) &* 0x100000001b3 &+ 0x9E3779B97F4A7C15 }
            h1 = (h1 ^ 0xFF) &* 0x100000001b3
        }
        mix(title.utf8); mix(String(date.map { Int($0.timeIntervalSince1970) } ?? 0).utf8); mix(text.utf8)
        return "urn:newswatch:" + String(h1, radix: 16) + String(h2, radix: 16)
    }
}

/// Whether text has tags or entity references, i.e. is HTML rather than plain text.
func looksLikeHTML(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let n = bytes.count
    var i = nextByte(in: bytes, from: 0, stoppingAt: .markupStarts)  // only a '<' or '&' can start markup
    while i < n {
        let b = bytes[i]
        if b == 0x3C && i + 1 < n {
            let c = bytes[i + 1]
            if (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x2F || c == 0x21 { return true }
        } else if b == 0x26 && i + 1 < n {
            var j = i + 1
            if bytes[j] == 0x23 { j += 1 }
            let start = j
            while j < n, j - start < 32, (bytes[j] >= 0x30 && bytes[j] <= 0x39) || (bytes[j] >= 0x41 && bytes[j] <= 0x5A) || (bytes[j] >= 0x61 && bytes[j] <= 0x7A) { j += 1 }
            if j > start && j < n && bytes[j] == 0x3B { return true }
        }
        i = nextByte(in: bytes, from: i + 1, stoppingAt: .markupStarts)
    }
    return false
}

func unique(_ values: [String]) -> [String] {
    if values.count < 2 { return values }
    if values.count <= 8 {
        // Usually nothing repeats: then the array itself is the answer (no new one).
        if !(1..<values.count).contains(where: { values[..<$0].contains(values[$0]) }) { return values }
        var kept: [String] = []
        for v in values where !kept.contains(v) { kept.append(v) }
        return kept
    }
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}

func uniqueEnclosures(_ values: [Enclosure]) -> [Enclosure] {
    if values.count < 2 { return values }
    var seen = Set<String>()
    return values.filter { seen.insert($0.url).inserted }
}
