import Hummingbird
import NIOCore

/// The request context of the sandbox: Hummingbird's core context plus the connection, so that
/// a dropped-connection fault can close it without answering.
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }
}
