import Foundation
import GatewayConfig

/// The address a call comes from: the socket's peer, or, when that peer is a trusted proxy (a load
/// balancer), the last address it added to `X-Forwarded-For`.
enum ClientAddress {
    static func resolve(peer: String?, forwardedFor: String?, trustedProxies: [IPNetwork]) -> String? {
        guard let peer, !trustedProxies.isEmpty, trustedProxies.contains(where: { $0.contains(peer) }), let forwardedFor else {
            return peer
        }
        // Walk from the right: each trusted hop vouches for the address before it; the first
        // untrusted one is the client. Addresses further left are whatever the client claimed.
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() where !trustedProxies.contains(where: { $0.contains(hop) }) {
            return IPNetwork.parse(hop) == nil ? nil : hop
        }
        return hops.first ?? peer
    }
}
