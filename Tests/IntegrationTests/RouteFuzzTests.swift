import GatewayConfig
import Mapping
import PropertyBased
import PropertyChecks
import Sandbox
import Server
import Synchronization
import Testing
import Upstream

/// Random query strings, headers, bodies and upstream faults on every route: the gateway always
/// answers JSON, and a 5xx only ever says an upstream failed — never a crash or an error of our own.
///
/// Most cases are made by a valid caller (the tenant's URL, one of its websites, a good signature)
/// with plausible parameters, so that they get past validation into the adapter, the upstream and
/// the mapping; the rest fuzz the caller itself.
@Suite struct RouteFuzzTests {
    /// Pieces that tend to break parsers: escapes, separators, injection syntax, non-ASCII, bounds.
    /// No raw space: no client can send one in a request target (spaces travel as %20 or +).
    static let atoms = [
        "a", "Z", "0", "9", "-", "_", ".", "~", "%", "%25", "%FF", "%2e%2e", "%00", "%C3%A9", "%E2%82", "&", "=", "+", "?",
        "#", "/", "..", "\\", "\"", "'", "<script>", "{", "}", "[", "]", "(", ")", "*", ":", "OR", "status:draft", "é", "漢",
        "😀", "%20", "-1", "999999999999", "250", "251", "0", "ha-123", "sd-123", "null", "gid://shopify/Collection/1",
        "410000000007", "robe", "tea", "lin",
    ]
    /// Plugin parameters; the caller's `idWebsite` comes from `Caller`.
    static let names = [
        "limit", "offset", "searchQuery", "idCategory", "idParent", "idOperator", "idConnectorVersion", "search[default][contains]",
        "x", "",
    ]
    /// The demo shop's category ids, and one it does not know.
    static let categories = ShopifyCatalog.demo().collections.map { String($0.id) } + ["410000000099"]

    static let fuzzedValue = Gen<String?>.element(of: atoms).map { $0 ?? "" }.array(of: 0...6).map { $0.joined() }

    /// One `name=value` pair of `names`: most values plausible for their parameter, the rest fuzzed.
    static func parameter(of names: [String]) -> Generator<String, AnySequence<Any>> {
        zip(Gen<String?>.element(of: names), Gen.bool(0.85), Gen.int(in: 0...260), fuzzedValue, Gen<String?>.element(of: categories), Gen.bool(0.04))
            .map { name, plausible, number, fuzzed, category, bare -> String in
                let name = name ?? ""
                if bare { return name }
                guard plausible else { return "\(name)=\(fuzzed)" }
                switch name {
                case "limit", "offset": return "\(name)=\(number)"
                case "idCategory", "idParent": return "\(name)=\(category ?? "")"
                case "idOperator": return "\(name)=ha-\(number)"
                case "idConnectorVersion": return "\(name)=c008849d-7cb1-40ca-9503-d6df2c5cddd8"
                default: return "\(name)=\(fuzzed)"
                }
            }
            .eraseToAny()
    }

    /// A route's parameters, each once mostly (a repeated one is refused, whatever else the query
    /// holds). The demo shop's categories have no children, so an `idParent` there is a 404: it
    /// comes up less often on the categories route.
    static func parameters(_ route: String) -> Generator<[String], AnySequence<Any>> {
        let names = route == "categories" ? Self.names.filter { $0 != "idParent" } : Self.names
        let rare = Self.parameter(of: ["idParent"])
        return zip(Self.parameter(of: names).array(of: 0...5), Gen.bool(0.1), Gen.bool(0.1), rare).map { parameters, repeats, addRare, rare in
            var parameters = parameters
            if addRare { parameters.append(rare) }
            guard !repeats else { return parameters }
            var names = Set<Substring>()
            return parameters.filter { names.insert($0.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)[0]).inserted }
        }
        .eraseToAny()
    }

    /// Who makes a call and how it is signed.
    struct Caller: Sendable, CustomStringConvertible {
        enum Signature: String, Sendable { case valid, missing, otherSecret, garbage }
        let tenant: String
        /// nil: no `idWebsite` parameter at all.
        let website: String?
        let signature: Signature

        var isIAdvize: Bool { tenant == "demo" && (website == "ha-123" || website == "sd-123") && signature == .valid }
        var description: String { "\(tenant) \(website ?? "(no idWebsite)") \(signature)" }

        func query(_ parameters: [String]) -> String {
            RouteFuzzTests.percentEncodingNonASCII(((website.map { ["idWebsite=\($0)"] } ?? []) + parameters).joined(separator: "&"))
        }

        func headers(signing query: String) -> [HTTPHeader] {
            let value: String
            switch signature {
            case .valid: value = SignatureCheck.sign(Array(query.utf8), secret: LiveGateway.secret)
            case .missing: return []
            case .otherSecret: value = SignatureCheck.sign(Array(query.utf8), secret: "another-tenant-secret")
            case .garbage: value = "sha256=" + String(repeating: "0f", count: 31) + "zz"
            }
            return [HTTPHeader(name: "x-iadvize-signature", value: value)]
        }
    }

    /// A valid caller about 80 % of the time: each of tenant, website and signature is fuzzed now and then.
    static let caller = zip(
        zip(Gen.bool(0.93), Gen<String?>.element(of: ["nobody", "Demo", "demo%20", "..", "%00", "other"])),
        // "-" stands for no idWebsite at all.
        zip(Gen.bool(0.93), Gen<String?>.element(of: ["-", "ha-999", "", "HA-123", "ha-123%20", "sd-123&idWebsite=ha-999"])),
        zip(Gen.bool(0.93), Gen<Caller.Signature?>.element(of: [.missing, .otherSecret, .garbage])),
        Gen<String?>.element(of: ["ha-123", "sd-123"])
    ).map { tenant, website, signature, valid in
        Caller(
            tenant: tenant.0 ? "demo" : (tenant.1 ?? "nobody"),
            website: website.0 ? valid : website.1 == "-" ? nil : website.1,
            signature: signature.0 ? .valid : (signature.1 ?? .missing))
    }

    /// Upstream misbehaviour put in place for one case (nil most of the time). No throttling
    /// faults (their waits would outlive the case and hold later calls back), and no 404 (a
    /// "not found" is cached, and would answer later cases).
    static let fault = zip(
        Gen.bool(0.15),
        Gen<Fault?>.element(of: [
            .status(500, body: #"{"errors":"internal"}"#), .status(502, body: "bad gateway", contentType: "text/plain"),
            .status(503, body: #"{"errors":"down"}"#), .malformedJSON, .dropConnection,
        ]), Gen.int(in: 1...4)
    ).map { faulty, fault, count in faulty ? fault.map { ($0, count) } : nil }

    /// No cache, so that every case past validation calls the shop (and meets its faults); no
    /// breaker opening across cases (a fault's effects end with its case); retries as shipped.
    static func options() -> GatewayOptions {
        var options = GatewayOptions()
        options.productsTTL = "0s"
        options.categoriesTTL = "0s"
        options.upstreamExtra = ", breakerFailures: 1000"
        return options
    }

    /// Non-ASCII and `#` as real clients send them in a query, percent-encoded (raw bytes are the
    /// parser's business, fuzzed by `randomPathsMethodsHeadersAndBodies`; a raw `#` starts a fragment).
    static func percentEncodingNonASCII(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII && scalar != "#" {
                result.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 { result += "%" + String(byte, radix: 16, uppercase: true) }
            }
        }
        return result
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

    /// What the cases of one run did, reported at the end so a fuzzer that stops reaching the
    /// upstream is seen (and fails).
    final class Tally: Sendable {
        private let counts = Mutex((cases: 0, reachedUpstream: 0, answered: 0, pastValidation: 0, faulted5xx: 0))
        private let outcomes = Mutex([String: Int]())
        func record(_ answer: LiveGateway.Answer, reachedUpstream: Bool) {
            counts.withLock {
                $0.cases += 1
                if reachedUpstream { $0.reachedUpstream += 1 }
                if answer.status == 200 { $0.answered += 1 }
                // Answered by the adapter: a list, an unknown category, or the shop's failure.
                let error = answer.json["error"]?.stringValue ?? ""
                if answer.status == 200 || error == "not_found" || error.hasPrefix("upstream_") { $0.pastValidation += 1 }
                if answer.status >= 500 { $0.faulted5xx += 1 }
            }
            let outcome =
                "\(answer.status)\(answer.json["error"]?.stringValue.map { " \($0)" } ?? "")\(answer.json["parameter"]?.stringValue.map { " (\($0))" } ?? "")"
            outcomes.withLock { $0[outcome, default: 0] += 1 }
        }
        var value: (cases: Int, reachedUpstream: Int, answered: Int, pastValidation: Int, faulted5xx: Int) { counts.withLock { $0 } }
        /// How many cases ended each way ("400 invalid_parameter": 12, …), most frequent first.
        var outcomeSummary: String {
            outcomes.withLock { $0 }.sorted { $0.value > $1.value }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        }
    }

    @Test(arguments: ["products", "categories"])
    func randomCallsOnAPluginRoute(route: String) async throws {
        let tally = Tally()
        try await withLiveGateway(Self.options()) { gateway in
            await strictPropertyCheck(count: 300, input: Self.caller, Self.parameters(route), Self.fault) { caller, parameters, fault in
                let query = caller.query(parameters)
                let description = "\(route) \(caller) \(query)\(fault.map { " with \($0.0) ×\($0.1)" } ?? "")"
                if let (fault, count) = fault { gateway.sandbox.faults.add(fault, to: .simulator(.shopify), trigger: .next(count)) }
                defer { gateway.sandbox.faults.clear() }
                let before = gateway.shopify.requestCount
                let answer = try await gateway.send("GET", "/plugins/\(caller.tenant)/\(route)?\(query)", headers: caller.headers(signing: query))
                let reached = gateway.shopify.requestCount > before
                tally.record(answer, reachedUpstream: reached)
                Self.check(answer, description)
                if caller.isIAdvize {
                    // A healthy shop never makes the gateway answer 5xx.
                    if fault == nil { #expect(answer.status < 500, "\(description) → \(answer.text.prefix(300))") }
                    if answer.status == 200 {
                        let contract = route == "products" ? PluginContractCheck.products(answer.json) : PluginContractCheck.categories(answer.json)
                        #expect(contract.isEmpty, "\(description): \(contract.prefix(3))")
                    }
                } else {
                    // Refused before any upstream call.
                    #expect(!reached, "\(description) reached the shop")
                    #expect(answer.status != 200, "\(description) was answered")
                    if caller.tenant == "demo", query.allSatisfy(\.isASCII), caller.signature != .valid {
                        #expect(answer.status == 401, "\(description)")
                    }
                }
            }
        }
        let counts = tally.value
        print(
            "route fuzz \(route): \(counts.cases) cases, \(counts.pastValidation) past validation, \(counts.answered) answered 200, \(counts.reachedUpstream) reached the shop, \(counts.faulted5xx) answered 5xx (\(tally.outcomeSummary))"
        )
        // Most cases are meant to get past validation: a fuzzer stuck in front of it checks little.
        #expect(counts.cases == 300)
        #expect(counts.pastValidation >= counts.cases / 2, "only \(counts.pastValidation) of \(counts.cases) cases got past validation")
        #expect(counts.answered >= counts.cases / 3, "only \(counts.answered) of \(counts.cases) cases answered 200")
        #expect(counts.reachedUpstream >= counts.cases / 3, "only \(counts.reachedUpstream) of \(counts.cases) cases reached the shop")
    }

    @Test func randomPathsMethodsHeadersAndBodies() async throws {
        let segment = Gen<String?>.element(of: Self.atoms + ["plugins", "demo", "products", "health"]).map { $0 ?? "" }
        let path = segment.array(of: 0...4).map { "/" + $0.joined(separator: "/") }
        let method = Gen<String?>.element(of: ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]).map { $0 ?? "GET" }
        let body = Gen<UInt8>.value(in: 0...255).array(of: 0...300)
        let headerValue = Gen<String?>.element(of: Self.atoms.filter { !$0.contains("😀") && !$0.contains("漢") && !$0.contains("é") })
            .map { $0 ?? "" }.array(of: 0...5).map { $0.joined() }
        try await withLiveGateway { gateway in
            await strictPropertyCheck(count: 300, input: path, method, body, headerValue) { path, method, body, value in
                let headers = [HTTPHeader(name: "x-iadvize-signature", value: value), HTTPHeader(name: "X-Forwarded-For", value: value)]
                // A HEAD request carries no body (the client refuses to send one).
                let answer = try await gateway.send(method, path, headers: headers, body: body.isEmpty || method == "HEAD" ? nil : body)
                if method != "HEAD" { Self.check(answer, "\(method) \(path)") }
                #expect(answer.status != 500)
            }
        }
    }
}
