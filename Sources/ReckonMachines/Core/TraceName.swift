/// The names machines record their traces under, so inspection pages and tests agree on them.
public enum TraceName {
    /// The recurrent state after each step ([B, H], kind `.state`).
    public static let hidden = "hidden"
    /// A stack machine's action probabilities per step (push, pop, no-op for each stack).
    public static let stackActions = "stack actions"
    /// The top cells of a stack machine's first stack after each step's update.
    public static let stackTop = "stack top cells"
    /// A tape machine's action probabilities per step (stay, left, right, jump left, jump right).
    public static let tapeActions = "tape actions"
    /// The cells of a tape machine's first tape around its head after each step's update.
    public static let tapeCells = "tape cells around the head"
    /// An NTM's (or TTM's) read weighting over its memory per step.
    public static let readWeights = "read weighting"
    /// An NTM's (or TTM's) write weighting over its memory per step.
    public static let writeWeights = "write weighting"
    /// Ponder steps per position of an ACT machine (N + R).
    public static let ponder = "ponder steps"

    /// Self-attention probabilities of encoder layer `layer` (from 0).
    public static func attention(layer: Int) -> String { "attention, layer \(layer + 1)" }
}
