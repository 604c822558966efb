import Foundation

/// What the CPU can run, as the operating system reports it (Linux: /proc/cpuinfo, which
/// also reflects features a hypervisor masks or the kernel disables).
public struct CPUFeatures: Equatable, Sendable {
    /// Lowercase feature flags: `avx2`, `fma`, `avx512f`, ...
    public var flags: Set<String>
    /// The model name, e.g. `Intel(R) Xeon(R) ...`; empty when unknown.
    public var modelName: String

    public init(flags: Set<String>, modelName: String = "") { self.flags = flags; self.modelName = modelName }

    /// AVX512 F, CD, BW, DQ and VL together: what OpenBLAS's SkylakeX kernel needs.
    public var hasAVX512SkylakeX: Bool { ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains) }
    /// AVX2 with FMA: what OpenBLAS's Haswell kernel needs.
    public var hasAVX2FMA: Bool { flags.contains("avx2") && flags.contains("fma") }

    /// The features of the first processor listed in a /proc/cpuinfo text.
    public static func parse(cpuinfo: String) -> CPUFeatures {
        var flags: Set<String> = [], model = ""
        for line in cpuinfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if key == "flags", flags.isEmpty { flags = Set(value.split(separator: " ").map { $0.lowercased() }) }
            if key == "model name", model.isEmpty { model = value }
        }
        return CPUFeatures(flags: flags, modelName: model)
    }

    /// This machine's features (empty flags where the system does not report them).
    public static let current: CPUFeatures = {
        #if os(Linux)
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) { return parse(cpuinfo: text) }
        #endif
        var size = 0
        #if canImport(Darwin)
        sysctlbyname("machdep.cpu.brand_string", nil, &size, nil, 0)
        var buffer = [CChar](repeating: 0, count: max(size, 1))
        sysctlbyname("machdep.cpu.brand_string", &buffer, &size, nil, 0)
        return CPUFeatures(flags: [], modelName: BLASRuntime.string(buffer))
        #else
        return CPUFeatures(flags: [])
        #endif
    }()
}
