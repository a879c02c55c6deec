// swift-tools-version: 6.0
import PackageDescription

// One settings array for every Swift target, as Hummingbird does.
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Qujat",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Qujat", targets: ["Qujat"]),
        .library(name: "KazakhText", targets: ["KazakhText"]),
        .executable(name: "qujat", targets: ["qujat"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // C headers enter Qujat only here.
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo pangoft2 fontconfig",
                       providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode",
                       providers: [.apt(["libqrencode-dev"])]),

        // Kazakh language knowledge: pure Swift, no C.
        .target(name: "KazakhText", swiftSettings: settings),
        // The document tree: the vocabulary shared by templates and the renderer.
        .target(name: "QujatDocument", swiftSettings: settings),
        // Templates and case data → document tree. No Cairo here.
        .target(name: "QujatTemplates",
                dependencies: ["QujatDocument", "KazakhText", .product(name: "Yams", package: "Yams")],
                swiftSettings: settings),
        // Document tree → pages → PDF/PNG. No JSON, no template syntax here.
        .target(name: "QujatRender",
                dependencies: ["QujatDocument", "CPangoCairo", "CQRencode"],
                swiftSettings: settings),
        // The public library API.
        .target(name: "Qujat",
                dependencies: ["QujatTemplates", "QujatRender", "QujatDocument", "KazakhText"],
                swiftSettings: settings),
        .executableTarget(name: "qujat",
                          dependencies: ["Qujat", .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: settings),

        .testTarget(name: "KazakhTextTests", dependencies: ["KazakhText"], swiftSettings: settings),
        .testTarget(name: "QujatTests", dependencies: ["Qujat", "qujat", "KazakhText"], swiftSettings: settings),
    ]
)
