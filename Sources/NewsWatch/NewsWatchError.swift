import Foundation

/// An error of the pipeline or a command, as one line for the user.
public struct NewsWatchError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
