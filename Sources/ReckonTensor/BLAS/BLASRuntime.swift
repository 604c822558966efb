import CReckonBLAS
import Foundation

/// Which BLAS runs, and how it was chosen: recorded in summaries and printed by benchmarks,
/// so that a run's speed can be explained later.
public struct BLASInfo: Codable, Equatable, Sendable {
    /// `OpenBLAS` or `Accelerate`.
    public var library: String
    /// The library's version where it says (`0.3.21`), else `unknown`.
    public var version: String
    /// The kernel actually running (OpenBLAS's core name), or `unknown`.
    public var kernel: String
    /// Threads one matrix product uses (Reckon splits products; the library itself runs one).
    public var threads: Int
    /// The CPU's model name.
    public var cpu: String
    /// How the kernel came about: `library default`, `OPENBLAS_CORETYPE=...`, `selected: ...`.
    public var selection: String

    /// Whether the running kernel is a generic fallback although this CPU could run a better one.
    public var isSlowerThanCPUAllows: Bool {
        library == "OpenBLAS" && BLASKernelChoice.isGeneric(kernel) && BLASKernelChoice.bestKernel(for: .current) != nil
    }
}

/// Opens the BLAS library once, at the first matrix product, after choosing its kernel.
///
/// The kernel must be chosen before OpenBLAS initializes: it reads OPENBLAS_CORETYPE in its
/// constructor. So Reckon does not link OpenBLAS; it opens it with dlopen here. When the
/// choice depends on what the library would pick by itself, a forked child opens it first
/// and reports its kernel (a few milliseconds), and this process opens it with the right
/// OPENBLAS_CORETYPE. The same path serves the `reckon` binary and the test suite.
public enum BLASRuntime {
    /// The NUL-terminated text a C function wrote into `buffer`.
    static func string(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The environment variable holding Reckon's kernel setting (`auto`, `default` or a name);
    /// `--blas-kernel` sets it.
    public static let settingVariable = "RECKON_BLAS_KERNEL"
    /// The environment variable naming another library file to open (e.g. a BLIS or an MKL build).
    public static let libraryVariable = "RECKON_BLAS_LIBRARY"

    /// The library's description; opening it on first use.
    public static var info: BLASInfo { loaded }

    /// Whether the library has been opened (benchmarks and tests only).
    public static var isLoaded: Bool { state.withLock { $0 } }

    /// Sets Reckon's kernel setting for this process and its children; must run before the
    /// first matrix product. Returns false when the name is not a known kernel.
    public static func request(_ text: String) -> Bool {
        guard BLASKernelChoice.Setting(text) != nil else { return false }
        setenv(settingVariable, text, 1)
        return true
    }

    private static let state = LockedFlag()

    static let loaded: BLASInfo = {
        let info = open()
        state.withLock { $0 = true }
        return info
    }()

    private static func open() -> BLASInfo {
        #if canImport(Darwin)
        return BLASInfo(library: "Accelerate", version: "system", kernel: "unknown", threads: 1,
                        cpu: CPUFeatures.current.modelName, selection: "library default")
        #else
        let env = ProcessInfo.processInfo.environment
        let cpu = CPUFeatures.current
        let userCoreType = env["OPENBLAS_CORETYPE"].flatMap { $0.isEmpty ? nil : $0 }
        let settingText = env[settingVariable] ?? "auto"
        guard let setting = BLASKernelChoice.Setting(settingText) else {
            fail("\(settingVariable)=\(settingText) is not a kernel; valid: auto, default, "
                 + BLASKernelChoice.kernelNames.joined(separator: ", "))
        }
        // The SONAME every OpenBLAS runtime package installs (Debian: libopenblas0).
        let path = env[libraryVariable] ?? "libopenblas.so.0"
        var libraryKernel: String? = nil
        if BLASKernelChoice.needsLibraryKernel(cpu: cpu, userCoreType: userCoreType, setting: setting) {
            var buffer = [CChar](repeating: 0, count: 128)
            if reckon_blas_probe_kernel(path, &buffer, Int32(buffer.count)) == 0 {
                libraryKernel = Self.string(buffer)
            }
        }
        let decision = BLASKernelChoice.decide(cpu: cpu, libraryKernel: libraryKernel, userCoreType: userCoreType,
                                               setting: setting)
        var selection = userCoreType.map { "OPENBLAS_CORETYPE=\($0)" } ?? "library default"
        if case .force(let kernel, let reason) = decision {
            setenv("OPENBLAS_CORETYPE", kernel, 1)
            selection = "selected \(kernel): \(reason)"
        }
        // One thread inside the library: BLAS.sgemm splits products over the cores itself.
        let userThreads = env["OPENBLAS_NUM_THREADS"]
        setenv("OPENBLAS_NUM_THREADS", "1", 1)
        var error = [CChar](repeating: 0, count: 512)
        let opened = reckon_blas_open(path, &error, Int32(error.count))
        if let userThreads { setenv("OPENBLAS_NUM_THREADS", userThreads, 1) } else { unsetenv("OPENBLAS_NUM_THREADS") }
        // Children (sweep jobs, tests' subprocesses) decide for themselves again.
        if case .force = decision { unsetenv("OPENBLAS_CORETYPE") }
        guard opened == 0 else {
            fail("cannot open BLAS (\(Self.string(error))); install OpenBLAS (apt-get install libopenblas0) "
                 + "or set \(libraryVariable) to a CBLAS library")
        }
        let config = reckon_blas_config().map { String(cString: $0) } ?? ""
        let kernel = reckon_blas_kernel().map { String(cString: $0) } ?? "unknown"
        let isOpenBLAS = config.hasPrefix("OpenBLAS") || reckon_blas_kernel() != nil
        let version = config.split(separator: " ").dropFirst().first.map(String.init) ?? "unknown"
        return BLASInfo(library: isOpenBLAS ? "OpenBLAS" : (path as NSString).lastPathComponent,
                        version: isOpenBLAS ? version : "unknown", kernel: kernel,
                        threads: Parallel.workers, cpu: cpu.modelName, selection: selection)
        #endif
    }

    /// BLAS is missing or misconfigured: nothing can be computed, so say why and stop (exit 2).
    private static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        exit(2)
    }
}

/// A Bool behind a lock (Swift 6: shared mutable state must say how it is protected).
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func withLock<R>(_ body: (inout Bool) -> R) -> R { lock.lock(); defer { lock.unlock() }; return body(&value) }
}
