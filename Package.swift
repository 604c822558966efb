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
                "ReckonLab", "ReckonMachines", "ReckonTasks", "ReckonTensor", "CReckonProcess",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "reckon",
            dependencies: [
                "ReckonStudy", "ReckonLab", "ReckonMachines", "ReckonTasks", "ReckonTensor", "ReckonNN",
                "ReckonRASP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The checkpoint reader's fuzz target: `make fuzz` builds it with -sanitize=fuzzer,address;
        // a plain build replays files (Tests/Fuzz/CheckpointFuzz.swift).
        .executableTarget(
            name: "CheckpointFuzz",
            dependencies: ["ReckonLab", "ReckonNN"],
            path: "Tests/Fuzz",
            exclude: ["corpus", "make_corpus.py"]
        ),
        // The .rasp pipeline's fuzz target (parse, print, interpret, compile, run, verify), built and
        // replayed like CheckpointFuzz (Tests/FuzzRASP/RaspFuzz.swift).
        .executableTarget(
            name: "RaspFuzz",
            dependencies: ["ReckonRASP"],
            path: "Tests/FuzzRASP",
            exclude: ["corpus", "make_corpus.py"]
        ),
        .testTarget(name: "ReckonTensorTests", dependencies: ["ReckonSupport", "ReckonTensor", "CReckonKernels"]),
        .testTarget(name: "ReckonNNTests", dependencies: ["ReckonSupport", "ReckonNN", "ReckonTensor"]),
        .testTarget(name: "ReckonTasksTests", dependencies: ["ReckonSupport", "ReckonTasks"]),
        .testTarget(
            name: "ReckonMachinesTests", dependencies: ["ReckonSupport", "ReckonMachines", "ReckonNN", "ReckonTensor"]),
        .testTarget(
            name: "ReckonRASPTests",
            dependencies: ["ReckonSupport", "ReckonRASP", "ReckonNN", "ReckonTensor", "ReckonTestSupport"]),
        .target(name: "ReckonTestSupport", path: "Tests/ReckonTestSupport"),
        .testTarget(
            name: "ReckonStudyTests",
            dependencies: [
                "ReckonSupport", "ReckonStudy", "ReckonLab", "ReckonMachines", "ReckonTasks", "ReckonTestSupport",
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
