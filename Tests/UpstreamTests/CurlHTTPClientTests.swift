import Foundation
import Testing

@testable import Upstream

@Suite("CurlHTTPClient over loopback")
struct CurlHTTPClientTests {
    #if os(Linux)
    @Test func openSSLIsToldNotToRegisterAnAtexitHandler() throws {
        try CurlProcessSetup.ensureInitialised()
        #expect(CurlProcessSetup.openSSLInitialisedWithoutAtexit)
    }
    #endif

    @Test func getReturnsStatusHeadersAndBody() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let response = try await client.execute(UpstreamRequest(url: server.url("/json")))
                #expect(response.status == 200)
                #expect(response.header("content-type") == "application/json")
                #expect(response.header("CONTENT-TYPE") == "application/json")
                #expect(response.header("x-missing") == nil)
                #expect(response.text == #"{"ok":true,"name":"deskbridge"}"#)
            }
        }
    }

    @Test(arguments: ["GET", "POST", "PUT", "PATCH", "DELETE"])
    func methodsSendHeadersAndBodies(method: String) async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let body: [UInt8]? = method == "GET" ? nil : Array(#"{"id":42,"note":"é"}"#.utf8)
                let request = UpstreamRequest(
                    method: method,
                    url: server.url("/echo?page=2"),
                    headers: [
                        HTTPHeader(name: "X-Shop-Token", value: "token-123"),
                        HTTPHeader(name: "Content-Type", value: "application/json"),
                        HTTPHeader(name: "X-Empty", value: ""),
                    ],
                    body: body
                )
                let response = try await client.execute(request)
                #expect(response.status == 200)
                let echo = try response.decoded(Echo.self)
                #expect(echo.method == method)
                #expect(echo.headers["x-shop-token"] == "token-123")
                #expect(echo.headers["content-type"] == "application/json")
                #expect(echo.headers["x-empty"] == "")
                #expect(echo.headers["user-agent"] == "DeskBridge")
                #expect(echo.headers["expect"] == nil)
                #expect(echo.body == (body.map { String(decoding: $0, as: UTF8.self) } ?? ""))
                if let body {
                    #expect(echo.headers["content-length"] == "\(body.count)")
                }
            }
        }
    }

    @Test func bodyWithoutContentTypeIsNotLabelledAsAForm() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let response = try await client.execute(UpstreamRequest(method: "POST", url: server.url("/echo"), body: Array("raw".utf8)))
                let echo = try response.decoded(Echo.self)
                #expect(echo.body == "raw")
                #expect(echo.headers["content-type"] == nil)
            }
        }
    }

    @Test func postWithoutBodySendsZeroContentLength() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let response = try await client.execute(UpstreamRequest(method: "POST", url: server.url("/echo")))
                let echo = try response.decoded(Echo.self)
                #expect(echo.method == "POST")
                #expect(echo.headers["content-length"] == "0")
                #expect(echo.body == "")
            }
        }
    }

    @Test func standardMethodsAreSentInUpperCase() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let transport: any HTTPTransport = client
                let response = try await transport.execute(UpstreamRequest(method: "post", url: server.url("/echo"), body: Array("x".utf8)))
                #expect(try response.decoded(Echo.self).method == "POST")
            }
        }
    }

    @Test func userAgentComesFromConfigurationUnlessTheRequestSetsOne() async throws {
        try await TestServer.run { server in
            try await withClient(CurlClientConfiguration(userAgent: "DeskBridge/test")) { client in
                let configured = try await client.execute(UpstreamRequest(url: server.url("/echo")))
                #expect(try configured.decoded(Echo.self).headers["user-agent"] == "DeskBridge/test")
                let own = try await client.execute(
                    UpstreamRequest(
                        url: server.url("/echo"), headers: [HTTPHeader(name: "User-Agent", value: "custom/1")]))
                #expect(try own.decoded(Echo.self).headers["user-agent"] == "custom/1")
            }
        }
    }

    @Test func headReturnsHeadersWithoutReadingTheAnnouncedBody() async throws {
        try await TestServer.run { server in
            try await withClient(CurlClientConfiguration(maxResponseBytes: 1000)) { client in
                let response = try await client.execute(UpstreamRequest(method: "HEAD", url: server.url("/echo")))
                #expect(response.status == 200)
                #expect(response.header("content-length") == "5000000")
                #expect(response.body.isEmpty)
            }
        }
    }

    @Test(arguments: [2 << 10, 200 << 10])
    func bodiesArriveIntact(size: Int) async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let response = try await client.execute(UpstreamRequest(url: server.url("/bytes/\(size)")))
                #expect(response.status == 200)
                #expect(response.body.count == size)
                #expect(response.body == patternBytes(size))
                #expect(response.header("content-length") == "\(size)")
            }
        }
    }

    @Test func gzipBodiesAreDecoded() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let echo = try await client.execute(UpstreamRequest(url: server.url("/echo"))).decoded(Echo.self)
                #expect(echo.headers["accept-encoding"]?.contains("gzip") == true)

                let response = try await client.execute(UpstreamRequest(url: server.url("/gzip")))
                #expect(response.header("content-encoding") == "gzip")
                #expect(response.text == gzippedDocument)
            }
        }
    }

    @Test func responseHeadersKeepOrderRepetitionAndTrimValues() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let response = try await client.execute(UpstreamRequest(url: server.url("/headers")))
                #expect(response.header("x-custom-one") == "alpha")
                #expect(response.header("x-spaced") == "padded value")
                let repeated = response.headers.filter { $0.name.lowercased() == "x-repeated" }.map(\.value)
                #expect(repeated == ["first", "second"])
                #expect(response.text == "with headers")
            }
        }
    }

    @Test func serverErrorsAreResponsesNotErrors() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let response = try await client.execute(UpstreamRequest(url: server.url("/error")))
                #expect(response.status == 500)
                #expect(response.text == #"{"error":"boom"}"#)
            }
        }
    }

    @Test func redirectsAreReturnedNotFollowed() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let response = try await client.execute(UpstreamRequest(url: server.url("/redirect")))
                #expect(response.status == 302)
                #expect(response.header("location") == "/json")
                #expect(!response.text.contains("deskbridge"))
            }
        }
    }

    @Test func connectionsAreKeptAliveAndReused() async throws {
        try await TestServer.run { server in
            try await withClient { client in
                let first = try await client.execute(UpstreamRequest(url: server.url("/json")))
                let second = try await client.execute(UpstreamRequest(url: server.url("/json")))
                #expect(!first.timing.connectionReused)
                #expect(second.timing.connectionReused)
                #expect(server.connections.distinctConnections == 1)
                #expect(first.timing.total >= first.timing.timeToFirstByte)
                #expect(first.timing.timeToFirstByte >= first.timing.connect)
                #expect(first.timing.connect > .zero)
            }
        }
    }

    @Test func threeHundredConcurrentRequestsShareABoundedPool() async throws {
        try await TestServer.run { server in
            // A request may queue behind 299 others for a pool slot: give it far more than the default.
            try await withClient(CurlClientConfiguration(requestTimeout: .seconds(60), maxConnectionsPerHost: 16)) { client in
                let results = await withTaskGroup(of: Result<UpstreamResponse, UpstreamError>.self) { group in
                    for index in 0..<300 {
                        group.addTask {
                            do throws(UpstreamError) {
                                let path = index.isMultiple(of: 2) ? "/json" : "/bytes/\(1000 + index)"
                                return .success(try await client.execute(UpstreamRequest(url: server.url(path))))
                            } catch {
                                return .failure(error)
                            }
                        }
                    }
                    var results: [Result<UpstreamResponse, UpstreamError>] = []
                    for await result in group { results.append(result) }
                    return results
                }
                let responses = results.compactMap { try? $0.get() }
                #expect(responses.count == 300)
                #expect(responses.allSatisfy { $0.status == 200 })
                let sizes = Set(responses.map(\.body.count))
                #expect(sizes.count == 151)  // 150 distinct /bytes sizes plus the /json document
                #expect(server.connections.distinctConnections <= 16)
                #expect(responses.filter(\.timing.connectionReused).count >= 300 - 16)
            }
        }
    }
}
