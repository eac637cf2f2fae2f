import Foundation
import Mustache

/// The digest's mustache templates: the ones bundled with newswatch, each replaced by a file of the
/// same name in the user's template directory (`[digest] template_dir`) when there is one.
enum TemplateLibrary {
    /// Loads every `*.mustache` file, bundled first, then the overrides on top.
    static func load(overrideDirectory: String?) throws(DigestError) -> MustacheLibrary {
        var templates = try templates(in: bundledDirectory())
        if let overrideDirectory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: overrideDirectory, isDirectory: &isDirectory), isDirectory.boolValue,
                  FileManager.default.isReadableFile(atPath: overrideDirectory)
            else { throw .templateDirectoryMissing(path: overrideDirectory) }
            templates.merge(try Self.templates(in: overrideDirectory)) { _, override in override }
        }
        return MustacheLibrary(templates: templates)
    }

    /// The templates of one directory, named by file name without `.mustache` (`digest.html`).
    private static func templates(in directory: String) throws(DigestError) -> [String: MustacheTemplate] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .templateDirectoryMissing(path: directory)
        }
        var templates: [String: MustacheTemplate] = [:]
        for file in names.sorted() where file.hasSuffix(".mustache") {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw .templateUnreadable(path: path)
            }
            do {
                templates[String(file.dropLast(".mustache".count))] = try MustacheTemplate(string: text)
            } catch let error as MustacheTemplate.ParserError {
                throw .templateSyntax(path: path, line: error.context.lineNumber, column: error.context.columnNumber,
                                      problem: describe(error.error))
            } catch {
                throw .templateSyntax(path: path, line: 0, column: 0, problem: "\(error)")
            }
        }
        return templates
    }

    /// The bundled `Templates` folder. An installed binary finds it beside itself; checked before
    /// `Bundle.module`, whose fallback is the build directory.
    private static func bundledDirectory() -> String {
        let bundleName = "newswatch_Digest.resources"
        var candidates = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            candidates.append(executable.deletingLastPathComponent())
        }
        for base in candidates {
            let templates = base.appendingPathComponent(bundleName).appendingPathComponent("Templates").path
            if FileManager.default.fileExists(atPath: templates) { return templates }
        }
        return Bundle.module.bundleURL.appendingPathComponent("Templates").path
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a different name than it was opened"
        case .unfinishedName: return "a tag is not finished"
        case .expectedSectionEnd: return "a section is opened but never closed"
        case .invalidSetDelimiter: return "bad set-delimiter tag"
        case .transformAppliedToInheritanceSection: return "a transform is applied to an inheritance section"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection: return "unexpected content inside an inheritance section"
        case .invalidConfigVariableSyntax: return "bad pragma syntax"
        case .unrecognisedConfigVariable: return "unknown pragma"
        }
    }
}
