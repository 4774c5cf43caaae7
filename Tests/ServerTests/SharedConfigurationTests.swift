import Adapters
import Foundation
import Testing

@testable import Server

/// `shared:` in config.yaml: read and checked at load, without connecting to Redis.
@Suite struct SharedConfigurationTests {
    private let tenant = """
        tenants:
          demo:
            websites: [ha-123]
            adapter: shopify
            upstream: https://shop.example
            credentials: { accessToken: token }
            secret: a-connector-secret

        """

    @Test func aRedisURLFromTheEnvironmentTurnsSharingOn() throws {
        let yaml = "shared: { url: \"${REDIS_URL:-}\", keyPrefix: \"acme:\", commandTimeout: 150ms, maxEntryBytes: 256KiB }\n" + tenant
        let (configuration, diagnostics) = try loadConfiguration(yaml, environment: ["REDIS_URL": "redis://:s3cret@redis.internal:6380/2"])
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        let shared = try #require(configuration?.shared)
        #expect(shared.redis.host == "redis.internal" && shared.redis.port == 6380 && shared.redis.database == 2)
        #expect(shared.redis.password == "s3cret")
        #expect(shared.redis.commandTimeout == .milliseconds(150))
        #expect(shared.keyPrefix == "acme:" && shared.maxEntryBytes == 256 << 10)
        #expect(!"\(shared.redis)".contains("s3cret"), "the URL as logged hides the password")
    }

    @Test func anEmptyURLLeavesTheGatewayAlone() throws {
        let (configuration, diagnostics) = try loadConfiguration("shared: { url: \"${REDIS_URL:-}\" }\n" + tenant)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        #expect(configuration != nil)
        #expect(configuration?.shared == nil)
    }

    @Test(arguments: ["http://redis:6379", "rediss://redis:6379", "redis://redis:99999", "redis://redis/x"])
    func aURLThatIsNotAPlainRedisOneIsRefusedAtItsPosition(url: String) throws {
        let (configuration, diagnostics) = try loadConfiguration("shared:\n  url: \"\(url)\"\n" + tenant)
        #expect(configuration == nil)
        let error = try #require(diagnostics.first { $0.severity == .error })
        #expect(error.message.hasPrefix("'shared.url' is not a Redis URL"), "\(error)")
        #expect(error.location.line == 3 && error.location.column == 8)  // after the adapters line loadConfiguration writes
    }

    @Test func unknownKeysAreErrors() throws {
        let (configuration, diagnostics) = try loadConfiguration("shared: { url: redis://r, keyprefix: x }\n" + tenant)
        #expect(configuration == nil)
        #expect(diagnostics.contains { $0.severity == .error && $0.message.contains("keyprefix") }, "\(diagnostics)")
    }

    /// The Kubernetes example shares through the Redis its Secret names.
    @Test func theKubernetesExampleShares() throws {
        let root = URL(fileURLWithPath: repositoryAdapters).deletingLastPathComponent().path
        let manifest = try String(contentsOfFile: root + "/deploy/kubernetes/deskbridge.yaml", encoding: .utf8)
        let lines = manifest.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0 == "  config.yaml: |" }) + 1
        let block = lines[start...].prefix { $0.hasPrefix("    ") || $0.isEmpty }
        let yaml = block.map { $0.dropFirst(4) }.filter { !$0.hasPrefix("adapters:") }.joined(separator: "\n")
        let url = try #require(lines.first { $0.contains("DESKBRIDGE_REDIS_URL:") }).split(separator: " ").last.map(String.init)
        let environment = [
            "DESKBRIDGE_ADMIN_TOKEN": String(repeating: "a", count: 32), "ACME_SHOPIFY_TOKEN": "shpat_x",
            "ACME_CONNECTOR_SECRET": String(repeating: "c", count: 32), "DESKBRIDGE_REDIS_URL": try #require(url),
        ]
        let (configuration, diagnostics) = try loadConfiguration(yaml, environment: environment)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        #expect(configuration?.shared?.redis.host == "deskbridge-redis")
    }
}
