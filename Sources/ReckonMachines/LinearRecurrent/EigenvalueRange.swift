import ReckonSupport
import ReckonTensor

/// Where the eigenvalues of a linear recurrence's state transition may lie (Grazzi et al. 2025,
/// "Unlocking State-Tracking in Linear RNNs Through Negative Eigenvalues"): [0, 1] as the models
/// were published, or [−1, 1], which lets one layer count modulo 2.
public enum EigenvalueRange: String, SettingChoice {
    /// [0, 1], as published.
    case zeroToOne = "0_1"
    /// [−1, 1], Grazzi et al.'s extension.
    case minusOneToOne = "minus1_1"

    /// A diagonal transition from one in (0, 1]: unchanged for [0, 1], 2·a − 1 for [−1, 1]
    /// (their Mamba: `deltaA * 2 - 1` in mamba_mod.py's selective scan).
    func diagonal(_ a: Tensor) -> Tensor {
        self == .zeroToOne ? a : 2 * a - 1
    }

    /// The delta rule's β from its logit: σ for [0, 1], 2·σ for [−1, 1] (their `sigmoid_scale`
    /// 1.0 or 2.0 in parity_delta_net.yaml and parity_delta_net_2.yaml). The transition
    /// I − β·k·kᵀ with a unit key has eigenvalues 1 and 1 − β.
    func beta(_ logit: Tensor) -> Tensor {
        self == .zeroToOne ? logit.sigmoid() : 2 * logit.sigmoid()
    }
}

/// Which of a linear recurrence's two equivalent forms computes it.
public enum RecurrenceForm: String, SettingChoice {
    /// The whole sequence at once: one scan op for diagonal transitions, the chunked WY form
    /// (matrix products within chunks, a recurrence across them) for the delta rule.
    case parallel
    /// One time step after another, as the recurrence is written (and as a model streams).
    case recurrent
}
