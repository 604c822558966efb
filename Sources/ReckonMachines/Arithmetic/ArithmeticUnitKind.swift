import ReckonSupport
/// Which unit a layer of an arithmetic stack is (stable-nalu's `GeneralizedLayer` unit names).
public enum ArithmeticUnitKind: String, SettingChoice {
    /// Neural addition unit (stable-nalu `ReRegualizedLinearNAC`): W clipped to [-1, 1], sparsity-regularized.
    case nau
    /// Neural multiplication unit (`ReRegualizedLinearMNAC`): Π (W x + 1 − W), W clipped to [0, 1].
    case nmu
    /// Neural accumulator (Trask et al. 2018): W = tanh(Ŵ) ⊙ σ(M̂).
    case nac
    /// NAC• : a NAC in log space, exp(NAC(log(|x| + ε))) (the network's `nac_mul='normal'`).
    case nacMul = "nac_mul"
    /// Neural arithmetic logic unit: a gate between a NAC and the same NAC in log space.
    case nalu
    /// An affine layer, x·W + b (stable-nalu's `linear` basic layer).
    case linear
}
