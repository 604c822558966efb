import ReckonSupport

/// stack_manipulation: run POP / PUSH 0 / PUSH 1 on a given stack, output the final stack top to bottom.
public struct StackManipulation: AlgorithmicTask {
    static let pop = 2, pushZero = 3, pushOne = 4
    /// Output token closing the final stack.
    static let termination = 2

    public init() {}
    public var name: String { "stack_manipulation" }
    public var level: TaskLevel { .deterministicContextFree }
    public var summary: String {
        "final stack (top first, then $) after POP/PUSH actions on a given bottom-to-top stack"
    }
    public var outputLengthRule: String { "L + 1" }
    public var lengthNote: String {
        "any length >= 1; length 1 is a one-symbol stack with no actions; the mask ends at $"
    }
    public var inputSymbols: [String] { ["0", "1", "POP", "PUSH0", "PUSH1"] }
    public var outputSymbols: [String] { ["0", "1", "$"] }

    public func outputLength(forInputLength length: Int) -> Int { length + 1 }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let outLength = length + 1
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = [Int](repeating: 0, count: batchSize * outLength)
        var mask = [Float](repeating: 0, count: batchSize * outLength)
        // One buffer for every example: the stack never holds more than `length` symbols.
        var stack = [Int](repeating: 0, count: length)
        var bits = RandomBits()
        for b in 0..<batchSize {
            let row = b * length
            let stackLength = length == 1 ? 1 : rng.nextInt(in: 1...(length - 1))
            var top = 0
            for t in 0..<stackLength {
                let bit = bits.next(&rng)
                input[row + t] = bit
                stack[top] = bit
                top += 1
            }
            for t in stackLength..<length {
                let action = Self.pop + rng.nextInt(below: 3)
                input[row + t] = action
                if action == Self.pop {
                    if top > 0 { top -= 1 }
                } else {
                    stack[top] = action - Self.pushZero
                    top += 1
                }
            }
            let out = b * outLength
            for i in 0..<top { target[out + i] = stack[top - 1 - i] }
            target[out + top] = Self.termination
            for i in 0...top { mask[out + i] = 1 }
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: outLength,
            input: .tokens(input), target: .tokens(target), mask: mask)
    }

    public func solve(_ input: [Int]) -> [Int] {
        var stack: [Int] = []
        var actionsStarted = false
        for token in input {
            switch token {
            case 0, 1:
                precondition(!actionsStarted, "stack symbols come before the actions")
                stack.append(token)
            case Self.pop:
                actionsStarted = true
                _ = stack.popLast()
            case Self.pushZero, Self.pushOne:
                actionsStarted = true
                stack.append(token == Self.pushOne ? 1 : 0)
            default:
                preconditionFailure("token \(token) is not a stack_manipulation input")
            }
        }
        let row = Array(stack.reversed()) + [Self.termination]
        return row + Array(repeating: 0, count: input.count + 1 - row.count)
    }
}
