/// Which OpenBLAS kernel Reckon asks for, decided from the CPU's features, the kernel the
/// library picks by itself, and what the user set. A pure function, so every case is tested.
///
/// Why: a distribution's OpenBLAS does not recognize CPUs newer than itself and falls back
/// to a generic SSE kernel. Debian 12's 0.3.21 runs Prescott on a current Xeon: sgemm
/// 128x264x1024 at 15 GFLOP/s on one thread against 75 with OPENBLAS_CORETYPE=SkylakeX.
public enum BLASKernelChoice {
    /// What the user asked for through Reckon (`--blas-kernel`, `RECKON_BLAS_KERNEL`).
    public enum Setting: Equatable, Sendable {
        /// Replace a generic fallback kernel with the best one the CPU can run (the default).
        case automatic
        /// Keep whatever the library picks by itself.
        case libraryDefault
        /// This kernel, by OpenBLAS's name (as OPENBLAS_CORETYPE takes it).
        case named(String)

        /// Parses `auto`, `default` or a kernel name (case-insensitive); nil for an unknown name.
        public init?(_ text: String) {
            switch text.lowercased() {
            case "", "auto": self = .automatic
            case "default": self = .libraryDefault
            default:
                guard let name = BLASKernelChoice.kernelNames.first(where: { $0.lowercased() == text.lowercased() })
                else {
                    return nil
                }
                self = .named(name)
            }
        }
    }

    /// The outcome: leave the library alone, or set OPENBLAS_CORETYPE before it loads.
    public enum Decision: Equatable, Sendable {
        case keep(reason: String)
        case force(kernel: String, reason: String)
    }

    /// OpenBLAS 0.3's x86-64 kernel names (OPENBLAS_CORETYPE accepts them in any case).
    public static let kernelNames = [
        "Katmai", "Coppermine", "Northwood", "Prescott", "Banias", "Atom", "Core2", "Penryn", "Dunnington",
        "Nehalem", "Athlon", "Opteron", "Opteron_SSE3", "Barcelona", "Nano", "Sandybridge", "Bobcat",
        "Bulldozer", "Piledriver", "Haswell", "Steamroller", "Excavator", "Zen", "SkylakeX", "Cooperlake",
        "Sapphirerapids",
    ]

    /// Kernels built for AVX2 or better; every other x86-64 kernel is a generic fallback.
    static let vectorKernels: Set<String> = ["haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"]

    /// Whether `kernel` is one of the library's kernels below AVX2 (or unknown to it).
    public static func isGeneric(_ kernel: String) -> Bool {
        !vectorKernels.contains(kernel.lowercased())
    }

    /// The best kernel this CPU can run, or nil when it has neither AVX-512 nor AVX2 with FMA.
    public static func bestKernel(for cpu: CPUFeatures) -> String? {
        if cpu.hasAVX512SkylakeX { return "SkylakeX" }
        if cpu.hasAVX2FMA { return "Haswell" }
        return nil
    }

    /// Whether deciding needs to know the library's own choice (so it must be probed first).
    public static func needsLibraryKernel(cpu: CPUFeatures, userCoreType: String?, setting: Setting) -> Bool {
        userCoreType == nil && setting == .automatic && bestKernel(for: cpu) != nil
    }

    /// The decision. `userCoreType` is OPENBLAS_CORETYPE as found in the environment: a user's
    /// or an administrator's value always wins. `libraryKernel` is what the library picks by
    /// itself (nil when unknown, e.g. not OpenBLAS).
    public static func decide(
        cpu: CPUFeatures, libraryKernel: String?, userCoreType: String?,
        setting: Setting
    ) -> Decision {
        if let user = userCoreType, !user.isEmpty { return .keep(reason: "OPENBLAS_CORETYPE=\(user) is set") }
        switch setting {
        case .libraryDefault: return .keep(reason: "the library's own choice was requested")
        case .named(let kernel): return .force(kernel: kernel, reason: "requested")
        case .automatic:
            guard let best = bestKernel(for: cpu) else { return .keep(reason: "the CPU has no AVX2") }
            guard let library = libraryKernel else { return .keep(reason: "the library does not report its kernel") }
            guard isGeneric(library) else { return .keep(reason: "the library chose \(library)") }
            return .force(kernel: best, reason: "the library fell back to \(library) on a CPU that runs \(best)")
        }
    }
}
