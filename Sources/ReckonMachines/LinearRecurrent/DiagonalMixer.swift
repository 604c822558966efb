import ReckonNN
import ReckonSupport
import ReckonTensor

/// `linear_rnn`'s layer, the ablation of the others to their diagonal recurrence: an
/// input-dependent transition a_t = σ(W_a x_t + b_a) (2σ − 1 for [−1, 1]), input b_t = W_b x_t,
/// h_t = a_t ⊙ h_{t−1} + b_t, and out(h_t ⊙ SiLU(W_g x_t)). No convolution, no state expansion,
/// no selection of B and C: what remains is the sign and size of the transition.
final class DiagonalMixer: Module, SequenceMixer {
    let transition: Linear
    let input: Linear
    let gate: Linear
    let outProjection: Linear
    let range: EigenvalueRange

    init(width: Int, stateWidth: Int, range: EigenvalueRange, rng: inout RandomGenerator) {
        self.range = range
        transition = Linear(width, stateWidth, rng: &rng)
        input = Linear(width, stateWidth, bias: false, rng: &rng)
        gate = Linear(width, stateWidth, bias: false, rng: &rng)
        outProjection = Linear(stateWidth, width, bias: false, rng: &rng)
        super.init()
    }

    func callAsFunction(_ x: Tensor, form: RecurrenceForm) -> Tensor {
        let a = range.diagonal(transition(x).sigmoid())
        let h = diagonalRecurrence(a, input(x), form: form)
        return outProjection(h * gate(x).silu())
    }
}
