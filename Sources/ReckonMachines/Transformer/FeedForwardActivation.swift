import ReckonSupport

/// The feed-forward block's nonlinearity: ReLU (the Chomsky reference's transformers) or GELU's
/// tanh approximation (GPT-2's `gelu_new`, which Fan et al. 2025's looped blocks use).
public enum FeedForwardActivation: String, SettingChoice {
    case relu, gelu
}
