// swift-tools-version: 6.0
import PackageDescription

// The throughput and memory benchmark, kept out of the root package so that building and
// testing Qujat never builds it. Build with `swift build -c release --package-path Benchmarks`
// or run `Benchmarks/run.sh`.
let package = Package(
    name: "QujatBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Qujat", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "qujat-bench",
            // QujatFastDeflate and QujatFastFormat: Cairo at zlib level 1 and with the short
            // snprintf, as the qujat executable renders.
            dependencies: [.product(name: "Qujat", package: "Qujat"), .product(name: "QujatFastDeflate", package: "Qujat"),
                           .product(name: "QujatFastFormat", package: "Qujat")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ]
)
