import Glibc

/// Which peer addresses `deny_private_networks` refuses: everything that is not a public unicast address.
/// Checked on the sockaddr libcurl is about to connect to, so DNS answers and redirects cannot get around it.
public enum AddressPolicy {
    /// Whether an IPv4 address (4 bytes, network order) is loopback, private, shared (CGNAT), link-local,
    /// multicast, unspecified, reserved or broadcast.
    public static func isNonPublic(ipv4 b: [UInt8]) -> Bool {
        precondition(b.count == 4)
        switch b[0] {
        case 0, 10, 127: return true                       // "this network", private, loopback
        case 100 where b[1] & 0xC0 == 64: return true      // 100.64.0.0/10 shared address space (CGNAT)
        case 169 where b[1] == 254: return true            // link-local
        case 172 where b[1] & 0xF0 == 16: return true      // 172.16.0.0/12
        case 192 where b[1] == 168: return true            // 192.168.0.0/16
        case 192 where b[1] == 0 && b[2] == 0: return true // 192.0.0.0/24 protocol assignments
        case 198 where b[1] & 0xFE == 18: return true      // 198.18.0.0/15 benchmarking
        case 224...255: return true                        // multicast, reserved, broadcast
        default: return false
        }
    }

    /// Whether an IPv6 address (16 bytes) is unspecified, loopback, unique-local, link-local, site-local,
    /// multicast, IPv4-mapped or IPv4-compatible, or embeds a non-public IPv4 address (NAT64, 6to4).
    public static func isNonPublic(ipv6 b: [UInt8]) -> Bool {
        precondition(b.count == 16)
        if b[0..<10].allSatisfy({ $0 == 0 }) {
            // ::, ::1, ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible): none is a real public peer.
            return true
        }
        if b[0] & 0xFE == 0xFC { return true }                  // fc00::/7 unique local
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return true }  // fe80::/10 link-local
        if b[0] == 0xFE && b[1] & 0xC0 == 0xC0 { return true }  // fec0::/10 site-local (deprecated)
        if b[0] == 0xFF { return true }                         // multicast
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4..<12].allSatisfy({ $0 == 0 }) {
            return isNonPublic(ipv4: Array(b[12..<16]))         // 64:ff9b::/96 NAT64
        }
        if b[0] == 0x20 && b[1] == 0x02 { return isNonPublic(ipv4: Array(b[2..<6])) } // 2002::/16 6to4
        return false
    }

    /// The refused address as text, or nil when the socket address is a public unicast address
    /// (or not an internet address at all).
    static func refusedAddress(_ address: UnsafePointer<sockaddr>) -> String? {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                var raw = sin.pointee.sin_addr
                let bytes = withUnsafeBytes(of: &raw) { Array($0) }
                return isNonPublic(ipv4: bytes) ? bytes.map(String.init).joined(separator: ".") : nil
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                var raw = sin6.pointee.sin6_addr
                let bytes = withUnsafeBytes(of: &raw) { Array($0) }
                guard isNonPublic(ipv6: bytes) else { return nil }
                var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
                _ = inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
                return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        default:
            return nil
        }
    }
}
