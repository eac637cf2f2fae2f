import Foundation

/// Why a digest could not be rendered; every case names the template file or directory at fault.
public enum DigestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `[digest] template_dir` points at something that is not a readable directory.
    case templateDirectoryMissing(path: String)
    /// A template file exists but could not be read as UTF-8 text.
    case templateUnreadable(path: String)
    /// A template file is not valid mustache.
    case templateSyntax(path: String, line: Int, column: Int, problem: String)
    /// Neither the override directory nor the bundled templates provide this template.
    case templateMissing(name: String)

    public var description: String {
        switch self {
        case .templateDirectoryMissing(let path):
            return "digest template directory \(path): not a readable directory"
        case .templateUnreadable(let path):
            return "digest template \(path): cannot be read as UTF-8 text"
        case .templateSyntax(let path, let line, let column, let problem):
            return "digest template \(path):\(line):\(column): \(problem)"
        case .templateMissing(let name):
            return "digest template \(name).mustache: not found in the template directory or the bundled templates"
        }
    }
}
