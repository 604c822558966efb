/// A function of the form c₀·x₀ + c₁·x₁ + constant, recognized from its expression so that a
/// numerical map compiles to an exact linear MLP (tracr's `LinearSequenceMap`) without
/// discretizing. Recognizes literals, parameters, +, −, negation, and * and / by a constant.
struct LinearForm: Equatable {
    var coefficients: [Double]
    var constant: Double

    init?(_ f: Function) {
        guard let form = LinearForm.of(f.body, f.parameters) else { return nil }
        self = form
    }

    private init(coefficients: [Double], constant: Double) {
        self.coefficients = coefficients
        self.constant = constant
    }

    private var isConstant: Bool { coefficients.allSatisfy { $0 == 0 } }

    private static func of(_ e: Expr, _ params: [String]) -> LinearForm? {
        let zero = [Double](repeating: 0, count: params.count)
        switch e {
        case .literal(.number(let c)): return LinearForm(coefficients: zero, constant: c)
        case .variable(let n):
            var c = zero
            c[params.firstIndex(of: n)!] = 1
            return LinearForm(coefficients: c, constant: 0)
        case .negate(let a): return of(a, params).map { $0.scaled(-1) }
        case .binary(let op, let a, let b):
            guard let x = of(a, params), let y = of(b, params) else { return nil }
            switch op {
            case .add:
                return LinearForm(
                    coefficients: zip(x.coefficients, y.coefficients).map(+),
                    constant: x.constant + y.constant)
            case .subtract:
                return LinearForm(
                    coefficients: zip(x.coefficients, y.coefficients).map(-),
                    constant: x.constant - y.constant)
            case .multiply:
                if x.isConstant { return y.scaled(x.constant) }
                if y.isConstant { return x.scaled(y.constant) }
                return nil
            case .divide:
                guard y.isConstant, y.constant != 0 else { return nil }
                return x.scaled(1 / y.constant)
            default: return nil
            }
        default: return nil
        }
    }

    private func scaled(_ s: Double) -> LinearForm {
        LinearForm(coefficients: coefficients.map { $0 * s }, constant: constant * s)
    }
}
