/// The namespaces the feed builder understands.
enum FeedNamespace {
    case none, rss, rss090, atom10, atom03, rdf, dc, dcterms, content, media, sy, xhtml, itunes, xml, other

    static let byURI: [String: FeedNamespace] = [
        "": .none,
        "http://purl.org/rss/1.0/": .rss, "http://backend.userland.com/rss2": .rss, "http://blogs.law.harvard.edu/tech/rss": .rss,
        "http://backend.userland.com/rss": .rss, "http://purl.org/net/rss1.1#": .rss,
        "http://my.netscape.com/rdf/simple/0.9/": .rss090,
        "http://www.w3.org/2005/Atom": .atom10, "http://purl.org/atom/ns#": .atom03,
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#": .rdf,
        "http://purl.org/dc/elements/1.1/": .dc, "http://purl.org/dc/elements/1.0/": .dc,
        "http://purl.org/dc/terms/": .dcterms,
        "http://purl.org/rss/1.0/modules/content/": .content,
        "http://search.yahoo.com/mrss/": .media, "http://search.yahoo.com/mrss": .media,
        "http://purl.org/rss/1.0/modules/syndication/": .sy,
        "http://www.w3.org/1999/xhtml": .xhtml,
        "http://www.itunes.com/dtds/podcast-1.0.dtd": .itunes,
        "http://www.w3.org/XML/1998/namespace": .xml,
    ]
    /// Prefixes used without a declaration in the wild.
    static let byPrefix: [String: FeedNamespace] = [
        "dc": .dc, "dcterms": .dcterms, "content": .content, "media": .media, "sy": .sy, "atom": .atom10,
        "itunes": .itunes, "xhtml": .xhtml, "rdf": .rdf, "xml": .xml,
    ]
}

/// Elements the feed builder acts on.
enum FeedTag {
    case other
    case rssRoot, rdfRoot, atomRoot, htmlRoot, channel, item, entry
    case title, link, description, guid, pubDate, lastBuildDate, rssAuthor, category, enclosure, source, image
    case textInput, language, ttl
    case id, updated, published, summary, content, subtitle, atomAuthor, atomContributor, name, email, uri
    case atomLink, atomCategory
    case dcTitle, dcCreator, dcDate, dcSubject, dcLanguage, dcDescription, dctermsIssued, dctermsModified
    case contentEncoded, mediaContent, mediaTitle, mediaDescription, syPeriod, syFrequency
    case xhtmlBody, itunesAuthor, itunesSummary

    static func classify(_ ns: FeedNamespace, _ name: String, atomDocument: Bool) -> FeedTag {
        switch ns {
        case .none where atomDocument, .atom10, .atom03:
            switch name {
            case "feed": return .atomRoot
            case "entry": return .entry
            case "title": return .title
            case "link": return .atomLink
            case "id": return .id
            case "updated", "modified": return .updated
            case "published", "issued": return .published
            case "summary": return .summary
            case "content": return .content
            case "subtitle", "tagline": return .subtitle
            case "author": return .atomAuthor
            case "contributor": return .atomContributor
            case "name": return .name
            case "email": return .email
            case "uri", "url": return .uri
            case "category": return .atomCategory
            case "source": return .source
            default: return .other
            }
        case .none, .rss, .rss090:
            switch name {
            case "rss": return .rssRoot
            case "html": return .htmlRoot
            case "feed": return .atomRoot
            case "channel": return .channel
            case "item": return .item
            case "title": return .title
            case "link": return .link
            case "description": return .description
            case "guid": return .guid
            case "pubdate": return .pubDate
            case "lastbuilddate": return .lastBuildDate
            case "author": return .rssAuthor
            case "category": return .category
            case "enclosure": return .enclosure
            case "source": return .source
            case "image": return .image
            case "textinput": return .textInput
            case "language": return .language
            case "ttl": return .ttl
            default: return .other
            }
        case .rdf: return name == "rdf" ? .rdfRoot : .other
        case .dc:
            switch name {
            case "title": return .dcTitle
            case "creator", "author": return .dcCreator
            case "date": return .dcDate
            case "subject": return .dcSubject
            case "language": return .dcLanguage
            case "description": return .dcDescription
            default: return .other
            }
        case .dcterms:
            switch name {
            case "issued": return .dctermsIssued
            case "modified": return .dctermsModified
            default: return .other
            }
        case .content: return name == "encoded" ? .contentEncoded : .other
        case .media:
            switch name {
            case "content": return .mediaContent
            case "title": return .mediaTitle
            case "description": return .mediaDescription
            default: return .other
            }
        case .sy:
            switch name {
            case "updateperiod": return .syPeriod
            case "updatefrequency": return .syFrequency
            default: return .other
            }
        case .xhtml: return name == "body" ? .xhtmlBody : (name == "html" ? .htmlRoot : .other)
        case .itunes:
            switch name {
            case "author": return .itunesAuthor
            case "summary": return .itunesSummary
            default: return .other
            }
        case .xml, .other: return .other
        }
    }
}
