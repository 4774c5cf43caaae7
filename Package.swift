// swift-tools-version:6.2
import PackageDescription

// Linux only: the libcurl event loop waits on epoll and eventfd (Sources/CCurl/shim.h).
let package = Package(
    name: "deskbridge",
    products: [
        .executable(name: "deskbridge", targets: ["deskbridge"]),
        // The simulated upstreams for the demo and for trying adapters; never deployed.
        .executable(name: "deskbridge-sandbox", targets: ["deskbridge-sandbox"]),
        // For the client benchmark in Benchmarks/UpstreamClient, a package of its own.
        .library(name: "Upstream", targets: ["Upstream"]),
        // For the micro benchmarks in Benchmarks/GatewayMicro, a package of its own.
        .library(name: "Mapping", targets: ["Mapping"]),
        .library(name: "Plugins", targets: ["Plugins"]),
        .library(name: "Adapters", targets: ["Adapters"]),
        .library(name: "GatewayConfig", targets: ["GatewayConfig"]),
        .library(name: "Server", targets: ["Server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1", traits: []),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/GraphQLSwift/GraphQL.git", exact: "4.3.0"),
        // Already required by Hummingbird; named here because the CLI composes services with it.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Also already required by Hummingbird; the server names their header and channel types.
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // Also already required by Hummingbird; the server's read deadline handles its HTTP parts.
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        // Metrics: the swift-metrics API in the code, exported in Prometheus' format.
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // The conversation panel app verifies iAdvize's JWTs with it.
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        // Tests only: property-based fuzzing of routes, configuration and expressions.
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // libcurl, linked through pkg-config; the header holds typed shims for curl's variadic calls.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "Upstream",
            dependencies: [
                "CCurl",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // hiredis, linked through pkg-config: only its reply reader and command formatter are used.
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        // The Redis client: hiredis for the protocol, SwiftNIO for the non-blocking sockets.
        .target(
            name: "Redis",
            dependencies: [
                "CHiredis",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The fleet's shared state in Redis: upstream answers and their fill locks.
        .target(
            name: "SharedState",
            dependencies: ["Redis", "Upstream", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "Mapping"),
        .target(name: "Plugins", dependencies: ["Mapping"]),
        .target(
            name: "Adapters",
            dependencies: [
                "Mapping", "Plugins", "Upstream",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // config.yaml read and checked (the gateway's, the panel's and the bot's settings, secrets and
        // signatures), with no HTTP server: `deskbridge check` and the config fuzzer need no more.
        .target(
            name: "GatewayConfig",
            dependencies: [
                "Adapters", "Plugins", "Mapping", "SharedState", "Redis",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The one answer and error layer below the gateway's, the panel's and the bot's routes.
        .target(
            name: "GatewayHTTP",
            dependencies: [
                "Adapters", "Plugins", "Mapping",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "PanelApp",
            dependencies: [
                "Adapters", "Plugins", "Mapping", "GatewayHTTP", "GatewayConfig",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/panel")]
        ),
        // The iAdvize external-bot contract and the catalog assistant; its state in Redis with `shared:`.
        .target(
            name: "Bot",
            dependencies: [
                "Adapters", "Plugins", "Mapping", "GatewayHTTP", "GatewayConfig", "SharedState", "Redis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .target(
            name: "Server",
            dependencies: [
                "Adapters", "Plugins", "Upstream", "Mapping", "PanelApp", "Bot", "GatewayHTTP", "GatewayConfig", "SharedState", "Redis",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
            ],
            // The OpenAPI document served at /openapi.json (Sources/Server/Routes/OpenAPIDocument.swift).
            resources: [.copy("Resources/openapi.json")]
        ),
        // Simulated upstream APIs for the demo (deskbridge-sandbox) and the tests; nothing that
        // production runs imports it.
        .target(
            name: "Sandbox",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "deskbridge-sandbox",
            dependencies: [
                "Sandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "deskbridge",
            dependencies: [
                "Server", "Adapters",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Tests only: propertyCheck that fails a case whose body throws (the library's passes it).
        .target(
            name: "PropertyChecks",
            dependencies: [.product(name: "PropertyBased", package: "swift-property-based")],
            path: "Tests/PropertyChecks"
        ),
        .testTarget(
            name: "PropertyChecksTests",
            dependencies: ["PropertyChecks", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "MappingTests", dependencies: ["Mapping"]),
        // Tests only: a real redis-server (Debian's redis-server package) on a free loopback port,
        // started and stopped by pid, for the Redis client's tests and the fleet's.
        .target(
            name: "RedisServerSupport",
            dependencies: ["Redis", .product(name: "Logging", package: "swift-log")],
            path: "Tests/RedisServerSupport"
        ),
        // Runs a real redis-server (Debian's redis-server package) on a free loopback port.
        .testTarget(
            name: "RedisTests",
            dependencies: [
                "Redis", "RedisServerSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "UpstreamTests",
            dependencies: [
                "Upstream",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "PluginsTests", dependencies: ["Plugins", "Mapping"]),
        .testTarget(
            name: "AdaptersTests",
            dependencies: [
                "Adapters", "Mapping", "Plugins", "Upstream",
                "PropertyChecks",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "SandboxTests",
            dependencies: ["Sandbox", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "PanelAppTests",
            dependencies: [
                "PanelApp", "Adapters", "Plugins", "Mapping", "Upstream", "Sandbox",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Browser"]
        ),
        .testTarget(
            name: "BotTests",
            dependencies: [
                "Bot", "Adapters", "Plugins", "Mapping", "Upstream", "Sandbox", "GatewayHTTP", "SharedState", "Redis", "RedisServerSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Adapters", "Mapping",
                .product(name: "Logging", package: "swift-log"),
                "PropertyChecks",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["BrokenConfigurations"]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Server", "Sandbox", "Upstream", "Mapping", "Plugins", "Adapters", "RedisServerSupport",
                .product(name: "Logging", package: "swift-log"),
                "PropertyChecks",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // The panel tests sign iAdvize's JWTs (HS256) by hand.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ]
)

// Fuzz harnesses (docs/security.md, `make fuzz`): one executable per parser, depending only on the
// module it fuzzes. The ordinary build links them as corpus replayers; scripts/fuzz/run.sh builds
// each alone with `-sanitize=fuzzer,address -DFUZZING` in .build-fuzz.
let fuzzHarnesses: [(name: String, module: String)] = [
    ("fuzz-query-string", "Plugins"), ("fuzz-signature", "GatewayConfig"), ("fuzz-json", "Mapping"), ("fuzz-expression", "Mapping"),
    ("fuzz-adapter-loader", "Adapters"), ("fuzz-config-loader", "GatewayConfig"), ("fuzz-link-header", "Adapters"),
]
package.targets += [
    // libFuzzer's driver entry, declared for FuzzSupport (linked by -sanitize=fuzzer).
    .systemLibrary(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
    .target(name: "FuzzSupport", dependencies: ["CLibFuzzer"], path: "Fuzz/FuzzSupport"),
]
package.targets += fuzzHarnesses.map {
    .executableTarget(name: $0.name, dependencies: ["FuzzSupport", .target(name: $0.module)], path: "Fuzz/\($0.name)")
}
// /openapi.json against the router (Sources/Server/Routes/OpenAPIRoute.swift).
package.targets.append(
    .testTarget(
        name: "OpenAPITests",
        dependencies: [
            "Server", "Adapters", "Mapping", "Upstream",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]
    ))
