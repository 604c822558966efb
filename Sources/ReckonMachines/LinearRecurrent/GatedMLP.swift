import ReckonNN
import ReckonSupport
import ReckonTensor

/// fla's `DeltaNetMLP`: down(SiLU(gate(x)) ⊙ up(x)).
final class GatedMLP: Module {
    let gateAndUp: Linear
    let down: Linear

    init(width: Int, hidden: Int, rng: inout RandomGenerator) {
        gateAndUp = Linear(width, 2 * hidden, bias: false, weightInit: .normal(std: 0.02), rng: &rng)
        down = Linear(hidden, width, bias: false, weightInit: .normal(std: 0.02), rng: &rng)
        super.init()
    }

    /// fla's default `intermediate_size`: the multiple of 256 at or above 2/3 · 4 · D (512 for D = 128).
    static func defaultHidden(_ width: Int) -> Int { 256 * ((width * 4 * 2 / 3 + 255) / 256) }

    func callAsFunction(_ x: Tensor) -> Tensor {
        let parts = gateAndUp(x).split(parts: 2, axis: -1)
        return down(parts[0].silu() * parts[1])
    }
}
