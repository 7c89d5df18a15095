// swift-tools-version:6.0
import PackageDescription

/// The pure modules (no database, no I/O beyond files) build in Swift 6 mode:
/// full data-race checking; the rest stay in Swift 5 mode for now.
let swift6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "crmwh",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "crmwh", targets: ["crmwh"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
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
            dependencies: ["CZlib", .product(name: "Yams", package: "Yams")],
            swiftSettings: swift6
        ),
        .target(
            name: "Pipeline",
            dependencies: ["Feeds"],
            swiftSettings: swift6
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
            dependencies: [],
            swiftSettings: swift6
        ),
        // Predictive CLV against the warehouse: summary SQL, fits, scores in dw.customer_score.
        .target(
            name: "Scoring",
            dependencies: [
                "Analytics", "PostgresClient", "Warehouse", "Pipeline",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Per-customer propensity against the warehouse: point-in-time history, logistic
        // fits checked out of time, probabilities in dw.customer_propensity.
        .target(
            name: "Propensity",
            dependencies: [
                "Analytics", "PostgresClient", "Warehouse", "Pipeline", "Scoring",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Generator",
            dependencies: [],
            swiftSettings: swift6
        ),
        // The marts' refresher: installs sql/marts and rebuilds what new data changed.
        .target(
            name: "Marts",
            dependencies: ["PostgresClient", "Warehouse", .product(name: "Logging", package: "swift-log")]
        ),
        // Reports read the marts; the CLV diagnostics also fit a purchase model (Analytics, Scoring).
        .target(
            name: "Reports",
            dependencies: [
                "PostgresClient", "Warehouse", "Analytics", "Scoring",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Campaign simulation against the warehouse: plans, past campaigns (sql/simulation), predictions, backtest.
        .target(
            name: "Simulation",
            dependencies: ["Analytics", "PostgresClient", "Warehouse", "Pipeline", "Reports"]
        ),
        // The one context every command gets: effective configuration, database,
        // SQL directory, run records, and the nightly flow.
        .target(
            name: "Runtime",
            dependencies: [
                "PostgresClient", "Feeds", "Pipeline", "Warehouse", "Analytics", "Scoring", "Marts", "Reports",
                "Propensity",
                "Simulation",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Fits and scores a synthetic population to time the CLV models (scripts/bench-clv.sh).
        .executableTarget(
            name: "clv-bench",
            dependencies: ["Analytics", "Scoring"]
        ),
        .executableTarget(
            name: "crmwh",
            dependencies: [
                "PostgresClient", "Feeds", "Pipeline", "Warehouse", "Analytics", "Scoring", "Marts", "Reports", "Generator",
                "Propensity",
                "Runtime", "Simulation",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Shared by the test targets that need a real PostgreSQL: starts one
        // private cluster per test process.
        .target(
            name: "TestSupport",
            dependencies: [
                "PostgresClient", "Warehouse", "Feeds", "Generator", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport"
        ),

        .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient", "TestSupport"]),
        .testTarget(name: "FeedsTests", dependencies: ["Feeds"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Feeds"]),
        .testTarget(name: "GeneratorTests", dependencies: ["Generator", "Pipeline"]),
        .testTarget(name: "WarehouseTests", dependencies: ["Warehouse", "PostgresClient", "Pipeline", "Feeds", "Generator", "TestSupport"]),
        .testTarget(name: "AnalyticsTests", dependencies: ["Analytics"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "Analytics", "PostgresClient", "TestSupport"]),
        .testTarget(
            name: "ReportsTests",
            dependencies: [
                "Reports", "Marts", "PostgresClient", "Warehouse", "TestSupport", "Generator", "Feeds",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "RuntimeTests",
            dependencies: [
                "Runtime", "Marts", "Feeds", "Pipeline", "Warehouse", "PostgresClient", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "SimulationTests",
            dependencies: [
                "Simulation", "Analytics", "Marts", "PostgresClient", "Warehouse", "TestSupport", "Generator", "Feeds",
                "Runtime", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "PropensityTests",
            dependencies: [
                "Propensity", "Analytics", "Scoring", "Marts", "PostgresClient", "Warehouse", "TestSupport", "Generator",
                "Feeds", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "crmwhTests", dependencies: ["crmwh", "TestSupport", "PostgresClient", "Warehouse"]),
    ],
    swiftLanguageModes: [.v5]
)
