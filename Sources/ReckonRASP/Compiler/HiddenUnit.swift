/// One hidden unit of a compiled MLP: ReLU(Σ input weights · residual) times its output weights,
/// added to the residual. Weights are sparse lists of (residual direction, weight).
struct HiddenUnit {
    var input: [(Int, Double)]
    var output: [(Int, Double)]
}
