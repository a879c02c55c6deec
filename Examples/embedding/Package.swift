// swift-tools-version: 6.0
// A back-office program that embeds Qujat as a library (see docs/LIBRARY.md).
import PackageDescription

let package = Package(
    name: "embedding-example",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Qujat", path: "../.."),
    ],
    targets: [
        .executableTarget(name: "embedding-example", dependencies: [.product(name: "Qujat", package: "Qujat")]),
    ]
)
