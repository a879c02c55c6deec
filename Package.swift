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
        // One product, one module per stage: `import Qujat` brings only the renderer, the pool
        // and the error type; a caller that needs a stage's vocabulary imports its module.
        .library(name: "Qujat", targets: ["Qujat", "QujatCase", "QujatTemplates", "QujatDocument", "QujatLayout", "QujatPDF", "QujatSign"]),
        .library(name: "KazakhText", targets: ["KazakhText"]),
        .library(name: "QujatServer", targets: ["QujatServer"]),
        .library(name: "QujatBatch", targets: ["QujatBatch"]),
        // Opt-in: Cairo's PDF streams at zlib level 1 with a small window (0.4 ms less per
        // license). It defines zlib's deflateInit_ for the whole process, so only executables
        // link it unless an embedder chooses to.
        .library(name: "QujatFastDeflate", targets: ["CQujatFastDeflate"]),
        // Opt-in: glibc's snprintf with a short path for the numbers Cairo writes into a PDF
        // (the same bytes, 14 % fewer instructions per license). It defines __snprintf_chk for
        // the whole process, so only executables link it unless an embedder chooses to.
        .library(name: "QujatFastFormat", targets: ["CQujatFastFormat"]),
        .executable(name: "qujat", targets: ["qujat"]),
        .executable(name: "qujat-server", targets: ["qujat-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // C headers enter Qujat only here.
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo pangoft2 fontconfig",
                       providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        // Small C helpers: the per-thread PDF compression level, syncfs, malloc_trim.
        .target(name: "CQujatShims"),
        // zlib's deflateInit_ replaced for the process (reads CQujatShims' level): executables only.
        .target(name: "CQujatFastDeflate", dependencies: ["CQujatShims"],
                linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("deflate"), .linkedLibrary("z")]),
        // glibc's __snprintf_chk replaced for the process (the same output): executables only.
        .target(name: "CQujatFastFormat"),
        // libqrencode: only the tests use it, as the oracle for Qujat's own QR encoder.
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode",
                       providers: [.apt(["libqrencode-dev"])]),

        // Kazakh language knowledge: pure Swift, no C.
        .target(name: "KazakhText", swiftSettings: settings),
        // The document tree: the vocabulary shared by templates and the renderer.
        .target(name: "QujatDocument", swiftSettings: settings),
        // Case data: the JSON reader, values, schemas and the validator (all `validate` needs).
        .target(name: "QujatCase",
                dependencies: ["KazakhText", .product(name: "Yams", package: "Yams")],
                swiftSettings: settings),
        // Template files → syntax tree → Binder → document tree. No Cairo here.
        .target(name: "QujatTemplates",
                dependencies: ["QujatCase", "QujatDocument", "KazakhText", .product(name: "Yams", package: "Yams")],
                swiftSettings: settings),
        // QR codes (ISO/IEC 18004, byte mode, level M): pure Swift, no C, no Cairo.
        .target(name: "QujatQR", swiftSettings: settings),
        // Document tree → laid-out pages: fonts, Pango shaping, composing, pagination.
        .target(name: "QujatLayout",
                dependencies: ["QujatDocument", "QujatQR", "KazakhText", "CPangoCairo"],
                swiftSettings: settings),
        // Laid-out pages → PDF/PNG with Cairo; the Cairo-free merger of finished PDFs.
        .target(name: "QujatPDF",
                dependencies: ["QujatLayout", "QujatDocument", "QujatQR", "CPangoCairo", "CQujatShims"],
                swiftSettings: settings),
        // libcrypto (OpenSSL): keys, certificates, signing, CMS parsing and verification. Its
        // headers only: CQujatCrypto loads the library when it is first used.
        .systemLibrary(name: "COpenSSL", providers: [.apt(["libssl-dev"])]),
        // libcrypto's functions that QujatSign calls, each loading libcrypto.so.3 at its first
        // call (dlopen), so that a process that never signs does not pay for it at start-up.
        .target(name: "CQujatCrypto", linkerSettings: [.linkedLibrary("dl")]),
        // The signature post-layer: PAdES signatures appended to Qujat's PDFs, outside
        // signers' CMS embedded, signatures verified.
        .target(name: "QujatSign", dependencies: ["QujatPDF", "COpenSSL", "CQujatCrypto"], swiftSettings: settings),
        // The public library API: Renderer, RenderPool, QujatError, Resources.
        .target(name: "Qujat",
                dependencies: ["QujatCase", "QujatTemplates", "QujatLayout", "QujatPDF", "QujatSign", "QujatDocument", "KazakhText", "CQujatShims",
                               .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
                swiftSettings: settings),
        // The night batch: manifest, journal (resume), coordinator, print files, CUPS.
        .target(name: "QujatBatch",
                dependencies: ["Qujat", "QujatCase", "QujatDocument", "QujatLayout", "QujatPDF", "QujatSign", "QujatTemplates", "CQujatShims"],
                swiftSettings: settings),
        // Files and ZIP archives streamed as HTTP response bodies from disk (ZIP64), bounded memory.
        .target(name: "QujatZip",
                dependencies: [.product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOPosix", package: "swift-nio")],
                swiftSettings: settings),
        // The HTTP face: Hummingbird 2 over a RenderPool.
        .target(name: "QujatServer",
                dependencies: ["Qujat", "QujatCase", "QujatTemplates", "QujatSign", "QujatBatch", "QujatZip", "CQujatShims",
                               .product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "HTTPTypes", package: "swift-http-types"),
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOPosix", package: "swift-nio"),
                               .product(name: "Logging", package: "swift-log"),
                               .product(name: "Metrics", package: "swift-metrics"),
                               .product(name: "Prometheus", package: "swift-prometheus"),
                               .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
                swiftSettings: settings),
        // `qujat preview`: a local page of a case's pages, rendered again when a file changes.
        .target(name: "QujatPreview",
                dependencies: ["Qujat", "QujatCase", "QujatSign",
                               .product(name: "Hummingbird", package: "hummingbird"),
                               .product(name: "Logging", package: "swift-log"),
                               .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
                swiftSettings: settings),
        // What both executables' commands share: the templates and fonts options, error
        // reports, key and input files.
        .target(name: "QujatCommandLine",
                dependencies: ["Qujat", "QujatCase", "QujatSign", .product(name: "ArgumentParser", package: "swift-argument-parser")],
                swiftSettings: settings),
        // `qujat`: every command but the HTTP servers, which it hands to `qujat-server` (exec),
        // so that a one-document render does not load Hummingbird and SwiftNIO.
        .executableTarget(name: "qujat",
                          dependencies: ["Qujat", "QujatCase", "QujatTemplates", "QujatLayout", "QujatSign", "QujatBatch", "QujatCommandLine", "CQujatFastDeflate", "CQujatFastFormat",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          exclude: ["startup.order", "link"],
                          swiftSettings: settings,
                          // Release builds, for a cold render (docs/ARCHITECTURE.md, "Start-up"):
                          // - the functions it runs placed together at the start of the code (gold's
                          //   section ordering; Benchmarks/startup-order.sh writes the list);
                          // - libstdc++ (the Swift runtime's C++) linked in: link/ holds only libstdc++.a,
                          //   so -lstdc++ finds it first (loading the shared one cost 0.5 ms a start;
                          //   where link/'s link does not resolve, the shared one is used as before);
                          // - only the symbols shared libraries call exported (zlib's, for
                          //   CQujatFastDeflate): the runtime's start-up dladdr walks every one.
                          linkerSettings: [.unsafeFlags(["-Xlinker", "--section-ordering-file=\(Context.packageDirectory)/Sources/qujat/startup.order",
                                                         "-L\(Context.packageDirectory)/Sources/qujat/link",
                                                         "-Xlinker", "--no-export-dynamic"],
                                                        .when(platforms: [.linux], configuration: .release))]),

        // `qujat-server`: `serve` (the HTTP API) and `preview`.
        .executableTarget(name: "qujat-server",
                          dependencies: ["Qujat", "QujatLayout", "QujatSign", "QujatServer", "QujatPreview", "QujatCommandLine", "CQujatFastDeflate", "CQujatFastFormat",
                                         .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                         .product(name: "Logging", package: "swift-log"),
                                         .product(name: "Prometheus", package: "swift-prometheus")],
                          swiftSettings: settings,
                          linkerSettings: [.unsafeFlags(["-L\(Context.packageDirectory)/Sources/qujat/link", "-Xlinker", "--no-export-dynamic"],
                                                        .when(platforms: [.linux], configuration: .release))]),

        // Helpers for tests that read what a reader of the PDF sees (golden images).
        .target(name: "QujatTesting", dependencies: ["QujatPDF"], swiftSettings: settings),

        .testTarget(name: "KazakhTextTests", dependencies: ["KazakhText"], swiftSettings: settings),
        // One test target per stage, each importing only its stage (the templates' tests
        // cannot reach Pango or Cairo: their module depends on neither).
        .testTarget(name: "QujatCaseTests", dependencies: ["QujatCase"], swiftSettings: settings),
        .testTarget(name: "QujatTemplatesTests", dependencies: ["QujatTemplates", "QujatCase", "QujatDocument"], swiftSettings: settings),
        .testTarget(name: "QujatLayoutTests", dependencies: ["QujatLayout", "QujatDocument", "CPangoCairo"], swiftSettings: settings),
        .testTarget(name: "QujatPDFTests", dependencies: ["QujatPDF", "QujatLayout", "QujatDocument", "CQujatFastFormat"], swiftSettings: settings),
        .testTarget(name: "QujatQRTests", dependencies: ["QujatQR", "CQRencode"], swiftSettings: settings),
        .testTarget(name: "QujatTests", dependencies: ["Qujat", "QujatBatch", "qujat", "qujat-server", "KazakhText", "QujatCase", "QujatTemplates", "QujatDocument", "QujatLayout", "QujatPDF", "QujatTesting",
                                                       .product(name: "Logging", package: "swift-log"),
                                                       .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
                    exclude: ["Golden"],
                    swiftSettings: settings),
            // The HTTP routes in-process (HummingbirdTesting's router framework): no port, no child process.
        .testTarget(name: "QujatServerTests", dependencies: ["QujatServer", "Qujat", "QujatSign", "QujatZip", "QujatTesting",
                                                             .product(name: "Hummingbird", package: "hummingbird"),
                                                             .product(name: "HummingbirdTesting", package: "hummingbird")],
                    swiftSettings: settings),
    ]
)
