import ReckonSupport

/// How a decimal arithmetic example is written: the formats the length-generalization
/// literature compares (Lee et al. 2023, Zhou et al. 2023, Shen et al. 2023).
public enum DecimalFormat: String, SettingChoice {
    /// `1 2 3 + 4 5 =` → `1 6 8 $`.
    case plain
    /// The answer least-significant digit first: `1 2 3 + 4 5 =` → `8 6 1 $`.
    case reversed
    /// Zhou et al.'s index hints: every digit follows a marker of its place value,
    /// `h2 1 h1 2 h0 3 + h1 4 h0 5 =` → `h2 1 h1 6 h0 8 $`.
    case indexHints = "index_hints"
    /// Lee et al.'s step-by-step scratchpad before the plain answer (see `DecimalArithmetic`).
    case scratchpad
}
