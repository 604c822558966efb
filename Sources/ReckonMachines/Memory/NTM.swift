import ReckonNN
import ReckonSupport
import ReckonTensor

/// `ntm`: a Neural Turing Machine (Graves et al. 2014) with an LSTM controller, one read head
/// and one write head, laid out as `loudinthecloud/pytorch-ntm` (the public copy-task setup).
///
/// Per step t, with controller input [x_t ‖ r_{t−1}]:
///
///     (h_t, c_t) = LSTM([x_t ‖ r_{t−1}], h_{t−1}, c_{t−1})
///     each head: [k, β̂, ĝ, ŝ, γ̂] = W h_t + b          (write head also ê, â)
///         β = softplus(β̂), g = σ(ĝ), s = softmax(ŝ) over S shifts, γ = 1 + softplus(γ̂)
///         w_c = softmax(β · cos(k, M_{t−1}[i]))          content focus
///         w_g = g w_c + (1 − g) w_{t−1}                   interpolation
///         w̃ = w_g ⊛ s                                    circular shift (offsets −1, 0, +1)
///         w = w̃^γ / Σ w̃^γ                                sharpening
///     read:  r_t = Σ_i w^r[i] M_{t−1}[i]              (read before the write, as pytorch-ntm)
///     write: M_t = M_{t−1} ⊙ (1 − w^w eᵀ) + w^w aᵀ,  e = σ(ê), a = tanh(â)
///     logits_t = V [h_t ‖ r_t] + v                       (sigmoid in the loss for bit tasks)
///
/// Defaults (pytorch-ntm copy task): 128 × 20 memory, 100 LSTM units, shift window 3.
/// Initial state: M_0 is a fixed (not trained) matrix drawn uniform in ±1/√(N+M) as
/// pytorch-ntm's `mem_bias`, or with `memory_init=constant` every entry 10⁻⁶ (Collier & Beel
/// 2018, "Implementing Neural Turing Machines", found constant initialization learns copy
/// faster and more reliably); r_0 is learned (init N(0, 0.01²)); w_0 = 0 for both heads;
/// h_0 = c_0 = 0 (pytorch-ntm learns h_0, c_0). With `initial_weighting=learned`, w_0 =
/// softmax(v) per head with v learned (Collier & Beel's learned initialization): with a
/// constant M_0 content addressing cannot single out a row, so a focus must come from w_0. Differences from
/// pytorch-ntm: β and γ use
/// softplus (the brief/paper's positivity) instead of ReLU, the key is linear instead of ReLU,
/// e = σ, a = tanh (pytorch-ntm: ReLU both), and layers use Reckon's LeCun-normal init.
public final class NTM: Module, Machine {
    public let computationStepsMultiplier: Int
    public let memoryRows: Int, memoryWidth: Int, shiftWidth: Int
    let controller: LSTM
    let readHead: Linear
    let writeHead: Linear
    let output: Linear
    @Parameter var initialRead: Tensor
    /// M_0, a constant (pytorch-ntm's registered buffer), so not a parameter.
    let initialMemory: Tensor
    /// Learned w_0 for the read and write heads (`initial_weighting=learned`); nil means w_0 = 0.
    let initialWeighting: InitialWeighting?

    /// M_0: pytorch-ntm's random matrix or Collier & Beel's constant.
    public enum MemoryInit: String, SettingChoice { case random, constant }
    /// w_0 of both heads: zero (pytorch-ntm) or learned (Collier & Beel).
    public enum InitialWeightingKind: String, SettingChoice { case zero, learned }

    /// The settings of `ntm`.
    public struct Config: MachineConfig {
        @Setting("controller_size", "LSTM controller units", minimum: 1) public var controllerSize = 100
        @Setting("memory_size", "memory rows N", minimum: 1) public var rows = 128
        @Setting("memory_width", "memory row width M", minimum: 1) public var width = 20
        @Setting("shift_width", "circular shift window (odd; offsets -(S-1)/2 ... (S-1)/2)", minimum: 1)
        public var shiftWidth = 3
        @Setting(
            "memory_init",
            "M_0: random (uniform +-1/sqrt(N+M), pytorch-ntm) or constant (1e-6 everywhere, Collier & Beel 2018)")
        public var memoryInit = MemoryInit.random
        @Setting(
            "initial_weighting",
            "w_0 of both heads: zero (pytorch-ntm) or learned (softmax of learned logits, Collier & Beel 2018)")
        public var initialWeighting = InitialWeightingKind.zero
        public var readout = ReadoutSettings()

        public init() {}

        public func problem() -> String? {
            if shiftWidth % 2 == 0 {
                return "shift_width must be odd (offsets -(S-1)/2 ... (S-1)/2), got \(shiftWidth)"
            }
            if shiftWidth > rows { return "shift_width (\(shiftWidth)) must not exceed memory_size (\(rows))" }
            return nil
        }
    }

    public static let spec = MachineSpec(
        name: "ntm", summary: "Neural Turing Machine: LSTM controller, N x M memory, one read and one write head",
        config: Config.self, footprint: { MachineFootprint.ntm($0, $1) }
    ) { config, i, o, rng in
        NTM(inputSize: i, outputSize: o, config: config, rng: &rng)
    }

    public init(inputSize: Int, outputSize: Int, config: Config, rng: inout RandomGenerator) {
        computationStepsMultiplier = config.readout.computationSteps
        memoryRows = config.rows
        memoryWidth = config.width
        shiftWidth = config.shiftWidth
        let width = Readout.tapeWidth(inputSize: inputSize, computationStepsMultiplier: computationStepsMultiplier)
        let hidden = config.controllerSize
        controller = LSTM(inputSize: width + memoryWidth, hiddenSize: hidden, rng: &rng)
        readHead = Linear(hidden, memoryWidth + 3 + shiftWidth, rng: &rng)
        writeHead = Linear(hidden, 3 * memoryWidth + 3 + shiftWidth, rng: &rng)
        output = Linear(hidden + memoryWidth, outputSize, rng: &rng)
        _initialRead = Parameter(wrappedValue: Tensor.normal([memoryWidth], std: 0.01, rng: &rng))
        let bound = 1 / Float(memoryRows + memoryWidth).squareRoot()
        let random = Tensor.uniform([memoryRows, memoryWidth], low: -bound, high: bound, rng: &rng)
        // Drawn either way, so the other parameters' initial values do not depend on the choice.
        initialMemory = config.memoryInit == .constant ? Tensor.full([memoryRows, memoryWidth], 1e-6) : random
        initialWeighting = config.initialWeighting == .learned ? InitialWeighting(rows: memoryRows, rng: &rng) : nil
        super.init()
    }

    /// Address parameters of a head from its linear output: key, β, g, s, γ (and the rest).
    func address(_ o: Tensor, memory: Tensor, previous: Tensor) -> (w: Tensor, rest: Tensor?) {
        let m = memoryWidth
        let total = o.shape[1]
        var sizes = [m, 1, 1, shiftWidth, 1]
        if total > m + 3 + shiftWidth { sizes.append(total - (m + 3 + shiftWidth)) }
        let parts = o.split(sizes: sizes, axis: 1)
        let w = NTMAddressing.address(
            memory: memory, key: parts[0], strength: parts[1].softplus(),
            gate: parts[2].sigmoid(), shift: parts[3].softmax(axis: 1),
            gamma: 1 + parts[4].softplus(), previous: previous)
        return (w, sizes.count > 5 ? parts[5] : nil)
    }

    public func forward(_ x: Tensor, inputLength: Int, context: inout ForwardContext) -> Tensor {
        let batch = x.shape[0]
        let steps = x.shape[1]
        let n = memoryRows
        let m = memoryWidth
        let inputs = x.split(parts: steps, axis: 1)
        var memory = initialMemory.expandingDims(at: 0).broadcast(to: [batch, n, m])
        var read = initialRead.expandingDims(at: 0).broadcast(to: [batch, m])
        var h = Tensor.zeros([batch, controller.hiddenSize])
        var c = h
        var readWeights = Tensor.zeros([batch, n])
        var writeWeights = Tensor.zeros([batch, n])
        if let initialWeighting {
            let w0 = initialWeighting.logits.softmax(axis: 1).split(parts: 2, axis: 0)
            readWeights = w0[0].broadcast(to: [batch, n])
            writeWeights = w0[1].broadcast(to: [batch, n])
        }
        var outs: [Tensor] = []
        outs.reserveCapacity(steps)
        for t in 0..<steps {
            let xt = inputs[t].reshaped([batch, x.shape[2]])
            (h, c) = controller.step(concat([xt, read], axis: 1), h: h, c: c)
            readWeights = address(readHead(h), memory: memory, previous: readWeights).w
            read = NTMAddressing.read(memory: memory, weighting: readWeights)
            let (w, rest) = address(writeHead(h), memory: memory, previous: writeWeights)
            writeWeights = w
            let ea = rest!.split(sizes: [m, m], axis: 1)
            memory = NTMAddressing.write(memory: memory, weighting: w, erase: ea[0].sigmoid(), add: ea[1].tanh())
            outs.append(concat([h, read], axis: 1))
            if let trace = context.trace {
                let slots = (0..<n).map { "slot \($0)" }
                trace.append(TraceName.hidden, .state, step: h)
                trace.append(TraceName.readWeights, .weights, labels: slots, step: readWeights)
                trace.append(TraceName.writeWeights, .weights, labels: slots, step: writeWeights)
            }
        }
        return output(stack(outs, axis: 1))
    }
}

/// Learned initial weightings of the NTM's read and write heads: w_0 = softmax(logits[head]).
/// Logits start uniform in ±√(6 / (1 + N)) (a Glorot-initialized row, as Collier & Beel).
final class InitialWeighting: Module {
    @Parameter var logits: Tensor

    init(rows: Int, rng: inout RandomGenerator) {
        let bound = (6 / Float(1 + rows)).squareRoot()
        _logits = Parameter(wrappedValue: Tensor.uniform([2, rows], low: -bound, high: bound, rng: &rng))
        super.init()
    }
}
