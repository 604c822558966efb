import ReckonSupport

/// How BrainPhoque programs are drawn: uniformly, one instruction at a time, or from the
/// order-2 Markov model of instructions that Grau-Moya et al. ship (`data/ctx2_filtered07.pyd`,
/// the reference's `MCSampler`), whose counts this file holds.
public enum BrainPhoqueSampler: String, SettingChoice {
    /// Each instruction uniform among `+ - > < [ ] .` (and `,` when enabled), as the reference's
    /// `sample_program` and `FastSampler`.
    case uniform
    /// Each instruction from the Markov model given the last two of the program (KT-smoothed
    /// counts, alpha 1/2; uniform over its eight tokens in a context it never saw).
    case markov

    /// The next instruction after `program`.
    func next(
        after program: [BrainPhoque.Instruction], input: Bool, rng: inout RandomGenerator
    )
        -> BrainPhoque.Instruction
    {
        switch self {
        case .uniform:
            let tokens = Self.uniformTokens
            return tokens[rng.nextInt(below: tokens.count - (input ? 0 : 1))]
        case .markov:
            let context = String(program.suffix(2).map(\.rawValue))
            guard let p = Self.distributions[context] else {
                return Self.markovTokens[rng.nextInt(below: Self.markovTokens.count)]
            }
            return Self.markovTokens[rng.index(weights: p)]
        }
    }

    /// `+ - > < [ ] .` then `,`, the reference's `program_tokens` order.
    static let uniformTokens: [BrainPhoque.Instruction] = [
        .increment, .decrement, .right, .left, .open, .close, .print, .read,
    ]

    /// The Markov model's tokens, in the order of its counts: `< > + - [ ] { .`.
    static let markovTokens: [BrainPhoque.Instruction] = "<>+-[]{.".map { BrainPhoque.Instruction(rawValue: $0)! }

    /// Next-instruction distributions by context (the last two instructions, fewer at the start):
    /// (count + 1/2) / (total + 4), the reference's normalization with alpha = 1/2.
    static let distributions: [String: [Double]] = counts.mapValues { c in
        let total = Double(c.reduce(0, +)) + 0.5 * Double(c.count)
        return c.map { (Double($0) + 0.5) / total }
    }

    /// Instruction counts after each context, from the reference's ctx2_filtered07.pyd.
    static let counts: [String: [Int]] = [
        "": [193, 191, 192, 201, 0, 0, 0, 223],
        "+": [43, 46, 36, 0, 22, 0, 0, 45],
        "-": [29, 54, 0, 43, 26, 0, 0, 49],
        ".": [39, 48, 47, 37, 0, 0, 0, 52],
        "<": [44, 0, 53, 45, 0, 0, 0, 51],
        ">": [0, 34, 32, 50, 0, 0, 0, 75],
        "++": [242, 225, 214, 0, 197, 77, 2, 331],
        "+.": [327, 276, 295, 276, 233, 169, 10, 543],
        "+<": [253, 0, 258, 269, 68, 127, 7, 410],
        "+>": [0, 249, 251, 233, 64, 117, 12, 379],
        "+[": [166, 143, 150, 150, 129, 0, 0, 287],
        "+]": [44, 61, 60, 57, 7, 37, 0, 89],
        "+{": [8, 6, 13, 8, 0, 4, 0, 17],
        "--": [231, 238, 0, 231, 193, 91, 5, 363],
        "-.": [304, 334, 289, 294, 237, 193, 11, 526],
        "-<": [229, 0, 279, 257, 87, 103, 9, 400],
        "->": [0, 261, 244, 267, 57, 106, 6, 391],
        "-[": [159, 129, 141, 150, 137, 0, 0, 273],
        "-]": [69, 72, 72, 73, 4, 24, 0, 80],
        "-{": [9, 11, 6, 4, 0, 2, 0, 10],
        ".+": [393, 369, 369, 0, 248, 192, 22, 674],
        ".-": [371, 373, 0, 374, 249, 203, 7, 651],
        "..": [518, 568, 593, 556, 206, 386, 16, 827],
        ".<": [384, 0, 399, 374, 104, 224, 11, 657],
        ".>": [0, 377, 409, 418, 98, 266, 15, 703],
        ".[": [140, 150, 135, 157, 117, 0, 0, 267],
        ".]": [165, 183, 173, 166, 7, 83, 0, 281],
        ".{": [8, 7, 13, 12, 0, 3, 0, 21],
        "<+": [265, 262, 224, 0, 225, 57, 6, 376],
        "<-": [283, 215, 0, 250, 173, 79, 10, 363],
        "<.": [327, 355, 332, 348, 66, 247, 12, 609],
        "<<": [236, 0, 253, 251, 50, 122, 12, 408],
        "<[": [53, 57, 60, 61, 48, 0, 0, 87],
        "<]": [93, 118, 113, 121, 6, 74, 0, 161],
        "<{": [6, 14, 12, 11, 0, 6, 0, 20],
        ">+": [241, 220, 258, 0, 185, 82, 12, 361],
        ">-": [254, 268, 0, 252, 211, 74, 6, 402],
        ">.": [313, 327, 362, 374, 97, 240, 15, 585],
        ">>": [0, 241, 245, 294, 56, 130, 11, 396],
        ">[": [46, 55, 43, 53, 43, 0, 0, 94],
        ">]": [112, 103, 103, 131, 6, 63, 0, 185],
        ">{": [12, 6, 16, 15, 0, 3, 0, 11],
        "[+": [104, 93, 84, 0, 61, 75, 12, 191],
        "[-": [105, 75, 0, 103, 42, 99, 13, 216],
        "[.": [181, 197, 192, 167, 119, 14, 0, 318],
        "[<": [91, 0, 81, 82, 25, 135, 22, 204],
        "[>": [0, 91, 61, 75, 30, 133, 16, 203],
        "[[": [72, 71, 88, 74, 50, 0, 0, 172],
        "]+": [91, 86, 92, 0, 77, 90, 2, 140],
        "]-": [77, 105, 0, 92, 88, 100, 1, 136],
        "].": [133, 167, 143, 163, 8, 69, 0, 187],
        "]<": [87, 0, 88, 85, 31, 72, 8, 153],
        "]>": [0, 113, 113, 115, 28, 69, 3, 156],
        "][": [4, 4, 3, 8, 3, 0, 0, 8],
        "]]": [39, 58, 51, 49, 0, 27, 0, 69],
        "{+": [13, 4, 11, 0, 10, 11, 0, 11],
        "{-": [14, 4, 0, 7, 7, 10, 0, 8],
        "{.": [11, 14, 14, 13, 0, 4, 0, 23],
        "{<": [8, 0, 4, 10, 1, 7, 0, 13],
        "{>": [0, 7, 4, 15, 1, 6, 0, 11],
        "{]": [2, 2, 6, 2, 0, 1, 0, 5],
    ]
}
