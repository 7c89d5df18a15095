// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "crmwh",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "crmwh", targets: ["crmwh"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // C libraries, each wrapped by exactly one Swift module.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),

        .target(
            name: "PostgresClient",
            dependencies: ["CLibPQ"]
        ),
        .target(
            name: "Feeds",
            dependencies: ["CZlib", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "Pipeline",
            dependencies: ["Feeds"]
        ),
        .target(
            name: "Warehouse",
            dependencies: [
                "PostgresClient", "Feeds", "Pipeline", "CLibCrypto",
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: []
        ),
        .target(
            name: "Analytics",
            dependencies: []
        ),
        // Predictive CLV against the warehouse: summary SQL, fits, scores in dw.customer_score.
        .target(
            name: "Scoring",
            dependencies: [
                "Analytics", "PostgresClient", "Warehouse", "Pipeline",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Generator",
            dependencies: []
        ),
        .target(
            name: "Reports",
            dependencies: ["PostgresClient", "Warehouse"]
        ),
        // Fits and scores a synthetic population to time the CLV models (scripts/bench-clv.sh).
        .executableTarget(
            name: "clv-bench",
            dependencies: ["Analytics", "Scoring"]
        ),
        .executableTarget(
            name: "crmwh",
            dependencies: [
                "PostgresClient", "Feeds", "Pipeline", "Warehouse", "Analytics", "Scoring", "Reports", "Generator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Shared by the test targets that need a real PostgreSQL: starts one
        // private cluster per test process.
        .target(
            name: "TestSupport",
            dependencies: ["PostgresClient", "Warehouse"],
            path: "Tests/TestSupport"
        ),

        .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient", "TestSupport"]),
        .testTarget(name: "FeedsTests", dependencies: ["Feeds"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Feeds"]),
        .testTarget(name: "GeneratorTests", dependencies: ["Generator", "Pipeline"]),
        .testTarget(name: "WarehouseTests", dependencies: ["Warehouse", "PostgresClient", "Pipeline", "Feeds", "Generator", "TestSupport"]),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "Analytics", "PostgresClient", "TestSupport"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "PostgresClient", "Warehouse", "TestSupport"]),
        .testTarget(name: "crmwhTests", dependencies: ["crmwh", "TestSupport", "PostgresClient", "Warehouse"]),
    ],
    swiftLanguageModes: [.v5]
)
