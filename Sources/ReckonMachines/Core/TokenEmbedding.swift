import ReckonTensor

/// A machine that looks each input token up in one learned table: the grokking literature reads
/// the algorithm off that table (Nanda et al. 2023's Fourier analysis of W_E), so the Lab asks
/// for it by this protocol instead of by a parameter's name.
public protocol TokenEmbedding {
    /// The table [inputSize, width]: row t is the vector of input token t.
    var tokenEmbedding: Tensor { get }
}
