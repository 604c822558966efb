import ReckonNN
import ReckonTensor

/// The time-mixing layer of a linear recurrent block: [B, T, D] → [B, T, D], causal.
protocol SequenceMixer: Module {
    func callAsFunction(_ x: Tensor, form: RecurrenceForm) -> Tensor
}

/// h_t = a_t ⊙ h_{t−1} + b_t along axis 1 of [B, T, …], in either form.
func diagonalRecurrence(_ a: Tensor, _ b: Tensor, form: RecurrenceForm) -> Tensor {
    switch form {
    case .parallel:
        return linearRecurrence(a, b, axis: 1)
    case .recurrent:
        let steps = a.shape[1]
        let lanes = Array(a.shape.dropFirst(2))
        let batch = a.shape[0]
        let transitions = a.split(parts: steps, axis: 1)
        let inputs = b.split(parts: steps, axis: 1)
        var state = Tensor.zeros([batch, 1] + lanes)
        var states: [Tensor] = []
        states.reserveCapacity(steps)
        for t in 0..<steps {
            state = transitions[t] * state + inputs[t]
            states.append(state)
        }
        return concat(states, axis: 1)
    }
}
