import Foundation
import Testing

@testable import ReckonTensor

/// One finite-difference gradient check (or, for a non-differentiable op, one forward check)
/// per op and shape, keyed by the op's `OpName`. `everyOpHasAGradientCheck` compares the keys
/// with `OpName.allCases`, so an op added to the engine without an entry here (or in
/// `CheckedOps.elsewhere`) fails the suite.
enum OpGradientChecks {
    typealias Checks = () -> [CheckResult]

    // Built once and only read afterwards; the closures hold no state of their own.
    nonisolated(unsafe) static let table: [OpName: Checks] = {
        var t: [OpName: Checks] = [:]
        arithmetic(&t)
        unary(&t)
        reductions(&t)
        linearAlgebra(&t)
        layout(&t)
        indexing(&t)
        layers(&t)
        recurrences(&t)
        return t
    }()

    /// Pairs of shapes for the broadcasting binary ops: equal, trailing, both sides
    /// broadcasting, scalar, size-1 axes on both sides.
    static let binaryShapes: [([Int], [Int])] = [
        ([2, 3], [2, 3]), ([2, 3, 4], [4]), ([3, 1, 4], [2, 1]), ([], [2, 2]),
        ([2, 1], [1, 3]), ([1], [3, 2]), ([1, 1], [1, 1]), ([4, 1, 2], [4, 3, 1]),
    ]

    static let unaryShapes: [[Int]] = [[5], [2, 3], [1, 4, 1], []]

    typealias Binary = (Tensor, Tensor) -> Tensor

    static func arithmetic(_ t: inout [OpName: Checks]) {
        func binary(
            _ name: String, _ f: @escaping Binary,
            _ makeA: @escaping (inout InputMaker, [Int]) -> Tensor,
            _ makeB: @escaping (inout InputMaker, [Int]) -> Tensor
        ) -> Checks {
            {
                var results: [CheckResult] = []
                for (sa, sb) in binaryShapes {
                    var m = InputMaker("\(name) \(sa) \(sb)")
                    let a = makeA(&m, sa)
                    let b = makeB(&m, sb)
                    results.append(GradientChecker.check("\(name) \(sa) with \(sb)", [a, b]) { f($0[0], $0[1]) })
                }
                // One side without gradients (the other input's `needs` is false).
                var m = InputMaker("\(name) one side")
                let a = makeA(&m, [3, 1, 4])
                let b = makeB(&m, [2, 1])
                results.append(GradientChecker.check("\(name) only lhs", [a, b], wrt: [0]) { f($0[0], $0[1]) })
                results.append(GradientChecker.check("\(name) only rhs", [a, b], wrt: [1]) { f($0[0], $0[1]) })
                return results
            }
        }
        let any: (inout InputMaker, [Int]) -> Tensor = { $0.uniform($1) }
        let nonZero: (inout InputMaker, [Int]) -> Tensor = { $0.awayFromZero($1, 0.5, 2) }
        let lowLattice: (inout InputMaker, [Int]) -> Tensor = { $0.lattice($1, offset: 0) }
        let highLattice: (inout InputMaker, [Int]) -> Tensor = { $0.lattice($1, offset: 0.25) }
        t[.add] = {
            var m = InputMaker("add float")
            let x = m.uniform([2, 3])
            return binary("add", +, any, any)()
                + [GradientChecker.check("add Float on both sides", [x]) { 2 + $0[0] + 0.5 }]
        }
        t[.subtract] = {
            var m = InputMaker("subtract float")
            let x = m.uniform([2, 3])
            return binary("subtract", -, any, any)()
                + [GradientChecker.check("subtract Float on both sides", [x]) { 2 - $0[0] - 0.5 }]
        }
        t[.multiply] = {
            var m = InputMaker("multiply float")
            let x = m.uniform([2, 3])
            return binary("multiply", *, any, any)()
                + [GradientChecker.check("multiply Float on both sides", [x]) { 2 * $0[0] * 0.5 }]
        }
        t[.divide] = {
            var m = InputMaker("divide float")
            let x = m.awayFromZero([2, 3], 0.5, 2)
            return binary("divide", /, any, nonZero)()
                + [GradientChecker.check("divide Float on both sides", [x]) { 2 / $0[0] / 0.5 }]
        }
        // Lattices offset by a quarter keep every broadcast pair at least 0.15 apart.
        t[.maximum] = binary("maximum", { maximum($0, $1) }, lowLattice, highLattice)
        t[.minimum] = binary("minimum", { minimum($0, $1) }, highLattice, lowLattice)
    }

    static func unary(_ t: inout [OpName: Checks]) {
        func each(
            _ name: String, tolerance: Float = 1e-3, _ make: @escaping (inout InputMaker, [Int]) -> Tensor,
            _ f: @escaping (Tensor) -> Tensor
        ) -> Checks {
            {
                unaryShapes.map { shape in
                    var m = InputMaker("\(name) \(shape)")
                    return GradientChecker.check("\(name) \(shape)", [make(&m, shape)], tolerance: tolerance) {
                        f($0[0])
                    }
                }
            }
        }
        t[.negate] = each("negate", { $0.uniform($1) }) { -$0 }
        t[.exp] = each("exp", { $0.uniform($1, -3, 3) }) { $0.exp() }
        t[.log] = each("log", { $0.uniform($1, 0.3, 4) }) { $0.log() }
        t[.tanh] = each("tanh", { $0.uniform($1, -3, 3) }) { $0.tanh() }
        t[.sigmoid] = each("sigmoid", { $0.uniform($1, -5, 5) }) { $0.sigmoid() }
        t[.relu] = each("relu", { $0.awayFromZero($1, 0.1, 2) }) { $0.relu() }
        t[.gelu] = each("gelu", { $0.uniform($1, -4, 4) }) { $0.gelu() }
        t[.softplus] = {
            each("softplus", { $0.uniform($1, -4, 4) }) { $0.softplus() }()
                + each("softplus large", { $0.awayFromZero($1, 5, 25) }) { $0.softplus() }()
        }
        t[.sqrt] = each("sqrt", { $0.uniform($1, 0.3, 4) }) { $0.sqrt() }
        t[.abs] = each("abs", { $0.awayFromZero($1, 0.1, 2) }) { $0.abs() }
        t[.power] = {
            each("pow 2", { $0.uniform($1) }) { $0.pow(2) }()
                + each("squared", { $0.uniform($1) }) { $0.squared() }()
                + each("pow 3", { $0.uniform($1) }) { $0.pow(3) }()
                + each("pow 0.5", { $0.uniform($1, 0.3, 3) }) { $0.pow(0.5) }()
                + each("pow -1.5", { $0.uniform($1, 0.5, 3) }) { $0.pow(-1.5) }()
        }
        t[.clamp] = each(
            "clamp",
            { m, shape in
                // Magnitudes in [0, 0.85] or [1.15, 2]: away from the clamp edges at ±1.
                Tensor(
                    (0..<Shape.count(shape)).map { _ in
                        let inside = m.rng.nextBool()
                        let v = inside ? 0.85 * m.rng.nextFloat() : 1.15 + 0.85 * m.rng.nextFloat()
                        return m.rng.nextBool() ? v : -v
                    }, shape: shape)
            }
        ) { $0.clamp(min: -1, max: 1) }
    }

    static func reductions(_ t: inout [OpName: Checks]) {
        /// (shape, axis, keepDims) triples: every axis, a negative axis, size-1 axes.
        let axisCases: [([Int], Int, Bool)] = [
            ([2, 3, 4], 0, false), ([2, 3, 4], 1, true), ([2, 3, 4], -1, false), ([2, 3, 4], 2, true),
            ([1, 5], 0, false), ([3, 1], 1, true), ([4], 0, false), ([1], 0, true),
        ]
        func alongAxes(
            _ name: String, flag: String = "keepDims", _ make: @escaping (inout InputMaker, [Int]) -> Tensor,
            _ f: @escaping (Tensor, Int, Bool) -> Tensor
        ) -> Checks {
            {
                axisCases.map { shape, axis, keep in
                    var m = InputMaker("\(name) \(shape) \(axis)")
                    return GradientChecker.check("\(name) \(shape) axis \(axis) \(flag) \(keep)", [make(&m, shape)]) {
                        f($0[0], axis, keep)
                    }
                }
            }
        }
        t[.sum] = {
            var m = InputMaker("sum all")
            let x = m.uniform([2, 1, 3])
            let s = m.uniform([])
            return alongAxes("sum", { $0.uniform($1) }) { $0.sum(axis: $1, keepDims: $2) }()
                + [
                    GradientChecker.check("sum() of [2, 1, 3]", [x]) { $0[0].sum() },
                    GradientChecker.check("sum() of a scalar", [s]) { $0[0].sum() },
                ]
        }
        t[.mean] = {
            var m = InputMaker("mean all")
            let x = m.uniform([2, 1, 3])
            return alongAxes("mean", { $0.uniform($1) }) { $0.mean(axis: $1, keepDims: $2) }()
                + [GradientChecker.check("mean() of [2, 1, 3]", [x]) { $0[0].mean() }]
        }
        t[.max] = alongAxes("max", { $0.distinct($1) }) { $0.max(axis: $1, keepDims: $2) }
        t[.logSumExp] = {
            var m = InputMaker("logSumExp large")
            let big = m.uniform([2, 3], 50, 54)
            return alongAxes("logSumExp", { $0.uniform($1, -3, 3) }) { $0.logSumExp(axis: $1, keepDims: $2) }()
                + [GradientChecker.check("logSumExp of values near 50", [big], step: 2e-4) { $0[0].logSumExp(axis: 1) }]
        }
        t[.softmax] = alongAxes("softmax", flag: "(unused)", { $0.uniform($1, -3, 3) }) { x, axis, _ in
            x.softmax(axis: axis)
        }
        t[.logSoftmax] = alongAxes("logSoftmax", flag: "(unused)", { $0.uniform($1, -3, 3) }) { x, axis, _ in
            x.logSoftmax(axis: axis)
        }
        t[.cumulativeSum] = alongAxes("cumulativeSum", flag: "exclusive", { $0.uniform($1) }) { x, axis, exclusive in
            x.cumulativeSum(axis: axis, exclusive: exclusive)
        }
        // Exact zeros in the input: the product is multilinear, so central differences are
        // exact there, and a backward pass that divided by x would produce NaN.
        t[.cumulativeProduct] = alongAxes(
            "cumulativeProduct", flag: "exclusive",
            { m, shape in
                let x = m.uniform(shape, -1.5, 1.5)
                return Tensor(x.scalars.enumerated().map { $0.offset % 3 == 1 ? 0 : $0.element }, shape: shape)
            }
        ) { x, axis, exclusive in x.cumulativeProduct(axis: axis, exclusive: exclusive) }
    }

    static func linearAlgebra(_ t: inout [OpName: Checks]) {
        t[.matmul] = {
            var results: [CheckResult] = []
            // (batch of a, batch of b, m, k, n): plain, batched, shared rhs, shared lhs,
            // rank 4, and size-1 m, k and n.
            let configs: [([Int], [Int], Int, Int, Int)] = [
                ([], [], 3, 4, 2), ([2], [2], 3, 4, 5), ([2], [], 3, 4, 5), ([], [2], 3, 4, 5),
                ([2, 1], [2, 1], 3, 2, 2), ([], [], 1, 4, 1), ([], [], 3, 1, 2), ([3], [], 1, 3, 1),
            ]
            for (ba, bb, m, k, n) in configs {
                for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                    let label = "matmul \(ba)+[\(m),\(k)]\(ta ? "ᵀ" : "") x \(bb)+[\(k),\(n)]\(tb ? "ᵀ" : "")"
                    var maker = InputMaker(label)
                    let a = maker.uniform(ba + (ta ? [k, m] : [m, k]))
                    let b = maker.uniform(bb + (tb ? [n, k] : [k, n]))
                    results.append(
                        GradientChecker.check(label, [a, b]) { matmul($0[0], $0[1], transposeA: ta, transposeB: tb) })
                }
            }
            // One operand without gradients, batched against shared.
            var maker = InputMaker("matmul one side")
            let a = maker.uniform([2, 3, 4])
            let b = maker.uniform([4, 2])
            results.append(GradientChecker.check("matmul only batched lhs", [a, b], wrt: [0]) { matmul($0[0], $0[1]) })
            results.append(GradientChecker.check("matmul only shared rhs", [a, b], wrt: [1]) { matmul($0[0], $0[1]) })
            return results
        }
        t[.outer] = {
            [([4], [3]), ([2, 3], [2, 2]), ([2, 1, 3], [2, 1, 1]), ([1], [1])].map { sa, sb in
                var m = InputMaker("outer \(sa) \(sb)")
                return GradientChecker.check("outer \(sa) with \(sb)", [m.uniform(sa), m.uniform(sb)]) {
                    outer($0[0], $0[1])
                }
            }
        }
        t[.circularConvolution] = {
            var results = [([2, 5], [2, 3]), ([7], [5]), ([1, 3], [1, 5]), ([2, 1, 4], [2, 1, 1])].map { sx, sk in
                var m = InputMaker("circularConvolution \(sx) \(sk)")
                return GradientChecker.check(
                    "circularConvolution \(sx) with kernel \(sk)", [m.uniform(sx), m.uniform(sk)]
                ) {
                    circularConvolution($0[0], $0[1])
                }
            }
            var m = InputMaker("circularConvolution kernel only")
            let x = m.uniform([3, 4])
            let k = m.uniform([3, 3])
            results.append(
                GradientChecker.check("circularConvolution kernel only", [x, k], wrt: [1]) {
                    circularConvolution($0[0], $0[1])
                })
            results.append(
                GradientChecker.check("circularConvolution signal only", [x, k], wrt: [0]) {
                    circularConvolution($0[0], $0[1])
                })
            return results
        }
    }

    static func recurrences(_ t: inout [OpName: Checks]) {
        t[.linearRecurrence] = {
            // (shape, axis): time in the middle, time first, a single step, lanes of rank 2.
            var results = [([2, 5, 3], 1), ([4], 0), ([3, 1, 2], 1), ([2, 3, 2, 2], 1)].map { shape, axis in
                var m = InputMaker("linearRecurrence \(shape) \(axis)")
                // Transitions in (−1, 1), as Mamba's and linear_rnn's (both signs: minus1_1).
                return GradientChecker.check(
                    "linearRecurrence \(shape) along \(axis)",
                    [
                        m.uniform(shape, -0.95, 0.95), m.uniform(shape),
                    ]
                ) { linearRecurrence($0[0], $0[1], axis: axis) }
            }
            var m = InputMaker("linearRecurrence one side")
            let a = m.uniform([2, 4, 3], -0.9, 0.9)
            let b = m.uniform([2, 4, 3])
            results.append(
                GradientChecker.check("linearRecurrence inputs only", [a, b], wrt: [1]) {
                    linearRecurrence($0[0], $0[1], axis: 1)
                })
            results.append(
                GradientChecker.check("linearRecurrence transitions only", [a, b], wrt: [0]) {
                    linearRecurrence($0[0], $0[1], axis: 1)
                })
            return results
        }
        t[.unitLowerTriangularSolve] = {
            // (batch, n, m): one matrix, a batch, rank 4, n = 1, and one right-hand column.
            var results = [([Int](), 3, 2), ([2], 4, 3), ([2, 1], 3, 3), ([], 1, 2), ([3], 5, 1)].map { batch, n, m in
                var maker = InputMaker("unitLowerTriangularSolve \(batch) \(n) \(m)")
                // Entries up to 0.5 keep I + L well conditioned; the upper triangle is drawn too
                // and must get no gradient (the op does not read it).
                return GradientChecker.check(
                    "unitLowerTriangularSolve \(batch)+[\(n),\(n)] \(m)",
                    [
                        maker.uniform(batch + [n, n], -0.5, 0.5), maker.uniform(batch + [n, m]),
                    ]
                ) { unitLowerTriangularSolve($0[0], $0[1]) }
            }
            var maker = InputMaker("unitLowerTriangularSolve one side")
            let l = maker.uniform([2, 4, 4], -0.5, 0.5)
            let b = maker.uniform([2, 4, 2])
            results.append(
                GradientChecker.check("unitLowerTriangularSolve matrix only", [l, b], wrt: [0]) {
                    unitLowerTriangularSolve($0[0], $0[1])
                })
            return results
        }
    }

    static func layout(_ t: inout [OpName: Checks]) {
        func one(_ name: String, _ shape: [Int], _ f: @escaping (Tensor) -> Tensor) -> CheckResult {
            var m = InputMaker("\(name) \(shape)")
            return GradientChecker.check("\(name) \(shape)", [m.uniform(shape)]) { f($0[0]) }
        }
        t[.reshape] = {
            [
                one("reshape to [6, -1]", [2, 3, 4]) { $0.reshaped([6, -1]) },
                one("reshape to [5]", [1, 5]) { $0.reshaped([5]) },
                one("reshape to [1, 1]", []) { $0.reshaped([1, 1]) },
                one("reshape to [2, 1, 3]", [6]) { $0.reshaped([2, 1, 3]) },
                one("expandingDims at -1", [2, 3]) { $0.expandingDims(at: -1) },
            ]
        }
        t[.permute] = {
            [
                one("permute [2, 0, 1]", [2, 3, 4]) { $0.permuted([2, 0, 1]) },
                one("permute [3, 1, 0, 2]", [1, 3, 1, 2]) { $0.permuted([3, 1, 0, 2]) },
                one("permute [1, 0]", [2, 3]) { $0.permuted([1, 0]) },
                one("permute identity", [2, 3]) { $0.permuted([0, 1]) },
            ]
        }
        t[.transpose] = {
            [
                one("transpose last two", [2, 3, 4]) { $0.transposed() },
                one("transpose 0 and 2", [2, 3, 4]) { $0.transposed(0, 2) },
                one("transpose last two", [1, 5]) { $0.transposed() },
                one("transpose 1 and -1", [2, 3, 1, 2]) { $0.transposed(1, -1) },
            ]
        }
        t[.broadcast] = {
            [
                one("broadcast to [2, 3, 4]", [3, 1]) { $0.broadcast(to: [2, 3, 4]) },
                one("broadcast to [2, 2]", []) { $0.broadcast(to: [2, 2]) },
                one("broadcast to [3]", [1]) { $0.broadcast(to: [3]) },
                one("broadcast to [2, 3, 4]", [4]) { $0.broadcast(to: [2, 3, 4]) },
                one("broadcast to [2, 3, 1]", [2, 1, 1]) { $0.broadcast(to: [2, 3, 1]) },
                one("broadcast to itself", [2, 3]) { $0.broadcast(to: [2, 3]) },
            ]
        }
        t[.concat] = {
            var m = InputMaker("concat")
            let a = m.uniform([2, 1])
            let b = m.uniform([2, 3])
            let c = m.uniform([2, 2])
            let d = m.uniform([1, 3])
            let e = m.uniform([2, 3])
            return [
                GradientChecker.check("concat [2,1] [2,3] [2,2] along 1", [a, b, c]) { concat($0, axis: 1) },
                GradientChecker.check("concat along -1, middle input plain", [a, b, c], wrt: [0, 2]) {
                    concat($0, axis: -1)
                },
                GradientChecker.check("concat [1,3] [2,3] along 0", [d, e]) { concat($0, axis: 0) },
                GradientChecker.check("concat of one tensor", [e]) { concat($0, axis: 0) },
            ]
        }
        t[.stack] = {
            var m = InputMaker("stack")
            let xs = [m.uniform([2, 3]), m.uniform([2, 3]), m.uniform([2, 3])]
            let scalars = [m.uniform([]), m.uniform([])]
            return [
                GradientChecker.check("stack 3 x [2,3] along 0", xs) { stack($0, axis: 0) },
                GradientChecker.check("stack 3 x [2,3] along 1", xs) { stack($0, axis: 1) },
                GradientChecker.check("stack 3 x [2,3] along -1, first plain", xs, wrt: [1, 2]) { stack($0, axis: -1) },
                GradientChecker.check("stack 2 scalars", scalars) { stack($0) },
            ]
        }
        t[.split] = {
            var m = InputMaker("split")
            let x = m.uniform([2, 6])
            let y = m.uniform([4, 1])
            return [
                GradientChecker.checkOutputs("split [2,6] sizes [1,2,3] along 1", [x]) {
                    $0[0].split(sizes: [1, 2, 3], axis: 1)
                },
                GradientChecker.checkOutputs("split [2,6] into 3 along -1, middle unused", [x]) {
                    let p = $0[0].split(parts: 3, axis: -1)
                    return [p[0], p[2]]
                },
                GradientChecker.checkOutputs("split [4,1] sizes [1,3] along 0", [y]) {
                    $0[0].split(sizes: [1, 3], axis: 0)
                },
                GradientChecker.checkOutputs("split [2,6] sizes [0,6] along 1", [x]) {
                    $0[0].split(sizes: [0, 6], axis: 1)
                },
                GradientChecker.check("split, one piece used", [x]) { $0[0].split(parts: 2, axis: 1)[1] },
            ]
        }
        t[.slice] = {
            [
                one("slice axis 0 1..<3", [3, 4]) { $0.slice(axis: 0, 1..<3) },
                one("slice axis -1 0..<1", [3, 4]) { $0.slice(axis: -1, 0..<1) },
                one("slice axis 1 1..<2", [2, 3, 4]) { $0.slice(axis: 1, 1..<2) },
                one("slice whole axis", [2, 3]) { $0.slice(axis: 1, 0..<3) },
            ]
        }
        t[.pad] = {
            [
                one("pad axis 1 (1, 2) with 0.5", [2, 3]) { $0.padded(axis: 1, before: 1, after: 2, value: 0.5) },
                one("pad axis 0 (0, 1)", [2, 3]) { $0.padded(axis: 0, before: 0, after: 1) },
                one("pad axis -1 (2, 0)", [1, 2, 2]) { $0.padded(axis: -1, before: 2, after: 0) },
            ]
        }
    }

    static func indexing(_ t: inout [OpName: Checks]) {
        t[.gather] = {
            var m = InputMaker("gather")
            let x = m.uniform([3, 4])
            let y = m.uniform([2, 3, 2])
            let i1 = m.ints(6, below: 4)
            let i0 = m.ints(20, below: 3)
            let i2 = m.ints(16, below: 3)
            return [
                GradientChecker.check("gather [3,4] axis 1, 2 per row", [x]) {
                    $0[0].gather(axis: 1, indices: i1, indexShape: [3, 2])
                },
                GradientChecker.check("gather [3,4] axis 0, 5 per column", [x]) {
                    $0[0].gather(axis: 0, indices: i0, indexShape: [5, 4])
                },
                GradientChecker.check("gather [2,3,2] axis -2", [y]) {
                    $0[0].gather(axis: -2, indices: i2, indexShape: [2, 4, 2])
                },
                GradientChecker.check("gather with all indices equal", [x]) {
                    $0[0].gather(axis: 1, indices: [Int](repeating: 2, count: 9), indexShape: [3, 3])
                },
            ]
        }
        t[.indexSelect] = {
            var m = InputMaker("indexSelect")
            let x = m.uniform([4, 3])
            let y = m.uniform([2, 3, 2])
            return [
                GradientChecker.check("indexSelect axis 0 [2, 0, 2, 3]", [x]) {
                    $0[0].indexSelect(axis: 0, [2, 0, 2, 3])
                },
                GradientChecker.check("indexSelect axis 1 [1, 1]", [x]) { $0[0].indexSelect(axis: 1, [1, 1]) },
                GradientChecker.check("indexSelect axis -1 [1, 0, 1]", [y]) { $0[0].indexSelect(axis: -1, [1, 0, 1]) },
            ]
        }
        t[.embedding] = {
            var m = InputMaker("embedding")
            let table = m.uniform([5, 3])
            let ids = m.ints(6, below: 5) + [4, 4]
            return [
                GradientChecker.check("embedding ids [2, 4] with repeats", [table]) {
                    embedding($0[0], ids: ids, idShape: [2, 4])
                },
                GradientChecker.check("embedding of one id, idShape []", [table]) {
                    embedding($0[0], ids: [3], idShape: [])
                },
                GradientChecker.check("embedding ids [3]", [table]) { embedding($0[0], ids: [0, 0, 1], idShape: [3]) },
            ]
        }
        // Not differentiable (its inputs are integers) and records no node: checked by value.
        t[.oneHot] = {
            var r = CheckResult(label: "oneHot forward values (not differentiable)")
            let y = oneHot([2, -1, 0, 5, 1, 1], idShape: [2, 3], depth: 3)
            let expected: [Float] = [0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0]
            r.checkedElements = expected.count
            if y.shape != [2, 3, 3] { r.failures.append("shape \(y.shape)") }
            if y.scalars != expected { r.failures.append("values \(y.scalars)") }
            if y.requiresGradient { r.failures.append("oneHot requires a gradient") }
            return [r]
        }
        // The mask is not differentiable (a step function); a and b are, with broadcasting.
        t[.select] = {
            var m = InputMaker("select")
            func mask(_ shape: [Int]) -> Tensor {
                Tensor((0..<Shape.count(shape)).map { i in m.rng.nextBool() || i == 0 ? 1 : 0 }, shape: shape)
            }
            var results: [CheckResult] = []
            for (sm, sa, sb) in [
                ([2, 3], [2, 3], [2, 3]), ([3], [2, 3], []), ([2, 1], [1, 3], [2, 3]), ([2, 3], [1], [2, 1]),
            ] {
                let mk = mask(sm)
                let a = m.uniform(sa)
                let b = m.uniform(sb)
                results.append(
                    GradientChecker.check("select mask \(sm) a \(sa) b \(sb)", [mk, a, b], wrt: [1, 2]) {
                        select($0[0], $0[1], $0[2])
                    })
            }
            // A mask that requires a gradient gets exactly zero.
            var r = CheckResult(label: "select mask gradient is zero")
            let mk = mask([2, 3]).requiringGradient()
            let a = m.uniform([2, 3]).requiringGradient()
            let g = select(mk, a, Tensor.zeros([2, 3])).sum().gradients(wrt: [mk])[0]
            r.checkedElements = g.count
            if g.scalars != [Float](repeating: 0, count: 6) { r.failures.append("mask gradient \(g.scalars)") }
            results.append(r)
            return results
        }
    }

    static func layers(_ t: inout [OpName: Checks]) {
        t[.layerNorm] = {
            var results = [[2, 5], [1, 4], [3, 2, 6], [3, 1]].map { shape in
                var m = InputMaker("layerNorm \(shape)")
                let d = shape.last!
                let x = m.uniform(shape, -2, 2)
                let scale = m.uniform([d], 0.5, 1.5)
                let offset = m.uniform([d])
                return GradientChecker.check("layerNorm \(shape)", [x, scale, offset]) {
                    layerNorm($0[0], scale: $0[1], offset: $0[2])
                }
            }
            var m = InputMaker("layerNorm x only")
            let x = m.uniform([2, 4], 5, 7)
            let scale = m.uniform([4], 0.5, 1.5)
            let offset = m.uniform([4])
            results.append(
                GradientChecker.check("layerNorm x only, offset rows", [x, scale, offset], wrt: [0]) {
                    layerNorm($0[0], scale: $0[1], offset: $0[2], epsilon: 1e-3)
                })
            results.append(
                GradientChecker.check("layerNorm scale and offset only", [x, scale, offset], wrt: [1, 2]) {
                    layerNorm($0[0], scale: $0[1], offset: $0[2])
                })
            return results
        }
        t[.softmaxCrossEntropy] = {
            var m = InputMaker("softmaxCrossEntropy")
            let a = m.uniform([3, 5], -3, 3)
            let b = m.uniform([2, 2, 4], -3, 3)
            let c = m.uniform([1, 3], -3, 3)
            let la = m.ints(3, below: 5)
            return [
                GradientChecker.check("softmaxCrossEntropy [3,5], mean", [a]) {
                    softmaxCrossEntropy(logits: $0[0], labels: la)
                },
                GradientChecker.check("softmaxCrossEntropy [2,2,4], weights with a masked row", [b]) {
                    softmaxCrossEntropy(logits: $0[0], labels: [3, -1, 0, 0], weights: [0.5, 0, 1.5, 0.25])
                },
                GradientChecker.check("softmaxCrossEntropy [1,3]", [c]) {
                    softmaxCrossEntropy(logits: $0[0], labels: [2])
                },
            ]
        }
        t[.binaryCrossEntropyWithLogits] = {
            var m = InputMaker("bce")
            let x = m.uniform([2, 3], -3, 3)
            let tg = m.uniform([2, 3], 0, 1)
            let big = m.awayFromZero([4], 5, 15)
            let bigT = Tensor([1, 0, 0.5, 1])
            return [
                GradientChecker.check("bce [2,3] soft targets, mean", [x, tg]) {
                    binaryCrossEntropyWithLogits(logits: $0[0], targets: $0[1])
                },
                GradientChecker.check("bce [2,3] weights with zeros", [x, tg]) {
                    binaryCrossEntropyWithLogits(logits: $0[0], targets: $0[1], weights: [1, 0, 2, 0.5, 0, 1])
                },
                GradientChecker.check("bce large logits, logits only", [big, bigT], wrt: [0]) {
                    binaryCrossEntropyWithLogits(logits: $0[0], targets: $0[1])
                },
            ]
        }
        t[.lstmCell] = {
            var results: [CheckResult] = []
            for (batch, inSize, hidden, bias) in [(2, 3, 4, Float(1)), (1, 1, 2, 0.5), (3, 2, 1, 0)] {
                var m = InputMaker("lstmCell \(batch) \(inSize) \(hidden)")
                let inputs = [
                    m.uniform([batch, inSize]), m.uniform([batch, hidden]), m.uniform([batch, hidden]),
                    m.uniform([inSize, 4 * hidden], -1, 1), m.uniform([hidden, 4 * hidden], -1, 1),
                    m.uniform([4 * hidden], -1, 1),
                ]
                results.append(
                    GradientChecker.checkOutputs("lstmCell B\(batch) I\(inSize) H\(hidden) forgetBias \(bias)", inputs)
                    {
                        let (h, c) = lstmCell(
                            x: $0[0], h: $0[1], c: $0[2], wx: $0[3], wh: $0[4], b: $0[5], forgetBias: bias)
                        return [h, c]
                    })
            }
            var m = InputMaker("lstmCell partial")
            let inputs = [
                m.uniform([2, 3]), m.uniform([2, 2]), m.uniform([2, 2]),
                m.uniform([3, 8], -1, 1), m.uniform([2, 8], -1, 1), m.uniform([8], -1, 1),
            ]
            results.append(
                GradientChecker.checkOutputs("lstmCell state only, c' unused", inputs, wrt: [1, 2]) {
                    [lstmCell(x: $0[0], h: $0[1], c: $0[2], wx: $0[3], wh: $0[4], b: $0[5]).h]
                })
            results.append(
                GradientChecker.checkOutputs("lstmCell weights only, h' unused", inputs, wrt: [3, 4, 5]) {
                    [lstmCell(x: $0[0], h: $0[1], c: $0[2], wx: $0[3], wh: $0[4], b: $0[5]).c]
                })
            return results
        }
    }
}

@Suite struct OpGradientTests {
    /// Ops this file checks: every op but the ones checked elsewhere.
    static let checkedHere = OpName.allCases.filter { CheckedOps.elsewhere[$0] == nil }

    @Test func everyOpHasAGradientCheck() {
        let exported = Set(OpName.allCases)
        let covered = Set(OpGradientChecks.table.keys).union(CheckedOps.elsewhere.keys)
        let missing = exported.subtracting(covered).map(\.rawValue).sorted()
        #expect(missing.isEmpty, "ops without a gradient check: \(missing)")
        // An op is checked in exactly one place.
        let twice = Set(OpGradientChecks.table.keys).intersection(CheckedOps.elsewhere.keys).map(\.rawValue).sorted()
        #expect(twice.isEmpty, "ops registered here and elsewhere: \(twice)")
    }

    /// An op listed in `CheckedOps.elsewhere` must be named (as `.op`) in the file listed
    /// for it. Skipped when the test sources are not on disk next to this file.
    @Test func opsCheckedElsewhereHaveTheirFile() {
        guard FileManager.default.fileExists(atPath: #filePath) else { return }
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        for (op, file) in CheckedOps.elsewhere.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let path = tests.appendingPathComponent(file).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                Issue.record("\(op.rawValue) is listed as checked in \(file), which does not exist")
                continue
            }
            #expect(text.contains(".\(op.rawValue)"), "\(file) does not mention .\(op.rawValue)")
        }
    }

    @Test(arguments: checkedHere)
    func gradientCheck(_ op: OpName) {
        guard let checks = OpGradientChecks.table[op] else {
            Issue.record("no gradient check registered for \(op.rawValue)")
            return
        }
        let results = checks()
        #expect(!results.isEmpty, "\(op.rawValue) has an empty check list")
        for r in results {
            #expect(r.passed, "\(r)")
        }
    }
}

/// The checker must fail wrong gradients, including slightly wrong ones and wrong shapes
/// of broadcasting, or the table above proves nothing.
@Suite struct GradientCheckerSelfTests {
    /// y = 2x with the given backward.
    static func doubled(_ x: Tensor, backward: @escaping (Tensor) -> Tensor) -> Tensor {
        Tensor.record(.multiply, inputs: [x], output: Kernels.map(x) { 2 * $0 }) { g, _ in [backward(g)] }
    }

    @Test func acceptsTheRightGradient() {
        var m = InputMaker("self test")
        let r = GradientChecker.check("2x", [m.uniform([3, 2])]) {
            Self.doubled($0[0]) { g in Kernels.map(g) { 2 * $0 } }
        }
        #expect(r.passed && r.checkedElements == 6, "\(r)")
    }

    @Test func rejectsWrongGradients() {
        var m = InputMaker("self test")
        let x = m.uniform([3, 2], 0.5, 2)
        let wrong: [(String, (Tensor) -> Tensor)] = [
            ("sign", { g in Kernels.map(g) { -2 * $0 } }),
            ("one percent", { g in Kernels.map(g) { 2.02 * $0 } }),
            (
                "one element",
                { g in
                    var t = Kernels.map(g) { 2 * $0 }
                    t[[1, 1]] += 0.05
                    return t
                }
            ),
            ("zero", { g in Tensor.zeros(g.shape) }),
        ]
        for (name, backward) in wrong {
            let r = GradientChecker.check(name, [x]) { Self.doubled($0[0], backward: backward) }
            #expect(!r.passed, "the checker accepted a wrong gradient (\(name))")
        }
        // An output that does not depend on the checked input at all is reported.
        let r = GradientChecker.check("constant", [x]) { $0[0].detached * 2 }
        #expect(!r.passed)
    }
}
