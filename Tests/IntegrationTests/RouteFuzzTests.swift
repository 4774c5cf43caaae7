import Mapping
import PropertyBased
import Testing
import Upstream

/// Random query strings, headers and bodies on every route: the gateway always answers JSON, and a
/// 5xx only ever says an upstream failed — never a crash or an error of our own.
@Suite struct RouteFuzzTests {
    /// Pieces that tend to break parsers: escapes, separators, injection syntax, non-ASCII, bounds.
    static let atoms = [
        "a", "Z", "0", "9", "-", "_", ".", "~", "%", "%25", "%FF", "%2e%2e", "%00", "%C3%A9", "%E2%82", "&", "=", "+", "?",
        "#", "/", "..", "\\", "\"", "'", "<script>", "{", "}", "[", "]", "(", ")", "*", ":", "OR", "status:draft", "é", "漢",
        "😀", " ", "-1", "999999999999", "250", "251", "0", "ha-123", "sd-123", "null", "gid://shopify/Collection/1",
        "410000000007",
    ]
    static let names = [
        "idWebsite", "limit", "offset", "searchQuery", "idCategory", "idParent", "idOperator", "idConnectorVersion",
        "search[default][contains]", "x", "",
    ]

    static let value = Gen<String?>.element(of: atoms).map { $0 ?? "" }.array(of: 0...6).map { $0.joined() }
    static let parameter = Gen<String?>.element(of: names).map { $0 ?? "" }
    static let query = zip(parameter, value, Gen.bool(0.1)).array(of: 0...7).map { pairs in
        pairs.map { name, value, bare in bare ? name : "\(name)=\(value)" }.joined(separator: "&")
    }

    static func check(_ answer: LiveGateway.Answer, _ description: String) {
        #expect(answer.status != 500, "\(description)")
        // Raw non-ASCII bytes in a request target never reach the gateway: the HTTP parser refuses
        // them with a bare 400 (real clients percent-encode).
        if !description.allSatisfy(\.isASCII) && answer.status == 400 && answer.body.isEmpty { return }
        #expect(answer.json.objectValue != nil || answer.json.arrayValue != nil, "not JSON: \(description) → \(answer.text.prefix(200))")
        if answer.status >= 500 {
            #expect(answer.json["error"]?.stringValue?.hasPrefix("upstream_") == true, "\(description) → \(answer.text)")
        }
    }

    @Test func randomQueriesOnEveryPluginRoute() async throws {
        try await withLiveGateway { gateway in
            for route in ["products", "categories"] {
                await propertyCheck(count: 300, input: Self.query, Gen.bool(0.85)) { query, signed in
                    let path = "/plugins/demo/\(route)?\(query)"
                    let answer = signed ? try await gateway.get(path) : try await gateway.send("GET", path)
                    Self.check(answer, "\(route) \(signed ? "signed" : "unsigned") \(query)")
                    if !signed && query.allSatisfy(\.isASCII) { #expect(answer.status == 401) }
                }
            }
        }
    }

    @Test func randomPathsMethodsHeadersAndBodies() async throws {
        let segment = Gen<String?>.element(of: Self.atoms + ["plugins", "demo", "products", "health"]).map { $0 ?? "" }
        let path = segment.array(of: 0...4).map { "/" + $0.joined(separator: "/") }
        let method = Gen<String?>.element(of: ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]).map { $0 ?? "GET" }
        let body = Gen<UInt8>.value(in: 0...255).array(of: 0...300)
        let headerValue = Gen<String?>.element(of: Self.atoms.filter { !$0.contains("😀") && !$0.contains("漢") && !$0.contains("é") })
            .map { $0 ?? "" }.array(of: 0...5).map { $0.joined() }
        try await withLiveGateway { gateway in
            await propertyCheck(count: 300, input: path, method, body, headerValue) { path, method, body, value in
                let headers = [HTTPHeader(name: "x-iadvize-signature", value: value), HTTPHeader(name: "X-Forwarded-For", value: value)]
                let answer = try await gateway.send(method, path, headers: headers, body: body.isEmpty ? nil : body)
                if method != "HEAD" { Self.check(answer, "\(method) \(path)") }
                #expect(answer.status != 500)
            }
        }
    }
}
