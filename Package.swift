// swift-tools-version:6.0
import PackageDescription

// Layers point down only: reckon -> ReckonLab -> {ReckonMachines, ReckonTasks} -> ReckonNN -> ReckonTensor -> CReckonBLAS.
let optimized: [SwiftSetting] = []

let package = Package(
    name: "Reckon",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "reckon", targets: ["reckon"]),
        .library(name: "ReckonTensor", targets: ["ReckonTensor"]),
        .library(name: "ReckonNN", targets: ["ReckonNN"]),
        .library(name: "ReckonTasks", targets: ["ReckonTasks"]),
        .library(name: "ReckonMachines", targets: ["ReckonMachines"]),
        .library(name: "ReckonLab", targets: ["ReckonLab"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
        .target(name: "ReckonTensor", dependencies: ["CReckonBLAS"], swiftSettings: optimized),
        .target(name: "ReckonNN", dependencies: ["ReckonTensor"], swiftSettings: optimized),
        .target(name: "ReckonTasks", dependencies: ["ReckonTensor"], swiftSettings: optimized),
        .target(name: "ReckonMachines", dependencies: ["ReckonNN", "ReckonTensor"], swiftSettings: optimized),
        .target(name: "ReckonLab", dependencies: ["ReckonMachines", "ReckonTasks", "ReckonNN", "ReckonTensor"], swiftSettings: optimized),
        .executableTarget(
            name: "reckon",
            dependencies: [
                "ReckonLab", "ReckonMachines", "ReckonTasks", "ReckonTensor", "ReckonNN",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimized
        ),
        // The checkpoint reader's fuzz target: `make fuzz` builds it with -sanitize=fuzzer,address;
        // a plain build replays files (Tests/Fuzz/CheckpointFuzz.swift).
        .executableTarget(
            name: "CheckpointFuzz",
            dependencies: ["ReckonLab", "ReckonNN"],
            path: "Tests/Fuzz",
            exclude: ["corpus", "make_corpus.py"]
        ),
        .testTarget(name: "ReckonTensorTests", dependencies: ["ReckonTensor"]),
        .testTarget(name: "ReckonNNTests", dependencies: ["ReckonNN", "ReckonTensor"]),
        .testTarget(name: "ReckonTasksTests", dependencies: ["ReckonTasks", "ReckonTensor"]),
        .testTarget(name: "ReckonMachinesTests", dependencies: ["ReckonMachines", "ReckonNN", "ReckonTensor"]),
        .testTarget(name: "ReckonLabTests", dependencies: ["ReckonLab", "ReckonMachines", "ReckonTasks", "ReckonNN", "ReckonTensor"]),
    ],
    swiftLanguageModes: [.v5]
)
