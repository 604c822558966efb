import ArgumentParser
import ReckonLab
import ReckonTensor

/// `--blas-kernel`, shared by every command that computes.
struct BLASOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "OpenBLAS kernel: auto (replace a generic fallback with the best kernel this CPU runs), default "
                + "(the library's own choice) or a kernel name such as SkylakeX or Haswell. OPENBLAS_CORETYPE, when "
                + "set, wins.",
            valueName: "name"))
    var blasKernel: String?

    /// Records the setting before the first matrix product opens the library.
    func apply() throws {
        guard let blasKernel else { return }
        try userErrors {
            guard BLASRuntime.request(blasKernel) else {
                throw LabError.invalidOption(
                    "--blas-kernel '\(blasKernel)' is not a kernel; valid: auto, default, "
                        + BLASKernelChoice.kernelNames.joined(separator: ", "))
            }
        }
    }
}
