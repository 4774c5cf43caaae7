// swift-tools-version:6.2
import PackageDescription

// Compares DeskBridge's libcurl client (the `Upstream` product of the main package) with
// AsyncHTTPClient. A separate package, so AsyncHTTPClient never enters the main package.
// Linux only: the libcurl event loop waits on epoll and eventfd (Sources/CCurl/shim.h).
let package = Package(
    name: "UpstreamClientBenchmark",
    dependencies: [
        // Named so that the product reference does not depend on the checkout folder's name.
        .package(name: "deskbridge", path: "../.."),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "UpstreamClientBenchmark",
            dependencies: [
                .product(name: "Upstream", package: "deskbridge"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        )
    ]
)
