import Foundation

/// SMTP settings (`[smtp]` in the config file).
public struct SMTPSettings: Sendable, Hashable {
    /// smtp://host:port (STARTTLS when offered) or smtps://host:port.
    public var url: String
    /// The envelope sender (MAIL FROM), e.g. `newswatch <alerts@example.org>`; only the address is used.
    public var from: String
    public var username: String?
    /// The name of the environment variable holding the password; never the password itself.
    public var passwordEnv: String?
    /// Refuse to send over a connection that did not switch to TLS (smtp:// without STARTTLS).
    public var requireTLS: Bool = false
    /// Seconds allowed for the whole SMTP conversation; connecting gets at most 10 of them.
    public var timeout: TimeInterval = 30
    /// A PEM file of certificate authorities to trust instead of the system's (a private or test server).
    /// Certificates are always verified.
    public var caFile: String?
    public init(url: String, from: String, username: String? = nil, passwordEnv: String? = nil, requireTLS: Bool = false,
                timeout: TimeInterval = 30, caFile: String? = nil) {
        self.url = url; self.from = from; self.username = username; self.passwordEnv = passwordEnv; self.requireTLS = requireTLS
        self.timeout = timeout; self.caFile = caFile
    }
}
