// swift-tools-version: 6.1
// libFuzzer targets for ftsweep's parsers of hostile input. Build only with the fuzzer sanitizer
// (libFuzzer supplies `main`): `swift build --sanitize=fuzzer`, or `make fuzz` from the root.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ftsweep-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ftsweep", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "FuzzJSONLChecker",
            dependencies: [.product(name: "Datasets", package: "ftsweep"), .product(name: "SweepCore", package: "ftsweep")],
            swiftSettings: strict),
        .executableTarget(
            name: "FuzzSpecParser", dependencies: [.product(name: "SweepCore", package: "ftsweep")], swiftSettings: strict),
        .executableTarget(
            name: "FuzzResultImporter",
            dependencies: [.product(name: "Orchestration", package: "ftsweep"), .product(name: "Ledger", package: "ftsweep")],
            swiftSettings: strict),
        .executableTarget(
            name: "FuzzRunFilter",
            dependencies: [.product(name: "SweepCore", package: "ftsweep"), .product(name: "Ledger", package: "ftsweep")],
            swiftSettings: strict),
    ]
)
