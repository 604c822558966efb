/// Every differentiable function the engine exports. A function that records a
/// gradient node must name its case here, and the gradient-check test enumerates
/// `allCases`: an op added without a check fails that test.
public enum OpName: String, CaseIterable, Sendable {
    // Elementwise arithmetic (broadcasting).
    case add, subtract, multiply, divide, maximum, minimum
    // Elementwise unary.
    case negate, exp, log, tanh, sigmoid, relu, gelu, softplus, sqrt, abs, power, clamp
    // Reductions and normalizers.
    case sum, mean, max, logSumExp, softmax, logSoftmax, cumulativeSum, cumulativeProduct
    // Linear algebra.
    case matmul, outer, circularConvolution
    // Shape and layout.
    case reshape, permute, transpose, broadcast, concat, stack, split, slice, pad
    // Indexing.
    case gather, indexSelect, embedding, oneHot, select
    // Layers, losses and fused cells.
    case layerNorm, softmaxCrossEntropy, binaryCrossEntropyWithLogits, lstmCell, gruCell, lstmSequence
    // Memory updates of the stack and tape machines (checked in StackOpGradientTests.swift).
    case mixRows
    // Fused scaled dot-product attention of the transformers (checked in AttentionOpGradientTests.swift).
    case attention
    // Linear recurrences of the state-tracking machines: the diagonal scan (Mamba, linear_rnn) and
    // the triangular solve of the delta rule's chunked form.
    case linearRecurrence, unitLowerTriangularSolve
}
