import ReckonNN
import ReckonSupport
import ReckonTensor

/// The recurrent cell an ACT machine ponders with: the plain machines' Elman, LSTM or GRU cell,
/// fed [x_t ‖ first-step flag] at every intermediate step (Graves 2016 eq. 8: x^n = x + δ_{n,1},
/// the flag an extra input channel that is 1 at n = 1 and 0 afterwards).
public final class ACTCore: Module {
    /// Which cell runs inside.
    public enum Cell: String, Sendable { case rnn, lstm, gru }

    let elman: ElmanCell?
    let lstm: LSTM?
    let gru: GRU?
    public let hiddenSize: Int

    /// The recurrent state: `c` only for the LSTM.
    public struct State {
        public var h: Tensor
        public var c: Tensor?
    }

    /// Per-position inputs [B, ·] of the first intermediate step (flag 1) and of the later ones
    /// (flag 0); the Elman cell's already projected, so its ponder loop only multiplies h·W_h.
    public struct Inputs {
        let first: [Tensor]
        let later: [Tensor]
    }

    /// A cell for tape vectors of `inputWidth` (the flag adds one channel).
    public init(_ cell: Cell, inputWidth: Int, hiddenSize: Int, rng: inout RandomGenerator) {
        self.hiddenSize = hiddenSize
        let width = inputWidth + 1
        elman = cell == .rnn ? ElmanCell(inputSize: width, hiddenSize: hiddenSize, rng: &rng) : nil
        lstm = cell == .lstm ? LSTM(inputSize: width, hiddenSize: hiddenSize, rng: &rng) : nil
        gru = cell == .gru ? GRU(inputSize: width, hiddenSize: hiddenSize, rng: &rng) : nil
        super.init()
    }

    /// Zero state for a batch.
    public func initialState(batch: Int) -> State {
        State(h: Tensor.zeros([batch, hiddenSize]), c: lstm == nil ? nil : Tensor.zeros([batch, hiddenSize]))
    }

    /// The flagged inputs of every position of the tape x [B, L, D].
    public func prepare(_ x: Tensor) -> Inputs {
        let batch = x.shape[0]
        let steps = x.shape[1]
        let flagged = x.padded(axis: 2, before: 0, after: 1, value: 1)
        let unflagged = x.padded(axis: 2, before: 0, after: 1, value: 0)
        // One split op per tape: slicing per position would give each a backward pass the size of the tape.
        func perPosition(_ t: Tensor) -> [Tensor] {
            t.split(parts: steps, axis: 1).map { $0.reshaped([batch, t.shape[2]]) }
        }
        if let elman {
            return Inputs(first: perPosition(elman.project(flagged)), later: perPosition(elman.project(unflagged)))
        }
        return Inputs(first: perPosition(flagged), later: perPosition(unflagged))
    }

    /// One intermediate step from `state` with a prepared input.
    public func step(_ input: Tensor, state: State) -> State {
        if let elman { return State(h: elman.step(projected: input, h: state.h), c: nil) }
        if let lstm {
            let (h, c) = lstm.step(input, h: state.h, c: state.c!)
            return State(h: h, c: c)
        }
        return State(h: gru!.step(input, h: state.h), c: nil)
    }
}
