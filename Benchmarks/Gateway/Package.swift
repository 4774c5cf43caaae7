// swift-tools-version:6.2
import PackageDescription

// The gateway benchmarks behind `make bench` (scripts/bench/run.sh): a separate package, so the
// main build stays lean.
// - BenchmarkUpstream: the sandbox's Shopify and WooCommerce simulators in a process of their own,
//   with Shopify's cost-based rate limit lifted, as the upstream of the load tests.
// - GatewayMicroBenchmark: mapping, JSON, signature and cache figures on one core.
//
// DESKBRIDGE_PACKAGE_PATH points at another copy of the main package (default: the repository).
let deskbridgePath = Context.environment["DESKBRIDGE_PACKAGE_PATH"] ?? "../.."

let package = Package(
    name: "GatewayBenchmark",
    platforms: [.macOS(.v14)],
    dependencies: [
        // Named so that the product references do not depend on the checkout folder's name.
        .package(name: "deskbridge", path: deskbridgePath),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "BenchmarkUpstream",
            dependencies: [
                .product(name: "Sandbox", package: "deskbridge"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "GatewayMicroBenchmark",
            dependencies: [
                .product(name: "Adapters", package: "deskbridge"),
                .product(name: "Mapping", package: "deskbridge"),
                .product(name: "Plugins", package: "deskbridge"),
                .product(name: "Server", package: "deskbridge"),
                .product(name: "Upstream", package: "deskbridge"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
