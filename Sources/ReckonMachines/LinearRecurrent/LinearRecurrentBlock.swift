import ReckonNN
import ReckonSupport
import ReckonTensor

/// One pre-norm residual block: x + mixer(RMSNorm(x)), then (fla's DeltaNet blocks) x + MLP(RMSNorm(x)).
final class LinearRecurrentBlock: Module {
    let mixerNorm: RMSNorm
    let mixer: any SequenceMixer
    let mlpNorm: RMSNorm?
    let mlp: GatedMLP?

    init(width: Int, mixer: any SequenceMixer, mlpHidden: Int?, rng: inout RandomGenerator) {
        mixerNorm = RMSNorm(width)
        self.mixer = mixer
        mlpNorm = mlpHidden.map { _ in RMSNorm(width) }
        mlp = mlpHidden.map { GatedMLP(width: width, hidden: $0, rng: &rng) }
        super.init()
    }

    func callAsFunction(_ x: Tensor, form: RecurrenceForm) -> Tensor {
        var h = x + mixer(mixerNorm(x), form: form)
        if let mlp, let mlpNorm { h = h + mlp(mlpNorm(h)) }
        return h
    }
}
