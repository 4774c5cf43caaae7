import Hummingbird
import Logging
import NIOCore

/// The context of one gateway request: Hummingbird's core storage plus the peer's address, which
/// source allow-lists need.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The socket peer's IP address (before any trusted-proxy resolution).
    public let peerAddress: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Plugin bodies are small forms or JSON; anything larger is refused before it is read whole.
    public var maxUploadSize: Int { 64 * 1024 }
}
