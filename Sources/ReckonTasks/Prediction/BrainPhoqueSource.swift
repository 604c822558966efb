import ReckonSupport

/// `brainphoque`: the outputs of random programs of the BrainPhoque universal machine
/// (Grau-Moya et al. 2024, `data/utm_data_generator.py`), the paper's approximation of data from
/// the Solomonoff prior. Each sequence draws a program of `program_length` instructions
/// (uniformly, or from the reference's Markov model of programs), or, with `program_length` 0,
/// draws each instruction as the program reaches it (the reason for BrainPhoque's `{`), and
/// runs it with `memory_size` cells for at most `maximum_steps` instructions or until it has
/// printed the sequence's length. A program that stops printing early (it halted, looped
/// silently or ran out of steps, often before printing anything) leaves the rest of its
/// sequence as 0 with mask 0: nothing there is predicted or scored, the reference's `loss_mask`.
///
/// No predictor is known to be optimal here (Solomonoff induction is incomputable), so runs on
/// this source report bits per symbol without a regret.
public struct BrainPhoqueSource: ConfigurableTask, SequencePrediction {
    /// The settings of `brainphoque`.
    public struct Settings: SettingGroup {
        @Setting("alphabet_size", "values a cell holds and symbols a program prints", minimum: 2, maximum: 128)
        public var alphabetSize = 9
        @Setting("memory_size", "cells of the machine's tape (it wraps around)", minimum: 1, maximum: 100_000)
        public var memorySize = 10
        @Setting("maximum_steps", "instructions run at most per program", minimum: 1, maximum: 10_000_000)
        public var maximumSteps = 1000
        @Setting(
            "program_length", "instructions per program; 0 draws each as the program reaches it",
            minimum: 0, maximum: 1_000_000)
        public var programLength = 100
        @Setting("sampler", "how instructions are drawn") public var sampler = BrainPhoqueSampler.uniform
        @Setting("input_instruction", "whether programs may use ',' (a uniformly random symbol)")
        public var inputInstruction = false
        @Setting(
            "vocabulary", "ids a position can hold, at least alphabet_size (0: alphabet_size)", minimum: 0,
            maximum: 256)
        public var vocabulary = 0

        public init() {}

        public func problem() -> String? {
            vocabulary != 0 && vocabulary < alphabetSize
                ? "vocabulary (\(vocabulary)) must be at least alphabet_size (\(alphabetSize)), or 0 for the same"
                : nil
        }
    }

    public var settings = Settings()

    public init() {}

    public var name: String { "brainphoque" }
    public var level: TaskLevel { .prediction }
    public var summary: String {
        "next symbol printed by a random BrainPhoque program (Grau-Moya et al. 2024's UTM data)"
    }
    public var lengthNote: String {
        "any length >= 1; positions after a program stops printing are masked"
    }
    public var inputSymbols: [String] {
        numberedSymbols(settings.vocabulary == 0 ? settings.alphabetSize : settings.vocabulary)
    }

    var machine: BrainPhoque {
        BrainPhoque(
            alphabetSize: settings.alphabetSize, memorySize: settings.memorySize,
            maximumSteps: settings.maximumSteps)
    }

    /// One program's run to at most `length` printed symbols, every draw from `rng`.
    public func drawRun(length: Int, rng: inout RandomGenerator) -> BrainPhoque.Run {
        let s = settings
        var programRng = rng.split()
        var inputRng = rng.split()
        let input = { inputRng.nextInt(below: s.alphabetSize) }
        if s.programLength > 0 {
            var program: [BrainPhoque.Instruction] = []
            program.reserveCapacity(s.programLength)
            for _ in 0..<s.programLength {
                program.append(s.sampler.next(after: program, input: s.inputInstruction, rng: &programRng))
            }
            var next = program.makeIterator()
            return machine.run(maxOutputLength: length, input: input) { _ in next.next() }
        }
        return machine.run(maxOutputLength: length, input: input) { program in
            s.sampler.next(after: program, input: s.inputInstruction, rng: &programRng)
        }
    }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        var sequences: [[Int]] = []
        var masks: [[Float]] = []
        for _ in 0..<batchSize {
            var own = rng.split()
            let printed = drawRun(length: length, rng: &own).output
            let padding = length - printed.count
            sequences.append(printed + [Int](repeating: 0, count: padding))
            masks.append([Float](repeating: 1, count: printed.count) + [Float](repeating: 0, count: padding))
        }
        return batch(sequences, masks: masks, length: length)
    }

    public func optimalBits(_ sequence: [Int]) -> [Double]? { nil }
}
