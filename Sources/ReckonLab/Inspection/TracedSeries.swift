import Foundation
import ReckonMachines

/// One traced series of one sample, as numbers.
public struct TracedSeries: Codable, Sendable {
    public var name: String
    public var kind: MachineTrace.Kind
    public var labels: [String]
    /// The tape step of `values[0]`.
    public var firstStep: Int
    /// Per step, the K values (state, weights, values, count); attention: per head, a
    /// queries × keys matrix flattened row by row, with `size` = [queries, keys].
    public var values: [[Float]]
    public var size: [Int]?
}
