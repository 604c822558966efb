import ReckonSupport

/// modular_polynomial: Power et al. 2022's polynomial tables, P(x, y) mod p over all p² pairs
/// x, y in 0 ..< p (their p is 97), of which a fixed `train_fraction` trains.
///
/// Entry i is x = i / p, y = i % p; input ids are x, y and p (the `=` token), as `ModularTable`'s.
public struct ModularPolynomial: FiniteTableTask, ConfigurableTask {
    /// The polynomial operations among Power et al.'s datasets, named by their monomials.
    public enum Polynomial: String, SettingChoice {
        /// x² + y².
        case x2PlusY2 = "x2_plus_y2"
        /// x² + xy + y² (Nanda et al.'s `x2xyy2`).
        case x2PlusXYPlusY2 = "x2_plus_xy_plus_y2"
        /// x² + xy + y² + x.
        case x2PlusXYPlusY2PlusX = "x2_plus_xy_plus_y2_plus_x"
        /// x³ + xy.
        case x3PlusXY = "x3_plus_xy"
        /// x³ + xy² + y.
        case x3PlusXY2PlusY = "x3_plus_xy2_plus_y"

        /// As the summary writes it.
        public var formula: String {
            switch self {
            case .x2PlusY2: return "x^2 + y^2"
            case .x2PlusXYPlusY2: return "x^2 + xy + y^2"
            case .x2PlusXYPlusY2PlusX: return "x^2 + xy + y^2 + x"
            case .x3PlusXY: return "x^3 + xy"
            case .x3PlusXY2PlusY: return "x^3 + xy^2 + y"
            }
        }

        /// The generator's route: each product reduced mod p as it is formed (p ≤ 1000 keeps every
        /// intermediate below 10⁶ · 3).
        func evaluate(_ x: Int, _ y: Int, p: Int) -> Int {
            let xx = x * x % p
            let yy = y * y % p
            switch self {
            case .x2PlusY2: return (xx + yy) % p
            case .x2PlusXYPlusY2: return (xx + x * y % p + yy) % p
            case .x2PlusXYPlusY2PlusX: return (xx + x * y % p + yy + x) % p
            case .x3PlusXY: return (xx * x % p + x * y % p) % p
            case .x3PlusXY2PlusY: return (xx * x % p + x * yy % p + y) % p
            }
        }

        /// The solver's view: the monomials x^i y^j, each with coefficient 1.
        var monomials: [(x: Int, y: Int)] {
            switch self {
            case .x2PlusY2: return [(2, 0), (0, 2)]
            case .x2PlusXYPlusY2: return [(2, 0), (1, 1), (0, 2)]
            case .x2PlusXYPlusY2PlusX: return [(2, 0), (1, 1), (0, 2), (1, 0)]
            case .x3PlusXY: return [(3, 0), (1, 1)]
            case .x3PlusXY2PlusY: return [(3, 0), (1, 2), (0, 1)]
            }
        }
    }

    /// The settings of `modular_polynomial`.
    public struct Settings: SettingGroup {
        @Setting("polynomial", "which polynomial of x and y the table holds (Power et al. 2022)")
        public var polynomial = Polynomial.x2PlusY2
        @Setting("p", "the modulus (97 in Power et al. 2022)", minimum: 2, maximum: 1000)
        public var p = 97
        // Power et al.'s Figure 1 trains on 50% of the table.
        @Setting("train_fraction", "the fraction of the table's entries that train", above: 0, below: 1)
        public var trainFraction = 0.5
        @Setting("split_seed", "the seed of the shuffle that picks the training entries")
        public var splitSeed: UInt64 = 0

        public init() {}
    }

    public var settings: Settings {
        didSet { split = Self.split(settings) }
    }

    public private(set) var split: TableSplit

    public init() { self.init(settings: Settings()) }

    /// The task with these settings (not checked: `configured` checks what users write).
    public init(settings: Settings) {
        self.settings = settings
        split = Self.split(settings)
    }

    static func split(_ settings: Settings) -> TableSplit {
        TableSplit(entryCount: settings.p * settings.p, trainFraction: settings.trainFraction, seed: settings.splitSeed)
    }

    public var name: String { "modular_polynomial" }
    public var level: TaskLevel { .table }
    public var summary: String {
        "\(settings.polynomial.formula) mod p from x y =, on a fixed split of the table "
            + "(Power et al. 2022; p=\(settings.p), train_fraction=\(settings.trainFraction))"
    }
    public var inputSymbols: [String] { (0..<settings.p).map(String.init) + ["="] }
    public var outputSymbols: [String] { (0..<settings.p).map(String.init) }

    public var entryCount: Int { settings.p * settings.p }
    /// Tokens 0 … p − 1 are the residues, read in the Fourier basis of Z_p.
    public var fourierModulus: Int? { settings.p }

    public func input(ofEntry i: Int) -> [Int] {
        let (x, y) = i.quotientAndRemainder(dividingBy: settings.p)
        return [x, y, settings.p]
    }

    public func answer(ofEntry i: Int) -> Int {
        let (x, y) = i.quotientAndRemainder(dividingBy: settings.p)
        return settings.polynomial.evaluate(x, y, p: settings.p)
    }

    /// The polynomial's exact value, monomial by monomial, reduced once at the end (x, y < 1000, so
    /// a cubic monomial is below 10⁹ and the sum fits an Int).
    public func solve(_ input: [Int]) -> [Int] {
        precondition(input.count == 3 && input[2] == settings.p, "a table input is x y =, not \(input)")
        let (x, y) = (input[0], input[1])
        let value = settings.polynomial.monomials.reduce(0) { sum, m in
            sum + (0..<m.x).reduce(1) { v, _ in v * x } * (0..<m.y).reduce(1) { v, _ in v * y }
        }
        return [value % settings.p]
    }
}
