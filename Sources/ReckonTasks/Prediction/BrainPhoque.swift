import ReckonSupport

/// The BrainPhoque universal machine of Grau-Moya et al. 2024 (`data/utms.py`, `BrainPhoqueUTM`):
/// BrainF*ck over cells holding 0 ..< `alphabetSize` (wrapping), a tape of `memorySize` cells
/// (wrapping), and one instruction more, `{`, so that a program can be sampled while it runs.
///
/// Instructions: `+` `-` change the cell, `>` `<` move the head, `.` prints the cell, `,` (when
/// enabled) writes a uniformly random symbol into it, `[` enters a block whose body follows, and
/// `{` is a block written the other way round: its continuation follows and its body is written
/// at the end of the program the first time it is entered. A new instruction is appended only at
/// the end, and an opening bracket met with a zero cell becomes `{` (a non-zero one `[`), so
/// every sampled instruction is run as soon as it is drawn. `]` jumps back to its opening
/// bracket, which tests the cell again. The run stops when the program is exhausted (`halted`),
/// after `maximumSteps` instructions (`timeout`) or at `maxOutputLength` printed symbols.
///
/// The semantics are the reference's, line for line, including its quirk that an unmatched `]`
/// (closing nothing) is skipped when first drawn but loops on itself if the program ever comes
/// back to it, which then ends in a timeout.
public struct BrainPhoque: Sendable {
    /// One instruction.
    public enum Instruction: Character, CaseIterable, Sendable {
        case increment = "+", decrement = "-", right = ">", left = "<"
        case open = "[", openSkipping = "{", close = "]", print = ".", read = ","
    }

    /// Why a run stopped (the reference's `HALTED`, `TIMEOUT`, `OUTPUT_LIMIT`).
    public enum Status: String, Sendable {
        case halted, timeout
        case outputLimit = "output_limit"
    }

    /// What a run printed and how it ended.
    public struct Run: Sendable, Equatable {
        public var status: Status
        public var output: [Int]
        public var steps: Int
        /// The program as run: the given one up to where it stopped, brackets fixed, or the sampled one.
        public var program: String
    }

    public let alphabetSize: Int
    public let memorySize: Int
    public let maximumSteps: Int

    public init(alphabetSize: Int, memorySize: Int, maximumSteps: Int) {
        precondition(alphabetSize >= 1 && memorySize >= 1 && maximumSteps >= 1, "BrainPhoque needs positive sizes")
        self.alphabetSize = alphabetSize
        self.memorySize = memorySize
        self.maximumSteps = maximumSteps
    }

    /// Runs `program` (its characters must be instructions) until it halts, times out or has printed
    /// `maxOutputLength` symbols; `,` reads from `input`.
    public func run(_ program: String, maxOutputLength: Int, input: () -> Int = { 0 }) -> Run {
        let given = program.map { Instruction(rawValue: $0)! }
        var next = given.makeIterator()
        return run(maxOutputLength: maxOutputLength, input: input) { _ in next.next() }
    }

    /// Runs a program drawn instruction by instruction from `nextInstruction` (given the program so
    /// far; nil ends the program: `halted`), each run as soon as it is drawn.
    public func run(
        maxOutputLength: Int, input: () -> Int, nextInstruction: ([Instruction]) -> Instruction?
    ) -> Run {
        var memory = [Int](repeating: 0, count: memorySize)
        var head = 0
        var output: [Int] = []
        var steps = 0
        var jumps: [Int: Int] = [:]
        var unmatched: [Int] = []
        var program: [Instruction] = []
        var index = 0
        func result(_ status: Status) -> Run {
            Run(status: status, output: output, steps: steps, program: String(program.map(\.rawValue)))
        }
        while true {
            let cell = memory[head]
            var isNew = false
            if index == program.count {
                guard var instruction = nextInstruction(program) else { return result(.halted) }
                if instruction == .open && cell == 0 {
                    instruction = .openSkipping
                } else if instruction == .openSkipping && cell != 0 {
                    instruction = .open
                }
                program.append(instruction)
                isNew = true
            }
            switch program[index] {
            case .increment: memory[head] = (cell + 1) % alphabetSize
            case .decrement: memory[head] = (cell - 1 + alphabetSize) % alphabetSize
            case .print: output.append(cell)
            case .left: head = (head - 1 + memorySize) % memorySize
            case .right: head = (head + 1) % memorySize
            case .read: memory[head] = input()
            case .open:
                if isNew {
                    // Entered (the cell is non-zero): the body is drawn next, right here.
                    unmatched.append(index)
                } else if cell == 0 {
                    if let target = jumps[index] {
                        index = target
                    } else {
                        // The body exists but no continuation yet: it is drawn at the end.
                        jumps[index] = program.count - 1
                        index = program.count - 1
                    }
                }
            case .openSkipping:
                if !isNew && cell != 0 {
                    if let target = jumps[index] {
                        index = target
                    } else {
                        // First entry: the body is drawn at the end of the program.
                        jumps[index] = program.count - 1
                        unmatched.append(index)
                        index = program.count - 1
                    }
                }
            case .close:
                if isNew {
                    if let open = unmatched.popLast() {
                        jumps[index] = open
                        index = open - 1
                    } else {
                        jumps[index] = index
                    }
                } else {
                    index = jumps[index]! - 1
                }
            }
            index += 1
            steps += 1
            if steps == maximumSteps { return result(.timeout) }
            if output.count >= maxOutputLength { return result(.outputLimit) }
        }
    }
}
