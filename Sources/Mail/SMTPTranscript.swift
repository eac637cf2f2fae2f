import CCurl

/// Follows the SMTP dialogue through libcurl's debug callback to learn what curl does not report:
/// which recipients the server refused, and at which step a failure happened.
/// Only command verbs and RCPT addresses are kept, never AUTH lines, so no credential is ever stored.
final class SMTPTranscript {
    enum Step { case connecting, command(String), messageBody }

    private(set) var step: Step = .connecting
    private(set) var accepted: [String] = []
    private(set) var refused: [RefusedRecipient] = []
    /// The last complete reply line from the server, control characters removed.
    private(set) var lastReply = ""
    /// The code of `lastReply` (0 before any reply).
    private(set) var lastReplyCode = 0
    private var pendingRecipient: String?
    private var closing = false

    /// Where the dialogue was, for messages: "before the greeting", "at RCPT", "while sending the message".
    var stepDescription: String {
        switch step {
        case .connecting: "before the greeting"
        case .command(let verb): "at \(verb)"
        case .messageBody: "while sending the message"
        }
    }

    func commandSent(_ line: String) {
        let verb = line.prefix(while: { $0 != " " && $0 != ":" }).uppercased()
        // curl says QUIT after a failure too; keep the step and reply that explain the failure.
        if verb == "QUIT" { closing = true; return }
        step = .command(verb)
        if verb == "RCPT", let open = line.firstIndex(of: "<"), let close = line.lastIndex(of: ">"), open < close {
            pendingRecipient = String(line[line.index(after: open)..<close])
        } else {
            pendingRecipient = nil
        }
    }

    func replyReceived(_ line: String) {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ (0x30...0x39).contains($0) }), let code = Int(line.prefix(3)) else { return }
        // "250-…" continues a multi-line reply; only the last line ("250 …") ends it.
        if closing || (bytes.count > 3 && bytes[3] == UInt8(ascii: "-")) { return }
        lastReply = HeaderText.sanitized(String(line.prefix(300)))
        lastReplyCode = code
        if case .command("DATA") = step, code == 354 { step = .messageBody }
        if let recipient = pendingRecipient {
            if (200..<300).contains(code) { accepted.append(recipient) }
            else { refused.append(RefusedRecipient(address: recipient, code: code, reply: lastReply)) }
            pendingRecipient = nil
        }
    }

    /// The DEBUGFUNCTION: feeds header lines in and out to the `SMTPTranscript` passed as DEBUGDATA.
    static let debugCallback: curl_debug_callback = { _, type, data, size, context in
        guard let data, let context, type == CURLINFO_HEADER_IN || type == CURLINFO_HEADER_OUT else { return 0 }
        let transcript = Unmanaged<SMTPTranscript>.fromOpaque(context).takeUnretainedValue()
        let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
        for line in text.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
            if type == CURLINFO_HEADER_OUT { transcript.commandSent(String(line)) } else { transcript.replyReceived(String(line)) }
        }
        return 0
    }
}
