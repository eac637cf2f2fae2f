import CLibXML2

/// Finds feeds advertised by a web page through `<link rel="alternate" type="application/rss+xml" href=...>`.
public enum FeedDiscovery {
    static let feedTypes = ["application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
                            "application/rdf+xml", "application/x.atom+xml", "application/x-atom+xml", "text/xml"]

    /// Feed URLs the page links to, resolved against `pageURL` (and its `<base href>`), best first
    /// (RSS, then Atom, then JSON Feed types; page order within a type).
    public static func alternateFeeds(html: [UInt8], pageURL: String) -> [String] {
        let collector = LinkCollector()
        collector.parse(html)
        let base = collector.baseHref.map { URLTools.resolve($0, against: pageURL) } ?? pageURL
        var found: [(rank: Int, order: Int, url: String)] = []
        for (order, link) in collector.links.enumerated() {
            let rels = link.rel.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
            guard rels.contains("alternate"), let href = link.href?.trimmed(), !href.isEmpty,
                  let type = link.type?.trimmed().lowercased(), let rank = feedTypes.firstIndex(of: type) else { continue }
            found.append((rank, order, URLTools.resolve(href, against: base)))
        }
        return unique(found.sorted { ($0.rank, $0.order) < ($1.rank, $1.order) }.map(\.url))
    }
}

/// Collects `<link>` and `<base>` elements of an HTML page with libxml2's HTML parser (SAX, no tree).
private final class LinkCollector {
    struct Link { var rel: String; var type: String?; var href: String? }
    var links: [Link] = []
    var baseHref: String?

    func parse(_ html: [UInt8]) {
        guard !html.isEmpty, let context = htmlNewParserCtxt() else { return }
        defer { htmlFreeParserCtxt(context) }
        var handler = xmlSAXHandler()
        handler.startElement = { ctx, name, attributes in
            guard let name else { return }
            let me = Unmanaged<LinkCollector>.fromOpaque(cxml_ctxt_private(ctx)!).takeUnretainedValue()
            let tag = String(cString: name)
            guard tag == "link" || tag == "base" else { return }
            var values: [String: String] = [:]
            if var a = attributes {
                while let key = a.pointee {
                    if let value = a.advanced(by: 1).pointee { values[String(cString: key).lowercased()] = String(cString: value) }
                    a = a.advanced(by: 2)
                }
            }
            if tag == "base" { if me.baseHref == nil { me.baseHref = values["href"] } }
            else { me.links.append(Link(rel: values["rel"] ?? "", type: values["type"], href: values["href"])) }
        }
        context.pointee.sax.pointee = handler
        cxml_ctxt_set_private(context, Unmanaged.passUnretained(self).toOpaque())
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue)
        html.withUnsafeBufferPointer { buf in
            buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buf.count) { p in
                if let doc = htmlCtxtReadMemory(context, p, Int32(min(buf.count, Int(Int32.max))), nil, nil, options) { xmlFreeDoc(doc) }
            }
        }
    }
}
