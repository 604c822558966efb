import Foundation
import Testing

@testable import ReckonTensor

/// The kernel choice, one case per rule, and the choice this test process actually runs.
@Suite struct BLASKernelChoiceTests {
    static let skylakeFlags: Set<String> = [
        "sse2", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl",
    ]
    static let avx512 = CPUFeatures(flags: skylakeFlags)
    static let avx2 = CPUFeatures(flags: ["sse2", "avx", "avx2", "fma"])
    static let sse = CPUFeatures(flags: ["sse2", "sse3"])

    @Test func aGenericFallbackOnAnAVX512CPUBecomesSkylakeX() {
        let d = BLASKernelChoice.decide(
            cpu: Self.avx512, libraryKernel: "Prescott", userCoreType: nil, setting: .automatic)
        #expect(
            d == .force(kernel: "SkylakeX", reason: "the library fell back to Prescott on a CPU that runs SkylakeX"))
    }

    @Test func aGenericFallbackOnAnAVX2CPUBecomesHaswell() {
        for generic in ["Core2", "Katmai", "Nehalem", "Sandybridge"] {
            let d = BLASKernelChoice.decide(
                cpu: Self.avx2, libraryKernel: generic, userCoreType: nil, setting: .automatic)
            #expect(
                d == .force(kernel: "Haswell", reason: "the library fell back to \(generic) on a CPU that runs Haswell")
            )
        }
    }

    @Test func avx512WithoutAllFiveExtensionsIsOnlyHaswell() {
        var flags = Self.skylakeFlags
        flags.remove("avx512vl")
        #expect(BLASKernelChoice.bestKernel(for: CPUFeatures(flags: flags)) == "Haswell")
    }

    @Test func aVectorKernelTheLibraryChoseIsKept() {
        for kernel in ["Haswell", "Zen", "SkylakeX", "Cooperlake", "Sapphirerapids"] {
            let d = BLASKernelChoice.decide(
                cpu: Self.avx512, libraryKernel: kernel, userCoreType: nil, setting: .automatic)
            #expect(d == .keep(reason: "the library chose \(kernel)"))
        }
    }

    @Test func aCPUWithoutAVX2KeepsTheLibraryKernel() {
        let d = BLASKernelChoice.decide(
            cpu: Self.sse, libraryKernel: "Prescott", userCoreType: nil, setting: .automatic)
        #expect(d == .keep(reason: "the CPU has no AVX2"))
        #expect(!BLASKernelChoice.needsLibraryKernel(cpu: Self.sse, userCoreType: nil, setting: .automatic))
    }

    @Test func anUnknownLibraryKernelIsKept() {
        let d = BLASKernelChoice.decide(cpu: Self.avx512, libraryKernel: nil, userCoreType: nil, setting: .automatic)
        #expect(d == .keep(reason: "the library does not report its kernel"))
    }

    @Test func openblasCoretypeAlwaysWins() {
        for setting: BLASKernelChoice.Setting in [.automatic, .libraryDefault, .named("Haswell")] {
            let d = BLASKernelChoice.decide(
                cpu: Self.avx512, libraryKernel: "Prescott", userCoreType: "Core2", setting: setting)
            #expect(d == .keep(reason: "OPENBLAS_CORETYPE=Core2 is set"))
            #expect(!BLASKernelChoice.needsLibraryKernel(cpu: Self.avx512, userCoreType: "Core2", setting: setting))
        }
    }

    @Test func reckonsSettingOverridesTheAutomaticChoice() {
        #expect(
            BLASKernelChoice.decide(
                cpu: Self.avx512, libraryKernel: "Prescott", userCoreType: nil, setting: .libraryDefault)
                == .keep(reason: "the library's own choice was requested"))
        #expect(
            BLASKernelChoice.decide(
                cpu: Self.avx512, libraryKernel: "Cooperlake", userCoreType: nil, setting: .named("Haswell"))
                == .force(kernel: "Haswell", reason: "requested"))
        #expect(!BLASKernelChoice.needsLibraryKernel(cpu: Self.avx512, userCoreType: nil, setting: .named("Haswell")))
    }

    @Test func settingsParse() {
        #expect(BLASKernelChoice.Setting("auto") == .automatic)
        #expect(BLASKernelChoice.Setting("") == .automatic)
        #expect(BLASKernelChoice.Setting("DEFAULT") == .libraryDefault)
        #expect(BLASKernelChoice.Setting("skylakex") == .named("SkylakeX"))
        #expect(BLASKernelChoice.Setting("pentium") == nil)
    }

    @Test func cpuinfoParses() {
        let text = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) Platinum 8581C CPU @ 2.10GHz
            flags\t\t: fpu sse2 avx2 fma avx512f avx512cd avx512bw avx512dq avx512vl

            processor\t: 1
            model name\t: other
            flags\t\t: fpu
            """
        let cpu = CPUFeatures.parse(cpuinfo: text)
        #expect(cpu.modelName == "Intel(R) Xeon(R) Platinum 8581C CPU @ 2.10GHz")
        #expect(cpu.hasAVX512SkylakeX && cpu.hasAVX2FMA)
        #expect(BLASKernelChoice.bestKernel(for: cpu) == "SkylakeX")
    }

    /// The library this test process runs (and every gradient check in it) uses the kernel the
    /// rules choose for this machine, unless OPENBLAS_CORETYPE or RECKON_BLAS_KERNEL says otherwise.
    @Test func thisProcessRunsTheChosenKernel() {
        let info = BLASRuntime.info
        #if os(Linux)
        #expect(info.library == "OpenBLAS")
        let setting = BLASKernelChoice.Setting(
            ProcessInfo.processInfo.environment[BLASRuntime.settingVariable] ?? "auto")
        let user = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"]
        if user == nil, setting == .automatic, let best = BLASKernelChoice.bestKernel(for: .current) {
            #expect(
                !BLASKernelChoice.isGeneric(info.kernel) || info.kernel.lowercased() == best.lowercased(),
                "running \(info.kernel) (\(info.selection)) on a CPU that runs \(best)")
        }
        if case .named(let kernel)? = setting, user == nil {
            #expect(info.kernel.lowercased() == kernel.lowercased(), "asked for \(kernel), running \(info.kernel)")
        }
        #endif
    }
}
