import ReckonNN
import ReckonSupport
import ReckonTensor

/// The inner core of the stack and tape machines (the reference's `inner_core`): Haiku's
/// VanillaRNN or LSTM, fed `[x_t ‖ memory read]` at every step.
public final class MemoryController: Module {
    /// Which Haiku core runs inside.
    public enum Kind: String, Sendable { case elman, lstm }

    let elman: ElmanCell?
    let lstm: LSTM?
    public let inputWidth: Int, readWidth: Int, hiddenSize: Int

    /// The recurrent state: `c` only for the LSTM.
    public struct State {
        public var h: Tensor
        public var c: Tensor?
    }

    /// Per-forward work done once for the whole tape instead of once per step.
    public struct Prepared {
        /// Elman: x_t·W_ih[x rows] + b_ih + b_hh, [B, H] per step. LSTM: x_t, [B, D] per step.
        let inputs: [Tensor]
        /// Elman only: [W_ih[read rows]; W_hh], so one matmul of [read ‖ h] does both products.
        let readAndRecurrentWeight: Tensor?
    }

    public init(_ kind: Kind, inputWidth: Int, readWidth: Int, hiddenSize: Int, rng: inout RandomGenerator) {
        self.inputWidth = inputWidth
        self.readWidth = readWidth
        self.hiddenSize = hiddenSize
        // One weight over [x ‖ read], as Haiku sees one input vector (same fan-in, same init).
        switch kind {
        case .elman:
            elman = ElmanCell(inputSize: inputWidth + readWidth, hiddenSize: hiddenSize, rng: &rng)
            lstm = nil
        case .lstm:
            elman = nil
            lstm = LSTM(inputSize: inputWidth + readWidth, hiddenSize: hiddenSize, rng: &rng)
        }
        super.init()
    }

    public var kind: Kind { lstm == nil ? .elman : .lstm }

    /// Zero state for a batch.
    public func initialState(batch: Int) -> State {
        State(h: Tensor.zeros([batch, hiddenSize]), c: lstm == nil ? nil : Tensor.zeros([batch, hiddenSize]))
    }

    /// Splits the tape [B, L, D] into per-step inputs, projecting them first for the Elman core.
    public func prepare(_ x: Tensor) -> Prepared {
        let batch = x.shape[0]
        let steps = x.shape[1]
        if let cell = elman {
            let w = cell.inputToHidden.weight
            let xWeight = w.slice(axis: 0, 0..<inputWidth)
            var projected = matmul(x.reshaped([batch * steps, inputWidth]), xWeight)
            projected = projected + (cell.inputToHidden.bias!.wrappedValue + cell.hiddenToHidden.bias!.wrappedValue)
            let perStep = projected.reshaped([batch, steps, hiddenSize]).split(parts: steps, axis: 1)
            let joint = concat(
                [w.slice(axis: 0, inputWidth..<(inputWidth + readWidth)), cell.hiddenToHidden.weight], axis: 0)
            return Prepared(inputs: perStep.map { $0.reshaped([batch, hiddenSize]) }, readAndRecurrentWeight: joint)
        }
        let perStep = x.split(parts: steps, axis: 1).map { $0.reshaped([batch, inputWidth]) }
        return Prepared(inputs: perStep, readAndRecurrentWeight: nil)
    }

    /// One core step at time `t` with the memory read `read` [B, readWidth].
    public func step(_ t: Int, read: Tensor, state: State, prepared: Prepared) -> State {
        if let joint = prepared.readAndRecurrentWeight {
            let h = (prepared.inputs[t] + matmul(concat([read, state.h], axis: 1), joint)).tanh()
            return State(h: h, c: nil)
        }
        let (h, c) = lstm!.step(concat([prepared.inputs[t], read], axis: 1), h: state.h, c: state.c!)
        return State(h: h, c: c)
    }
}
