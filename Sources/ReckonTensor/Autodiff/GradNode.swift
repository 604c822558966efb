/// One recorded op (or one leaf) in a define-by-run gradient graph.
///
/// There is no global tape: each tensor that needs gradients points at the node that
/// made it, and the node points at its inputs' nodes. Two models training in one
/// process build two unrelated graphs, and a graph is freed with its last tensor.
final class GradNode {
    /// The op that produced this node; nil for a leaf.
    let op: OpName?
    /// The producing node and output index of each input; nil for inputs without gradients.
    let inputs: [(node: GradNode, index: Int)?]
    /// Shapes of the outputs (used to make zero gradients for unreached outputs).
    let outputShapes: [[Int]]
    /// Given the gradient of every output, returns the gradient of every input
    /// (nil where `needs` is false or the input is not differentiable).
    var backward: ((_ outputGrads: [Tensor], _ needs: [Bool]) -> [Tensor?])?

    init(leafShape: [Int]) {
        op = nil
        inputs = []
        outputShapes = [leafShape]
        backward = nil
    }

    init(
        op: OpName, inputs: [(node: GradNode, index: Int)?], outputShapes: [[Int]],
        backward: @escaping ([Tensor], [Bool]) -> [Tensor?]
    ) {
        self.op = op
        self.inputs = inputs
        self.outputShapes = outputShapes
        self.backward = backward
    }
}

extension Tensor {
    /// Attaches a gradient node to freshly computed outputs when any input needs
    /// gradients; otherwise returns the outputs untouched (no tape work).
    static func record(
        _ op: OpName, inputs: [Tensor], outputs: [Tensor],
        backward: @escaping (_ outputGrads: [Tensor], _ needs: [Bool]) -> [Tensor?]
    ) -> [Tensor] {
        guard inputs.contains(where: { $0.node != nil }) else { return outputs }
        let links: [(node: GradNode, index: Int)?] = inputs.map { t in t.node.map { ($0, t.outputIndex) } }
        let node = GradNode(op: op, inputs: links, outputShapes: outputs.map(\.shape), backward: backward)
        return outputs.enumerated().map { i, out in
            var o = out
            o.node = node
            o.outputIndex = i
            return o
        }
    }

    /// Single-output form of `record`.
    static func record(
        _ op: OpName, inputs: [Tensor], output: Tensor,
        backward: @escaping (_ grad: Tensor, _ needs: [Bool]) -> [Tensor?]
    ) -> Tensor {
        record(op, inputs: inputs, outputs: [output]) { grads, needs in backward(grads[0], needs) }[0]
    }
}
