// swift-tools-version:6.0
import PackageDescription

// Layers point down only: reckon -> ReckonStudy -> ReckonLab -> {ReckonMachines, ReckonTasks, ReckonRASP}
// -> ReckonNN -> ReckonTensor -> CReckonBLAS.
let package = Package(
    name: "Reckon",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "reckon", targets: ["reckon"]),
        .library(name: "ReckonSupport", targets: ["ReckonSupport"]),
        .library(name: "ReckonTensor", targets: ["ReckonTensor"]),
        .library(name: "ReckonNN", targets: ["ReckonNN"]),
        .library(name: "ReckonTasks", targets: ["ReckonTasks"]),
        .library(name: "ReckonMachines", targets: ["ReckonMachines"]),
        .library(name: "ReckonLab", targets: ["ReckonLab"]),
        .library(name: "ReckonStudy", targets: ["ReckonStudy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // OpenBLAS is opened at run time (BLASRuntime.swift), not linked, so its kernel can be chosen first.
        .target(
            name: "CReckonBLAS",
            linkerSettings: [
                .linkedLibrary("dl", .when(platforms: [.linux])),
                .linkedFramework("Accelerate", .when(platforms: [.macOS])),
            ]
        ),
        .target(name: "CReckonKernels"),
        .target(name: "CReckonProcess"),
        .target(name: "ReckonSupport"),
        .target(name: "ReckonTensor", dependencies: ["ReckonSupport", "CReckonBLAS", "CReckonKernels"]),
        .target(name: "ReckonNN", dependencies: ["ReckonSupport", "ReckonTensor"]),
        .target(name: "ReckonTasks", dependencies: ["ReckonSupport"]),
        .target(name: "ReckonMachines", dependencies: ["ReckonSupport", "ReckonNN", "ReckonTensor"]),
        .target(name: "ReckonRASP", dependencies: ["ReckonSupport", "ReckonNN", "ReckonTensor"]),
        .target(
            name: "ReckonLab",
            dependencies: ["ReckonSupport", "ReckonMachines", "ReckonTasks", "ReckonRASP", "ReckonNN", "ReckonTensor"]
        ),
        .target(
            name: "ReckonStudy",
            dependencies: [
                "ReckonLab", "ReckonMachines", "ReckonTasks", "ReckonSupport", "CReckonProcess",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "reckon",
            dependencies: [
                "ReckonStudy", "ReckonLab", "ReckonMachines", "ReckonTasks", "ReckonTensor", "ReckonNN",
                "ReckonRASP", "ReckonSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fuzz targets: `make fuzz FUZZ_TARGET=...` builds one with -sanitize=fuzzer,address; a plain
        // build replays files. FuzzSupport holds the driver they share.
        .target(name: "FuzzSupport", path: "Tests/FuzzSupport"),
        .executableTarget(
            name: "CheckpointFuzz",
            dependencies: ["FuzzSupport", "ReckonLab", "ReckonNN"],
            path: "Tests/Fuzz",
            exclude: ["corpus", "make_corpus.py"]
        ),
        .executableTarget(
            name: "ConfigFuzz", dependencies: ["FuzzSupport", "ReckonLab"], path: "Tests/FuzzConfig",
            exclude: ["corpus"]),
        .executableTarget(
            name: "SweepFuzz", dependencies: ["FuzzSupport", "ReckonStudy"], path: "Tests/FuzzSweep",
            exclude: ["corpus", "make_corpus.py"]),
        .executableTarget(
            name: "RaspFuzz", dependencies: ["FuzzSupport", "ReckonRASP"], path: "Tests/FuzzRASP",
            exclude: ["corpus", "make_corpus.py"]),
        // Every test target may use ReckonTestSupport (the binary, waitUntil, disk snapshots).
        .testTarget(
            name: "ReckonTensorTests",
            dependencies: ["ReckonSupport", "ReckonTensor", "CReckonKernels", "ReckonTestSupport"]),
        .testTarget(name: "ReckonSupportTests", dependencies: ["ReckonSupport", "ReckonTestSupport"]),
        .testTarget(
            name: "ReckonNNTests", dependencies: ["ReckonSupport", "ReckonNN", "ReckonTensor", "ReckonTestSupport"]),
        .testTarget(name: "ReckonTasksTests", dependencies: ["ReckonSupport", "ReckonTasks", "ReckonTestSupport"]),
        .testTarget(
            name: "ReckonMachinesTests",
            dependencies: ["ReckonSupport", "ReckonMachines", "ReckonNN", "ReckonTensor", "ReckonTestSupport"]),
        .testTarget(
            name: "ReckonRASPTests",
            dependencies: ["ReckonSupport", "ReckonRASP", "ReckonNN", "ReckonTensor", "ReckonTestSupport"]),
        .target(name: "ReckonTestSupport", path: "Tests/ReckonTestSupport"),
        .testTarget(
            name: "ReckonStudyTests",
            dependencies: [
                "ReckonStudy", "ReckonLab", "ReckonMachines", "ReckonTasks", "ReckonTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(
            name: "ReckonLabTests",
            dependencies: [
                "ReckonSupport", "ReckonLab", "ReckonMachines", "ReckonTasks", "ReckonNN", "ReckonTensor",
                "ReckonRASP", "ReckonTestSupport",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
