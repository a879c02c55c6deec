// swift-tools-version: 6.0
// A libFuzzer target for the front half of Qujat: JSON reader → validator → binder, which
// every untrusted case goes through. Run on demand with Fuzz/run.sh (see README there).
import PackageDescription

let package = Package(
    name: "qujat-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Qujat", path: ".."),
    ],
    targets: [
        .executableTarget(name: "qujat-fuzz", dependencies: [.product(name: "Qujat", package: "Qujat")]),
    ]
)
