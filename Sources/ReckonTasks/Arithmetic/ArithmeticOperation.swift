import ReckonSupport

/// The operation of the static function task: the target is a ∘ b (stable-nalu's
/// `ARITHMETIC_FUNCTIONS`, without its one-operand `squared` and `root`).
public enum ArithmeticOperation: String, SettingChoice {
    case add, sub, mul, div

    /// a ∘ b in double precision (the reference computes targets in numpy's float64).
    public func apply(_ a: Double, _ b: Double) -> Double {
        switch self {
        case .add: return a + b
        case .sub: return a - b
        case .mul: return a * b
        case .div: return a / b
        }
    }

    /// The operator as written in formulas.
    public var symbol: String {
        switch self {
        case .add: return "+"
        case .sub: return "-"
        case .mul: return "*"
        case .div: return "/"
        }
    }
}
