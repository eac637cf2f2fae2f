import CCurl
import Foundation

/// What the server did with a message it accepted.
public struct SMTPDelivery: Sendable, Hashable {
    /// Recipients the server accepted; the message was delivered to these.
    public var accepted: [String]
    /// Recipients the server refused while accepting the others; the message is still sent and must not
    /// be sent again (the accepted recipients would get it twice). Report these to the user.
    public var refused: [RefusedRecipient]
    /// The server's final reply, e.g. `250 2.0.0 queued as 1234`.
    public var serverReply: String
}

/// Sends mail over SMTP through libcurl: smtp:// upgrades with STARTTLS when the server offers it
/// (and insists when `requireTLS`), smtps:// speaks TLS from the start; certificates are verified.
/// Blocking: call it off the fetch thread.
public struct SMTPSender: Sendable {
    public let settings: SMTPSettings
    /// Where `settings.passwordEnv` is looked up; the process environment unless a test supplies one.
    private let environment: [String: String]

    public init(settings: SMTPSettings) {
        self.init(settings: settings, environment: ProcessInfo.processInfo.environment)
    }

    public init(settings: SMTPSettings, environment: [String: String]) {
        self.settings = settings; self.environment = environment
    }

    /// Delivers `message` to all of its `to` recipients in one SMTP transaction on a new connection.
    ///
    /// Succeeds when the server accepted the message for at least one recipient; refusals of the others
    /// are listed in the result. Throws when nothing was delivered: `transient` errors (server down,
    /// timeout, TLS, login, 4xx) mean "keep it and retry", permanent ones mean the server refused this
    /// message or all its recipients with a 5xx.
    @discardableResult
    public func send(_ message: MailMessage) throws(MailError) -> SMTPDelivery {
        try session().send(message)
    }

    /// A session that keeps its connection (and TLS, login) open between messages, for flushing an outbox.
    public func session() throws(MailError) -> SMTPSession {
        try SMTPSession(settings: settings, environment: environment)
    }
}

/// Several messages over one SMTP connection: libcurl keeps the connection open after each message
/// and reconnects by itself when the server has closed it. Each `send` is its own transaction, so a
/// caller can record every message as sent as soon as the server accepted it.
/// Confinement: use a session from one thread at a time; it is not Sendable.
public final class SMTPSession {
    public let settings: SMTPSettings
    private let environment: [String: String]
    private let curl: CurlEasy

    init(settings: SMTPSettings, environment: [String: String]) throws(MailError) {
        self.settings = settings; self.environment = environment
        curl = try CurlEasy()
    }

    /// Delivers `message` like `SMTPSender.send(_:)`, reusing this session's connection when it is still open.
    @discardableResult
    public func send(_ message: MailMessage) throws(MailError) -> SMTPDelivery {
        let server = serverName
        let lowerURL = settings.url.lowercased()
        guard lowerURL.hasPrefix("smtp://") || lowerURL.hasPrefix("smtps://") else {
            throw MailError("smtp url \"\(HeaderText.sanitized(settings.url))\" must start with smtp:// or smtps://", kind: .configuration)
        }
        let recipients = uniqueRecipients(message.to)
        guard !recipients.isEmpty else {
            throw MailError("message \(message.messageID) has no recipient", transient: false, kind: .configuration)
        }
        let envelopeSender = MailAddress(parsing: settings.from.isEmpty ? message.from : settings.from).address

        try curl.reset()
        let upload = UploadSource(MIMEMessage.render(message))
        let transcript = SMTPTranscript()
        try withExtendedLifetime((upload, transcript)) { () throws(MailError) in
            try curl.set(CURLOPT_URL, settings.url)
            try curl.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
            try curl.set(CURLOPT_USE_SSL, Int(settings.requireTLS || lowerURL.hasPrefix("smtps://") ? CURLUSESSL_ALL.rawValue : CURLUSESSL_TRY.rawValue))
            if let caFile = settings.caFile { try curl.set(CURLOPT_CAINFO, caFile) }
            if let username = settings.username, !username.isEmpty {
                try curl.set(CURLOPT_USERNAME, username)
                try curl.set(CURLOPT_PASSWORD, try password())
            }
            try curl.set(CURLOPT_MAIL_FROM, envelopeSender)
            try curl.set(CURLOPT_MAIL_RCPT, list: recipients)
            // Deliver to the recipients the server accepts instead of failing them all for one refusal.
            try curl.set(CURLOPT_MAIL_RCPT_ALLLOWFAILS, 1)
            try curl.set(CURLOPT_UPLOAD, 1)
            try curl.set(CURLOPT_INFILESIZE_LARGE, upload.bytes.count)
            try check(ccurl_easy_setopt_read_cb(curl.handle, CURLOPT_READFUNCTION, UploadSource.readCallback))
            try curl.set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(upload).toOpaque())
            try curl.set(CURLOPT_CONNECTTIMEOUT_MS, Int(min(settings.timeout, 10) * 1000))
            try curl.set(CURLOPT_TIMEOUT_MS, Int(settings.timeout * 1000))
            // VERBOSE routes the dialogue to the debug callback (and nowhere else).
            try curl.set(CURLOPT_VERBOSE, 1)
            try check(ccurl_easy_setopt_debug_cb(curl.handle, SMTPTranscript.debugCallback))
            try curl.set(CURLOPT_DEBUGDATA, pointer: Unmanaged.passUnretained(transcript).toOpaque())

            let code = curl.perform()
            if code != CURLE_OK {
                throw failure(code, detail: curl.failureDetail(code), transcript: transcript, server: server)
            }
        }
        return SMTPDelivery(accepted: transcript.accepted, refused: transcript.refused, serverReply: transcript.lastReply)
    }

    /// host:port of the server, for messages.
    private var serverName: String {
        let withoutScheme = settings.url.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? settings.url
        return HeaderText.sanitized(withoutScheme.split(separator: "@").last.map(String.init) ?? withoutScheme)
    }

    private func uniqueRecipients(_ to: [String]) -> [String] {
        var seen = Set<String>()
        return to.map { MailAddress(parsing: $0).address }.filter { !$0.isEmpty && seen.insert($0.lowercased()).inserted }
    }

    private func password() throws(MailError) -> String {
        guard let variable = settings.passwordEnv, !variable.isEmpty else {
            throw MailError("smtp username is set but password_env names no environment variable", kind: .configuration)
        }
        guard let value = environment[variable] else {
            throw MailError("environment variable \(variable) (smtp password_env) is not set", kind: .configuration)
        }
        return value
    }

    private func check(_ code: CURLcode) throws(MailError) {
        guard code == CURLE_OK else {
            throw MailError("libcurl refused an SMTP callback: \(String(cString: curl_easy_strerror(code)))", kind: .configuration)
        }
    }

    /// Maps a failed transfer to a MailError that says which server, which step and what it answered.
    private func failure(_ code: CURLcode, detail: String, transcript: SMTPTranscript, server: String) -> MailError {
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return MailError("SMTP server \(server) unreachable: \(detail)", kind: .unreachable)
        case CURLE_OPERATION_TIMEDOUT:
            return MailError("SMTP server \(server) timed out \(transcript.stepDescription) after \(Int(settings.timeout)) s: \(detail)", kind: .timeout)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_USE_SSL_FAILED, CURLE_SSL_CACERT_BADFILE,
             CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER:
            return MailError("SMTP server \(server): TLS failed: \(detail)", kind: .tls)
        case CURLE_LOGIN_DENIED:
            return MailError("SMTP server \(server) refused the login of \(settings.username ?? ""): \(transcript.lastReply)", kind: .authentication)
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return MailError("smtp url \"\(HeaderText.sanitized(settings.url))\" is not usable: \(detail)", kind: .configuration)
        default:
            break
        }
        if transcript.accepted.isEmpty && !transcript.refused.isEmpty {
            let list = transcript.refused.map(\.description).joined(separator: ", ")
            return MailError("SMTP server \(server) refused every recipient: \(list)",
                             transient: transcript.refused.contains(where: \.transient), kind: .recipientsRefused,
                             refusedRecipients: transcript.refused)
        }
        guard transcript.lastReplyCode >= 400 else {
            // No refusal from the server: the connection broke off (reset, closed, garbled).
            return MailError("connection to SMTP server \(server) failed \(transcript.stepDescription): \(detail)", kind: .unreachable)
        }
        let permanent = transcript.lastReplyCode >= 500
        let said = "server said \"\(transcript.lastReply)\""
        switch transcript.step {
        case .messageBody, .command("DATA"):
            return MailError("SMTP server \(server) refused the message: \(said)", transient: !permanent, kind: .messageRefused,
                             refusedRecipients: transcript.refused)
        case .command("MAIL"):
            // A refused sender is a configuration problem: keep the message for when it is fixed.
            return MailError("SMTP server \(server) refused the sender \(settings.from): \(said)", kind: .messageRefused)
        default:
            return MailError("SMTP server \(server) failed \(transcript.stepDescription): \(said)", kind: .other)
        }
    }
}
