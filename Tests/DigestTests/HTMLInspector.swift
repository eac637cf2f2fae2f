import CLibXML2
import Foundation

/// What libxml2's HTML parser makes of a document: its problems and every element with its attributes.
struct ParsedHTML {
    struct Problem: CustomStringConvertible {
        let code: Int
        let line: Int
        let message: String
        var description: String { "line \(line): [\(code)] \(message)" }
    }

    struct Element {
        let name: String
        let attributes: [String: String]
        let text: String
        /// Names of the enclosing elements, innermost last.
        let ancestors: [String]
    }

    var problems: [Problem] = []
    var elements: [Element] = []
    var text = ""
    var parsed = false

    /// Problems other than HTML5 elements unknown to libxml2's HTML 4 parser (`<svg>`, `<section>`, `<mark>`...).
    var wellFormednessProblems: [Problem] { problems.filter { $0.code != Int(XML_HTML_UNKNOWN_TAG.rawValue) } }

    func elements(named name: String) -> [Element] { elements.filter { $0.name == name } }
}

private final class ProblemSink {
    var problems: [ParsedHTML.Problem] = []
}

enum HTMLInspector {
    /// Parses with `htmlReadMemory` (no network), collecting every error through a structured error
    /// handler installed for this synchronous call only (libxml2 keeps it per thread).
    static func parse(_ html: String) -> ParsedHTML {
        var result = ParsedHTML()
        let sink = ProblemSink()
        let context = Unmanaged.passRetained(sink)
        xmlSetStructuredErrorFunc(context.toOpaque()) { context, error in
            guard let context, let error else { return }
            let sink = Unmanaged<ProblemSink>.fromOpaque(context).takeUnretainedValue()
            let message = error.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            sink.problems.append(.init(code: Int(error.pointee.code), line: Int(error.pointee.line), message: message))
        }
        defer {
            xmlSetStructuredErrorFunc(nil, nil)
            context.release()
        }
        let bytes = Array(html.utf8)
        let options = Int32(HTML_PARSE_NONET.rawValue)
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                htmlReadMemory($0, Int32(buffer.count), "digest.html", "UTF-8", options)
            }
        }
        guard let document else {
            result.problems = sink.problems
            return result
        }
        defer { xmlFreeDoc(document) }
        result.parsed = true
        if let root = xmlDocGetRootElement(document) {
            walk(root, ancestors: [], into: &result)
            result.text = content(of: root)
        }
        result.problems = sink.problems
        return result
    }

    private static func walk(_ node: xmlNodePtr, ancestors: [String], into result: inout ParsedHTML) {
        var current: xmlNodePtr? = node
        while let element = current {
            if element.pointee.type == XML_ELEMENT_NODE {
                let name = String(cString: element.pointee.name)
                var attributes: [String: String] = [:]
                var attribute = element.pointee.properties
                while let a = attribute {
                    let attributeName = String(cString: a.pointee.name)
                    var value = ""
                    if let raw = xmlGetProp(element, a.pointee.name) {
                        value = String(cString: raw)
                        cxml_free(raw)
                    }
                    attributes[attributeName] = value
                    attribute = a.pointee.next
                }
                result.elements.append(.init(name: name, attributes: attributes, text: content(of: element), ancestors: ancestors))
                if let child = element.pointee.children {
                    walk(child, ancestors: ancestors + [name], into: &result)
                }
            }
            current = element.pointee.next
        }
    }

    private static func content(of node: xmlNodePtr) -> String {
        guard let raw = xmlNodeGetContent(node) else { return "" }
        defer { cxml_free(raw) }
        return String(cString: raw)
    }
}
