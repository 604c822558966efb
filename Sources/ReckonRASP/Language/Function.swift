/// A function of one or two parameters written in the expression language: the `f` of a
/// `map` or `sequence_map`, or a custom `select` predicate (parameters key, then query, as tracr).
public struct Function: Sendable, CustomStringConvertible {
    public let parameters: [String]
    public let body: Expr
    private let evaluate: @Sendable ([Value]) throws -> Value

    /// Precondition: the body reads no name other than the parameters (the parser and the DSL ensure it).
    public init(parameters: [String], body: Expr) {
        precondition(!parameters.isEmpty && parameters.count <= 2, "a function takes one or two parameters")
        precondition(Set(parameters).count == parameters.count, "parameter names must differ: \(parameters)")
        let unknown = body.variables.subtracting(parameters)
        precondition(unknown.isEmpty, "the body reads \(unknown.sorted()), which are not parameters \(parameters)")
        self.parameters = parameters
        self.body = body
        evaluate = body.evaluator(parameters: parameters)
    }

    /// The function's value; throws what Python would raise (division by zero, a type mismatch, a missing key).
    public func callAsFunction(_ args: Value...) throws -> Value { try evaluate(args) }

    func apply(_ args: [Value]) throws -> Value { try evaluate(args) }

    /// `x -> body` or `(k, q) -> body`, as the text syntax writes it.
    public var description: String {
        let head = parameters.count == 1 ? parameters[0] : "(\(parameters.joined(separator: ", ")))"
        return "\(head) -> \(body)"
    }

    /// self(inner(x)): tracr's Map of a Map becomes one Map (`simplify=True`); nil when the fused
    /// body would exceed `RaspLimits.fusedFunctionNodes` nodes or half of `RaspLimits.nesting` levels
    /// (half, so that its printed text, inside a statement and a call, parses again), since every
    /// fusion may multiply the body (`x -> x + x` doubles it) and evaluating it walks every node.
    func composed(after inner: Function) -> Function? {
        precondition(parameters.count == 1 && inner.parameters.count == 1)
        let body = self.body.substituting(parameters[0], with: inner.body)
        guard body.fits(nodes: RaspLimits.fusedFunctionNodes, height: RaspLimits.nesting / 2) else { return nil }
        return Function(parameters: inner.parameters, body: body)
    }
}
