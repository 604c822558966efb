/// One `name = expression` line.
struct Statement: Sendable {
    let name: String
    let nameLocation: SourceLocation
    let value: Syntax
}
