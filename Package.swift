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
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
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
        .target(name: "Ledger", dependencies: ["SweepCore", "CSQLite"], swiftSettings: strict),
        .target(name: "HTTPClient", dependencies: ["CCurl"], swiftSettings: strict),
        .target(name: "LocalTrainer", dependencies: ["SweepCore"], swiftSettings: strict),
        .target(name: "Providers", dependencies: ["SweepCore", "LocalTrainer", "HTTPClient"], swiftSettings: strict),
        .target(
            name: "Orchestration", dependencies: ["SweepCore", "Datasets", "Ledger", "Providers"], swiftSettings: strict),
        .target(
            name: "LocalServer",
            dependencies: [
                "Providers", "LocalTrainer", "SweepCore", .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"), .product(name: "Crypto", package: "swift-crypto"),
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
        // The HTTP server in its own executable: FlyingFox pulls in FoundationNetworking and with it
        // libcurl's dependency chain, ~7 ms at the start of any process that links it.
        .executableTarget(
            name: "ftsweep-serve",
            dependencies: ["Ledger", "LocalServer", "Providers", "ServeOptions", "SweepCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),
        .executableTarget(
            name: "ftsweep-bench", dependencies: ["Datasets", "SweepCore", "LocalTrainer"], path: "Benchmarks/ftsweep-bench",
            swiftSettings: strict),
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "SweepCoreTests", dependencies: ["SweepCore", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "DatasetsTests", dependencies: ["Datasets", "HTTPClient", "TestSupport"], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(name: "LedgerTests", dependencies: ["Ledger", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "LocalTrainerTests", dependencies: ["LocalTrainer", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "ProvidersTests", dependencies: ["Providers", "SweepCore", "TestSupport"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(
            name: "OrchestrationTests", dependencies: ["Orchestration", "Providers", "TestSupport"], exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(
            name: "LocalServerTests", dependencies: ["TestSupport", "HTTPClient", "Yams"], swiftSettings: strict),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "HTTPClientTests", dependencies: ["HTTPClient", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ftsweepTests", dependencies: ["TestSupport", "HTTPClient"], swiftSettings: strict),
    ]
)
