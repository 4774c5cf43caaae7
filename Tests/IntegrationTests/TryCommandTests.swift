import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `deskbridge try` never says OK to a broken mapping: run against the demo shop (the sandbox it
/// starts on a free port) with a copy of the Shopify adapter broken on purpose.
@Suite struct TryCommandTests {
    /// A folder with config.yaml (one tenant on `port`) and the Shopify adapter with `edit` applied.
    private func folder(port: Int, edit: (String) -> String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deskbridge-try-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("adapters"), withIntermediateDirectories: true)
        let shopify = try String(contentsOfFile: repositoryAdapters + "/shopify.yaml", encoding: .utf8)
        try edit(shopify).write(to: directory.appendingPathComponent("adapters/shopify.yaml"), atomically: true, encoding: .utf8)
        let config = """
            tenants:
              demo:
                websites: [ha-123]
                adapter: shopify
                upstream: http://127.0.0.1:\(port)
                credentials: { accessToken: shpat_demo_token }
                secret: demo-connector-secret
            """
        try config.write(to: directory.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        return directory
    }

    /// A loopback port nobody listens on right now.
    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func aFieldEmptyOnEveryItemIsAWarningNotAnOK() async throws {
        let directory = try folder(port: try Self.freePort()) {
            $0.replacingOccurrences(of: "reference: variant.sku", with: "reference: variant.SKU")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let (status, output) = try await CommandLineTests.run(
            ["try", "products", "--tenant", "demo", "--param", "limit=3", "--config", "config.yaml"], directory: directory)
        #expect(status == 0, "\(output)")
        #expect(output.contains("'reference' is empty or null on every item (3)"), "\(output)")
        #expect(!output.contains("✓ OK"))
    }

    @Test func aRefusedLinkNamesTheEnrichmentTheItemAndTheValue() async throws {
        let directory = try folder(port: try Self.freePort()) {
            $0.replacingOccurrences(
                of: "    count:\n      request:\n        path: /admin/api/{settings.apiVersion}/graphql.json\n",
                with: "    count:\n      optional: true\n      request:\n        url: '\"https://elsewhere.example/count/{item.id | gid}\"'\n")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let (status, output) = try await CommandLineTests.run(
            ["try", "categories", "--tenant", "demo", "--param", "limit=2", "--config", "config.yaml"], directory: directory)
        #expect(status == 0, "\(output)")
        let line = try #require(output.split(separator: "\n").first { $0.contains("not sent:") && $0.contains("item 1") }, "\(output)")
        #expect(line.contains("(enrichment 'count', item 1 (id gid://shopify/Collection/"), "\(line)")
        #expect(line.contains("= \"https://elsewhere.example/count/"), "\(line)")
        #expect(line.contains("points outside the tenant's upstream"), "\(line)")
        #expect(!output.contains("✓ OK"))
    }

    @Test func deepFlagsAProductsCountThatDisagreesWithTheList() async throws {
        let directory = try folder(port: try Self.freePort()) { $0.replacingOccurrences(of: "productsCount: count ?? 0", with: "productsCount: 1") }
        defer { try? FileManager.default.removeItem(at: directory) }
        let (status, output) = try await CommandLineTests.run(
            ["try", "categories", "--tenant", "demo", "--param", "limit=2", "--deep", "--config", "config.yaml"], directory: directory)
        #expect(status == 0, "\(output)")
        #expect(output.contains("says productsCount 1 but lists"), "\(output)")
        #expect(!output.contains("✓ OK"))
        // The shipped mapping agrees with the lists.
        let shipped = try folder(port: try Self.freePort()) { $0 }
        defer { try? FileManager.default.removeItem(at: shipped) }
        let agreed = try await CommandLineTests.run(
            ["try", "categories", "--tenant", "demo", "--param", "limit=2", "--deep", "--config", "config.yaml"], directory: shipped)
        #expect(agreed.output.contains("✓ OK: 2 categories"), "\(agreed.output)")
    }
}
