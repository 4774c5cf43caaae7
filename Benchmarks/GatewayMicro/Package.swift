// swift-tools-version:6.2
import PackageDescription

// Micro benchmarks of the gateway's hot paths (mapping, JSON, signatures, cache lookups) over the
// main package's library products; a package of its own, like Benchmarks/UpstreamClient.
// DESKBRIDGE_PACKAGE_PATH points it at another checkout of the main package (default: ../..).
let deskbridgePath = Context.environment["DESKBRIDGE_PACKAGE_PATH"] ?? "../.."

// Linux only: the libcurl event loop waits on epoll and eventfd (Sources/CCurl/shim.h).
let package = Package(
    name: "GatewayMicroBenchmark",
    dependencies: [
        // Named so that the product references do not depend on the checkout folder's name.
        .package(name: "deskbridge", path: deskbridgePath),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "GatewayMicroBenchmark",
            dependencies: [
                .product(name: "Mapping", package: "deskbridge"),
                .product(name: "Plugins", package: "deskbridge"),
                .product(name: "Adapters", package: "deskbridge"),
                .product(name: "Upstream", package: "deskbridge"),
                .product(name: "GatewayConfig", package: "deskbridge"),
                .product(name: "Server", package: "deskbridge"),
                .product(name: "Logging", package: "swift-log"),
            ]
        )
    ]
)
