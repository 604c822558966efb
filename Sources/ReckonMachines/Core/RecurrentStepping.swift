import ReckonTensor

/// A machine whose whole memory between tape steps is one fixed-size vector, stepped one tape
/// position at a time: what automaton extraction needs (Weiss et al. 2018's network interface:
/// get_first_RState, get_next_RState and classify_word).
public protocol RecurrentStepping: Machine {
    /// Width of the state vector (h, or h ‖ c for the LSTM).
    var stateWidth: Int { get }
    /// The state before any input, [B, S].
    func initialState(batch: Int) -> Tensor
    /// The state after reading tape vectors `x` [B, D] from `state` [B, S].
    func next(_ state: Tensor, reading x: Tensor) -> Tensor
    /// The logits [B, O] the machine emits at `state` (its head on the hidden part).
    func emission(_ state: Tensor) -> Tensor
}
