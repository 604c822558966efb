import ReckonSupport

/// How many loop iterations `fan_addition` asks of a looped model for n-bit operands.
///
/// Fan et al.'s released code (`train.py`, `test_func.py` at commit 33650c3) trains addition with
/// T(n) = n: the final carry is emitted at the `=` position, which needs no extra step. The
/// paper's n-RASP-L program for addition (its appendix listing, as summaries of the paper quote
/// it; the table itself could not be read) takes n + 1 steps.
public enum FanAdditionIterations: String, SettingChoice {
    /// T(n) = n, the released code's choice.
    case n
    /// T(n) = n + 1, the paper's n-RASP-L construction.
    case nPlusOne = "n_plus_1"
}
