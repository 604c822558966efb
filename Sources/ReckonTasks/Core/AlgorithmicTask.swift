import ReckonSupport

/// An algorithmic task: a seeded generator of (input, target, mask) batches plus an independent solver.
///
/// A task is pure data: typed payloads in and out (`Batch`). Machines and losses live elsewhere
/// (the Lab joins them), so a task never sees a tensor.
public protocol AlgorithmicTask: Sendable {
    /// The snake_case name, the reference's where one exists (`parity_check`).
    var name: String { get }
    /// Where the task sits (Chomsky level, or the memory family).
    var level: TaskLevel { get }
    /// One line saying what the target is.
    var summary: String { get }
    /// Whether the output is a single class (output length 1 at every length).
    var isClassification: Bool { get }
    /// The output length as a formula of the input length `L`, for listings (`"L + 1"`).
    var outputLengthRule: String { get }
    /// Which lengths are valid and what the task does at special lengths, in one line.
    var lengthNote: String { get }
    /// How input token ids are written in the task's own symbols (index = token id), or the
    /// names of the channels of an input vector (`b0` ... `b7`, `delimiter`); `inputSize` is its count.
    var inputSymbols: [String] { get }
    /// How output token ids are written (index = token id), or the names of the channels of a
    /// target vector, or a pointer task's positions; `outputSize` is its count.
    var outputSymbols: [String] { get }
    /// What the target is: tokens, bit vectors, real values or pointers into the input (the
    /// `Payload` case of `Batch.target`); it decides the Lab's output head.
    var outputKind: TaskOutputKind { get }
    /// Whether the Lab also reports exact match: the fraction of sequences whose every masked
    /// position is right (the arithmetic literature's metric for a whole answer).
    var reportsExactMatch: Bool { get }
    /// The accuracy of guessing uniformly among the task's possible answers at one scored position
    /// (Grazzi et al. 2025's "random", the zero of scaled accuracy), or nil where no single number is it.
    var chanceAccuracy: Double? { get }
    /// Whether output t is read at input position t (a tagging task: output length = input
    /// length, the answer at t a function of the prefix), rather than at blanks after the input
    /// (the Chomsky benchmark's readout). Machines then see the input alone (`ForwardContext`).
    var outputsAtEachInput: Bool { get }
    /// Longest training length of the task's literature setup (the Lab trains on 1...this).
    var defaultTrainLength: Int { get }
    /// Longest evaluation length of the task's literature setup.
    var defaultEvalMaxLength: Int { get }

    /// Output length for an input of the given (sampled) length.
    func outputLength(forInputLength length: Int) -> Int
    /// The input length `sample` produces when asked for `length` (the reference shortens some).
    func inputLength(forLength length: Int) -> Int
    /// Throws `TaskError.invalidLength` unless `sample` accepts `length`.
    func validate(length: Int) throws
    /// A batch of `batchSize` examples at `length`; all randomness comes from `rng`.
    /// `length` must pass `validate(length:)` (a programmer error otherwise).
    func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch
    /// The full target row for one input this task can generate, computed without the
    /// generator's code (termination token and padding included).
    func solve(_ input: [Int]) -> [Int]
    /// The target of one example from its input, both in the payload form `sample` gives them,
    /// computed by the task's solver (`solve`, `solveBits`, `solvePointers` or `solveValues`).
    func solution(for input: Payload) -> Payload
    /// How `reckon sample` writes one real value of an input or target (printf format).
    var valueFormat: String { get }
    /// Whether every string over `inputSymbols` is an input `solve` answers (a user's typed input,
    /// `reckon inspect --input`); tasks whose inputs have a shape (expressions, operands, a stack's
    /// program) say no and are inspected on sampled inputs (or checked by their automaton).
    var acceptsEveryInput: Bool { get }
    /// The number of iterations a looped model runs at `length` in the task's literature (Fan et
    /// al. 2025's T(n): n for parity, n + 1 for addition, ...), or nil when it names none.
    func iterations(forLength length: Int) -> Int?
}

/// Largest length any task accepts: a guard against typos that would allocate gigabytes.
public let maximumTaskLength = 100_000

extension AlgorithmicTask {
    /// Number of distinct input tokens (the one-hot width of an input position), or channels of
    /// an input vector: the input symbols, counted.
    public var inputSize: Int { inputSymbols.count }

    /// Number of distinct output tokens (the number of classes per output position), or channels
    /// of a target vector: the output symbols, counted.
    public var outputSize: Int { outputSymbols.count }

    public var outputKind: TaskOutputKind { .tokens }

    public var reportsExactMatch: Bool { false }

    /// Token tasks: one of the output symbols (1/2 for parity, 1/5 for modular arithmetic, the numbers
    /// Grazzi et al.'s eval-chomsky.py subtracts). Nil for the others, where one uniform guess is no
    /// fixed number: a pointer's chance is 1/(input length), so it changes with every evaluated length;
    /// a bit vector's answers are not all its 2^width patterns (repeat_copy's end channel is set on one
    /// row only), and its literature reports bit errors instead; a real value has no finite set of answers.
    public var chanceAccuracy: Double? { outputKind == .tokens ? 1 / Double(Swift.max(outputSize, 1)) : nil }
    public var outputsAtEachInput: Bool { false }
    public var acceptsEveryInput: Bool { false }

    /// Token tasks: `solve` on the ids.
    public func solution(for input: Payload) -> Payload { .tokens(solve(input.ids)) }

    /// Four significant digits.
    public var valueFormat: String { "%.4g" }

    /// The Chomsky-hierarchy benchmark's setup: train on 1...40.
    public var defaultTrainLength: Int { 40 }

    /// The Chomsky-hierarchy benchmark's setup: evaluate up to 500.
    public var defaultEvalMaxLength: Int { 500 }

    public var isClassification: Bool { false }

    public func iterations(forLength length: Int) -> Int? { nil }

    public func inputLength(forLength length: Int) -> Int { length }

    /// Every Chomsky task accepts 1...maximumTaskLength; the reference's special cases at
    /// short lengths are reproduced by the tasks themselves and stated in `lengthNote`.
    public func validate(length: Int) throws {
        guard length >= 1, length <= maximumTaskLength else {
            throw TaskError.invalidLength(task: name, length: length, valid: "1...\(maximumTaskLength)")
        }
    }

    /// Input token ids written in the task's symbols.
    public func decodeInput(_ ids: [Int]) -> [String] {
        Payload.tokens(ids).words(symbols: inputSymbols, valueFormat: valueFormat, mask: [])
    }

    /// Output token ids written in the task's symbols.
    public func decodeOutput(_ ids: [Int]) -> [String] {
        Payload.tokens(ids).words(symbols: outputSymbols, valueFormat: valueFormat, mask: [])
    }

    /// The input of example `b` in the task's own symbols, one word per position
    /// (`Payload.words`: a token's symbol, a bit vector's bits and set channels, a point's values).
    public func inputText(_ batch: Batch, example b: Int) -> [String] {
        batch.inputExample(b).words(symbols: inputSymbols, valueFormat: valueFormat, mask: [])
    }

    /// The target of example `b` in the task's own symbols (see `inputText`; a pointer answer as
    /// far as its mask goes).
    public func targetText(_ batch: Batch, example b: Int) -> [String] {
        batch.targetExample(b).words(symbols: outputSymbols, valueFormat: valueFormat, mask: batch.maskRow(b))
    }

    /// Input symbols to token ids; throws `TaskError.unknownSymbol` for a symbol outside the alphabet.
    public func encodeInput(_ symbols: [String]) throws -> [Int] { try encode(symbols, alphabet: inputSymbols) }

    /// Output symbols to token ids; throws `TaskError.unknownSymbol` for a symbol outside the alphabet.
    public func encodeOutput(_ symbols: [String]) throws -> [Int] { try encode(symbols, alphabet: outputSymbols) }

    private func encode(_ symbols: [String], alphabet: [String]) throws -> [Int] {
        try symbols.map { s in
            guard let id = alphabet.firstIndex(of: s) else {
                throw TaskError.unknownSymbol(task: name, symbol: s, alphabet: alphabet)
            }
            return id
        }
    }
}

extension AlgorithmicTask {
    /// Stops on arguments `sample` cannot honour: callers validate user input first.
    func requireValid(batchSize: Int, length: Int) {
        precondition(batchSize >= 0, "batch size must not be negative")
        do { try validate(length: length) } catch { preconditionFailure("\(error)") }
    }
}
