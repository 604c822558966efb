/// The operation of a `ModularTable`: a type rather than a value, so that the table's settings
/// (`ModularTable.Settings.problem()`, which sees no instance) can refuse a composite p where the
/// operation needs a field. Its four conformers below are the four operations of the grokking
/// papers' arithmetic tables (Power et al. 2022, Nanda et al. 2023).
///
/// Each operation computes its answer twice, by two unrelated routes: `combine` is the generator's
/// (one formula, division through a table of inverses found by extended Euclid), `solve` the
/// solver's (counting steps around the circle for + − ×, Fermat's little theorem for ÷).
public protocol ModularOperation: Sendable {
    /// The task's catalog name (`modular_addition`).
    static var taskName: String { get }
    /// The operation written on x and y, for summaries (`x + y`).
    static var formula: String { get }
    /// Whether the table needs p prime: x · y⁻¹ needs every nonzero y invertible; x · y is
    /// refused on a composite p too, as no paper trains it there.
    static var needsPrimeModulus: Bool { get }
    /// Whether y ranges over 1 ..< p (division) rather than 0 ..< p.
    static var excludesZeroRightOperand: Bool { get }
    /// x ∘ y mod p as the generator computes it; `inverses[y]` is y⁻¹ mod p for every y coprime to p.
    static func combine(_ x: Int, _ y: Int, p: Int, inverses: [Int32]) -> Int
    /// x ∘ y mod p computed without `combine`'s formula or tables.
    static func solve(_ x: Int, _ y: Int, p: Int) -> Int
}

/// x + y mod p (Nanda et al. 2023's task).
public enum ModularAddition: ModularOperation {
    public static let taskName = "modular_addition"
    public static let formula = "x + y"
    public static let needsPrimeModulus = false
    public static let excludesZeroRightOperand = false
    public static func combine(_ x: Int, _ y: Int, p: Int, inverses: [Int32]) -> Int { (x + y) % p }
    /// y steps forward from x.
    public static func solve(_ x: Int, _ y: Int, p: Int) -> Int {
        var z = x
        for _ in 0..<y { z = z == p - 1 ? 0 : z + 1 }
        return z
    }
}

/// x − y mod p.
public enum ModularSubtraction: ModularOperation {
    public static let taskName = "modular_subtraction"
    public static let formula = "x - y"
    public static let needsPrimeModulus = false
    public static let excludesZeroRightOperand = false
    public static func combine(_ x: Int, _ y: Int, p: Int, inverses: [Int32]) -> Int { (x - y + p) % p }
    /// y steps back from x.
    public static func solve(_ x: Int, _ y: Int, p: Int) -> Int {
        var z = x
        for _ in 0..<y { z = z == 0 ? p - 1 : z - 1 }
        return z
    }
}

/// x · y mod p.
public enum ModularMultiplication: ModularOperation {
    public static let taskName = "modular_multiplication"
    public static let formula = "x * y"
    public static let needsPrimeModulus = true
    public static let excludesZeroRightOperand = false
    public static func combine(_ x: Int, _ y: Int, p: Int, inverses: [Int32]) -> Int { x * y % p }
    /// x added y times, reduced after each addition.
    public static func solve(_ x: Int, _ y: Int, p: Int) -> Int {
        var z = 0
        for _ in 0..<y {
            z += x
            if z >= p { z -= p }
        }
        return z
    }
}

/// x · y⁻¹ mod p for y ≠ 0 (Power et al. 2022's Figure 1 task).
public enum ModularDivision: ModularOperation {
    public static let taskName = "modular_division"
    public static let formula = "x / y"
    public static let needsPrimeModulus = true
    public static let excludesZeroRightOperand = true
    public static func combine(_ x: Int, _ y: Int, p: Int, inverses: [Int32]) -> Int { x * Int(inverses[y]) % p }
    /// x · y^(p−2): for prime p and y ≠ 0, y^(p−1) = 1 (Fermat), so y^(p−2) is y's inverse.
    public static func solve(_ x: Int, _ y: Int, p: Int) -> Int {
        precondition(y % p != 0, "division by 0 mod \(p)")
        var power = 1
        var base = y % p
        var exponent = p - 2
        while exponent > 0 {
            if exponent & 1 == 1 { power = power * base % p }
            base = base * base % p
            exponent >>= 1
        }
        return x * power % p
    }
}

extension Int {
    /// Whether the number is prime (trial division: settings allow p ≤ 1000).
    var isPrime: Bool {
        guard self >= 2 else { return false }
        var d = 2
        while d * d <= self {
            if self % d == 0 { return false }
            d += 1
        }
        return true
    }

    /// The smallest factor above 1 (the number itself when prime), for messages about composites.
    var smallestFactor: Int {
        var d = 2
        while d * d <= self {
            if self % d == 0 { return d }
            d += 1
        }
        return self
    }
}
