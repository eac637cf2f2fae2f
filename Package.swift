// swift-tools-version:6.0
import PackageDescription

/// newswatch: one library module per pipeline stage, C libraries behind system-library targets,
/// and a thin command-line executable. Stages never import each other; `NewsWatch` wires them.
let package = Package(
    name: "newswatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "newswatch", targets: ["NewsWatchCLI"]),
        .executable(name: "newswatch-bench", targets: ["NewsWatchBench"]),
        .library(name: "NewsWatch", targets: ["NewsWatch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
    ],
    targets: [
        // C libraries, each with a shim.h of typed wrappers Swift can call.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // Pipeline stages.
        .target(name: "Model"),
        .target(name: "Fetch", dependencies: ["Model", "CCurl"]),
        .target(name: "FeedParser", dependencies: ["Model", "CLibXML2"]),
        .target(name: "Store", dependencies: ["Model", "CSQLite"]),
        .target(name: "TextFolding"),
        .target(name: "Stories", dependencies: ["Model", "TextFolding"]),
        .target(name: "Watches", dependencies: ["Model", "TextFolding"]),
        .target(name: "Mail", dependencies: ["Model", "CCurl"]),
        .target(name: "Digest", dependencies: ["Model", .product(name: "Mustache", package: "swift-mustache")],
                resources: [.copy("Templates")]),
        .target(name: "NewsWatch", dependencies: [
            "Model", "Fetch", "FeedParser", "Store", "Stories", "Watches", "Mail", "Digest",
            .product(name: "Logging", package: "swift-log"),
        ]),

        // Executables.
        .executableTarget(name: "NewsWatchCLI", dependencies: [
            "NewsWatch", "Model", "Store", "Fetch",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "NewsWatchBench", dependencies: [
            "NewsWatch", "Model", "Fetch", "FeedParser", "Store", "Stories", "Watches", "Digest",
        ]),
        .executableTarget(name: "FuzzFeed", dependencies: ["FeedParser"]),

        // Tests: one target per stage, plus end-to-end tests that run the real binary.
        .target(name: "TestSupport", dependencies: ["Model"], path: "Tests/TestSupport", resources: [.copy("Servers")]),
        .testTarget(name: "FetchTests", dependencies: ["Fetch", "TestSupport"]),
        .testTarget(name: "FeedParserTests", dependencies: ["FeedParser", "CLibXML2", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport"]),
        .testTarget(name: "StoriesTests", dependencies: ["Stories", "TestSupport"]),
        .testTarget(name: "WatchesTests", dependencies: ["Watches", "TestSupport"]),
        .testTarget(name: "MailTests", dependencies: ["Mail", "TestSupport"]),
        .testTarget(name: "DigestTests", dependencies: ["Digest", "CLibXML2"]),
        .testTarget(name: "NewsWatchTests", dependencies: ["NewsWatch", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
