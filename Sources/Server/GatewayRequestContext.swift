import Hummingbird
import Logging
import NIOCore

/// The context of one gateway request: Hummingbird's core storage plus the peer's address, which
/// source allow-lists need.
package struct GatewayRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The socket peer's IP address (before any trusted-proxy resolution).
    package let peerAddress: String?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Plugin bodies are small forms or JSON; anything larger is refused before it is read whole.
    package var maxUploadSize: Int { 64 * 1024 }
}
