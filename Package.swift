// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ftsweep",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ftsweep", targets: ["ftsweep"]),
        .executable(name: "ftsweep-serve", targets: ["ftsweep-serve"]),
        // Libraries for the fuzz package in Fuzz/, which builds them with the fuzzer sanitizer.
        .library(name: "SweepCore", targets: ["SweepCore"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "Orchestration", targets: ["Orchestration"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // The server's HTTP layer (ftsweep-serve only): header, body, time and connection limits.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // libcurl's header, with the library loaded on first use (see Sources/CCurl/include/CCurl.h).
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
        // tiktoken's rank files linked into the binary; the assembler finds them through `ranks`.
        .target(name: "CTokenizerRanks", exclude: ["ranks"], cSettings: [.headerSearchPath("ranks")]),
        .target(
            name: "SweepCore", dependencies: ["Yams", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "Datasets",
            dependencies: ["SweepCore", "CTokenizerRanks", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        // The ledger's records and its API as a protocol, for any storage; `Ledger` is SQLite's.
        .target(name: "LedgerModel", dependencies: ["SweepCore"], swiftSettings: strict),
        .target(name: "Ledger", dependencies: ["SweepCore", "LedgerModel", "CSQLite"], swiftSettings: strict),
        .target(name: "HTTPClient", dependencies: ["CCurl"], swiftSettings: strict),
        .target(name: "LocalTrainer", dependencies: ["SweepCore"], swiftSettings: strict),
        .target(
            name: "Providers", dependencies: ["SweepCore", "LocalTrainer", "HTTPClient", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict),
        .target(
            name: "Orchestration", dependencies: ["SweepCore", "Datasets", "Ledger", "Providers"], swiftSettings: strict),
        .target(
            name: "LocalServer",
            dependencies: [
                "Providers", "LocalTrainer", "SweepCore", .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict),
        .target(name: "Reports", dependencies: ["SweepCore", "Datasets", "Ledger", "Orchestration"], swiftSettings: strict),
        .target(name: "ServeOptions", dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: strict),
        .executableTarget(
            name: "ftsweep",
            dependencies: [
                "SweepCore", "Datasets", "Ledger", "HTTPClient", "Reports", "LocalTrainer", "Providers", "Orchestration", "ServeOptions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // The HTTP server in its own executable: Hummingbird pulls in SwiftNIO (and, through it,
        // FoundationNetworking), which no command that never serves should load at start-up.
        .executableTarget(
            name: "ftsweep-serve",
            dependencies: ["Ledger", "LocalServer", "Providers", "ServeOptions", "SweepCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
        .executableTarget(
            name: "ftsweep-bench", dependencies: ["Datasets", "SweepCore", "LocalTrainer"], path: "Benchmarks/ftsweep-bench",
            swiftSettings: strict),
        // The cost-to-best benchmark of search methods on a recorded grid (experiments/bench/search).
        .executableTarget(
            name: "ftsweep-bench-search", dependencies: ["SweepCore", "Providers"], path: "experiments/bench/search/replay", swiftSettings: strict),
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "SweepCoreTests", dependencies: ["SweepCore", "Providers", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "DatasetsTests", dependencies: ["Datasets", "HTTPClient", "TestSupport"], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "TestSupport"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "LocalTrainerTests", dependencies: ["LocalTrainer", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ProvidersTests", dependencies: ["Providers", "SweepCore", "TestSupport"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "OrchestrationTests", dependencies: ["Orchestration", "Providers", "TestSupport"], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "LocalServerTests", dependencies: ["TestSupport", "HTTPClient", "Providers", "Yams"], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Orchestration", "SweepCore", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ftsweepTests", dependencies: ["TestSupport", "HTTPClient"], swiftSettings: strict),
    ]
)
