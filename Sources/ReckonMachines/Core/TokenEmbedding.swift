import ReckonTensor

/// A machine that embeds its input tokens by a table: the Lab's Fourier analysis of a modular table
/// reads it (Nanda et al. 2023).
public protocol TokenEmbedding {
    /// [inputSize, width]: the row of each input token id.
    var tokenEmbedding: Tensor { get }
}
