/// A value handed to the threads of one `DispatchQueue.concurrentPerform` call.
///
/// `concurrentPerform` returns only after every iteration has, so what it captures never outlives
/// the caller, and its users give each iteration a disjoint part of the output: the Sendable
/// check that Swift 6 makes cannot see either fact, so this box states them once.
public struct SharedWork<Body>: @unchecked Sendable {
    public let body: Body
    public init(_ body: Body) { self.body = body }
}
