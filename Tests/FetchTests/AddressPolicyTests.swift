import Glibc
import Testing
@testable import Fetch

private func bytes(_ text: String) -> [UInt8] {
    if text.contains(":") {
        var raw = in6_addr()
        precondition(inet_pton(AF_INET6, text, &raw) == 1, text)
        return withUnsafeBytes(of: &raw) { Array($0) }
    }
    var raw = in_addr()
    precondition(inet_pton(AF_INET, text, &raw) == 1, text)
    return withUnsafeBytes(of: &raw) { Array($0) }
}

private func refused(_ text: String) -> Bool {
    let b = bytes(text)
    return b.count == 4 ? AddressPolicy.isNonPublic(ipv4: b) : AddressPolicy.isNonPublic(ipv6: b)
}

@Suite("deny_private_networks address classes")
struct AddressPolicyTests {
    static let nonPublic: [String] = [
        "127.0.0.1", "127.255.0.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1",
        "100.127.255.254", "169.254.169.254", "0.0.0.0", "224.0.0.1", "239.255.255.250", "255.255.255.255",
        "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
        "::ffff:8.8.8.8", "64:ff9b::a00:1", "2002:c0a8:101::1",
    ]
    static let publicAddresses: [String] = [
        "8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1", "192.169.0.1",
        "93.184.216.34", "2001:4860:4860::8888", "2606:4700::1111", "64:ff9b::808:808", "2002:808:808::1",
    ]

    @Test(arguments: nonPublic)
    func nonPublicAddressesAreRefused(address: String) {
        #expect(refused(address))
    }

    @Test(arguments: publicAddresses)
    func publicAddressesAreAllowed(address: String) {
        #expect(!refused(address))
    }

    @Test func theRefusedSocketAddressIsNamed() {
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        _ = inet_pton(AF_INET6, "fe80::1", &address.sin6_addr)
        let text = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { AddressPolicy.refusedAddress($0) }
        }
        #expect(text == "fe80::1")
    }
}
