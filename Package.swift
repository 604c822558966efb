// swift-tools-version:6.0
import PackageDescription

// Layers point down only: reckon -> ReckonLab -> {ReckonMachines, ReckonTasks} -> ReckonNN -> ReckonTensor -> CBLAS.
let optimized: [SwiftSetting] = []

let package = Package(
    name: "Reckon",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "reckon", targets: ["reckon"]),
        .library(name: "ReckonTensor", targets: ["ReckonTensor"]),
        .library(name: "ReckonNN", targets: ["ReckonNN"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "ReckonTensor",
            dependencies: ["CBLAS"],
            swiftSettings: optimized,
            linkerSettings: [
                .linkedLibrary("openblas", .when(platforms: [.linux])),
                .linkedFramework("Accelerate", .when(platforms: [.macOS])),
            ]
        ),
        .target(name: "ReckonNN", dependencies: ["ReckonTensor"], swiftSettings: optimized),
        .executableTarget(
            name: "reckon",
            dependencies: [
                "ReckonTensor", "ReckonNN",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimized
        ),
        .testTarget(name: "ReckonTensorTests", dependencies: ["ReckonTensor"]),
        .testTarget(name: "ReckonNNTests", dependencies: ["ReckonNN", "ReckonTensor"]),
    ],
    swiftLanguageModes: [.v5]
)
