import Foundation
import GatewayConfig
import Mapping
import Server
import Testing
import Upstream

/// POST and PUT bodies are bounded at 64 KiB before they are read whole: a correctly signed body one
/// byte over gets exactly 413 on the customer action route and on every bot route with a body, and
/// one of exactly 64 KiB is read, authenticated and answered.
@Suite struct BodyLimitTests {
    static let limit = 64 * 1024

    /// A JSON object of exactly `size` bytes: `fields`, then a padding field that fills the rest.
    static func body(_ fields: String, size: Int) -> [UInt8] {
        let open = "{\(fields),\"padding\":\""
        let close = "\"}"
        return Array((open + String(repeating: "x", count: size - open.utf8.count - close.utf8.count) + close).utf8)
    }

    static func signed(_ body: [UInt8]) -> [HTTPHeader] {
        [
            HTTPHeader(name: "Content-Type", value: "application/json"),
            HTTPHeader(name: "x-iadvize-signature", value: SignatureCheck.sign(body, secret: LiveGateway.secret)),
        ]
    }

    @Test func theActionRouteRefusesASignedBodyOverTheLimit() async throws {
        try await withLiveGateway { gateway in
            let fields = #""action":"noSuchAction","idWebsite":"ha-123","idConversation":"s-1""#
            let over = Self.body(fields, size: 70 * 1024)
            let refused = try await gateway.send("POST", "/plugins/demo/customer/action", headers: Self.signed(over), body: over)
            #expect(refused.status == 413, "\(refused.text.prefix(200))")
            #expect(refused.json["success"] == false)
            #expect(refused.json["message"] == "the body is larger than 64 KiB")

            let justOver = Self.body(fields, size: Self.limit + 1)
            let oneByteOver = try await gateway.send("POST", "/plugins/demo/customer/action", headers: Self.signed(justOver), body: justOver)
            #expect(oneByteOver.status == 413)

            // At the limit the body is read whole: its signature holds, and the unknown action is
            // answered as every failed action is, a 200 the agent can read.
            let atLimit = Self.body(fields, size: Self.limit)
            #expect(atLimit.count == Self.limit)
            let read = try await gateway.send("POST", "/plugins/demo/customer/action", headers: Self.signed(atLimit), body: atLimit)
            #expect(read.status == 200, "\(read.text.prefix(200))")
            #expect(read.json == ["success": false, "message": "This action is not available"])
        }
    }

    @Test func everyBotRouteWithABodyRefusesASignedBodyOverTheLimit() async throws {
        let bindings = FileManager.default.temporaryDirectory.appendingPathComponent("bindings-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: bindings) }
        try await withLiveGateway(BotGatewayTests.options(bindings: bindings)) { gateway in
            let routes: [(method: String, path: String, fields: String)] = [
                (
                    "PUT", "/bots/demo/bots/ha-900",
                    #""name":"Shop bot","pseudo":"Lea","language":"en","distributionRules":[],"external":{"idBot":"catalog-assistant"}"#
                ),
                ("POST", "/bots/demo/conversations", #""idOperator":"ha-900","idConversation":"c-1","history":[]"#),
                (
                    "POST", "/bots/demo/conversations/c-1/messages",
                    #""idOperator":"ha-900","message":{"idMessage":"m-1","author":{"role":"visitor"},"payload":{"contentType":"text","value":"robe"},"createdAt":"2026-11-25T10:00:00Z"}"#
                ),
            ]
            for route in routes {
                let path = "\(route.path)?idWebsite=ha-123"
                for size in [70 * 1024, Self.limit + 1] {
                    let over = Self.body(route.fields, size: size)
                    let refused = try await gateway.send(route.method, path, headers: Self.signed(over), body: over)
                    #expect(refused.status == 413, "\(route.method) \(route.path) with \(size) bytes: \(refused.text.prefix(200))")
                    #expect(refused.json["error"] == "body_too_large", "\(route.method) \(route.path)")
                }
                // At the limit the body is read whole and its signature holds: whatever the route
                // makes of it, it is neither too large nor unsigned.
                let atLimit = Self.body(route.fields, size: Self.limit)
                let read = try await gateway.send(route.method, path, headers: Self.signed(atLimit), body: atLimit)
                #expect(
                    read.status != 413 && read.status != 401, "\(route.method) \(route.path) at the limit: \(read.status) \(read.text.prefix(200))")
                #expect(read.json.objectValue != nil, "\(route.method) \(route.path) at the limit")
            }
        }
    }
}
