import ReckonSupport

/// modular_addition, modular_subtraction, modular_multiplication and modular_division: the table of
/// x ∘ y mod p over x, y in 0 ..< p (y in 1 ..< p for division), of which a fixed `train_fraction`
/// trains (Power et al. 2022; Nanda et al. 2023 train x + y mod 113 on 30% of the pairs).
///
/// Entry i is the pair x = i / n, y = i % n over n = p right operands (division: y = i % (p − 1) + 1),
/// so entries run through the table row by row, as Nanda et al.'s `[(i, j, p) for i in range(p) for j
/// in range(p)]` does. Input ids are x, y and p (the `=` token); the answer is x ∘ y mod p.
public struct ModularTable<Operation: ModularOperation>: FiniteTableTask, ConfigurableTask {
    /// The settings of a modular table.
    public struct Settings: SettingGroup {
        @Setting("p", "the modulus (113 in Nanda et al. 2023, 97 in Power et al. 2022)", minimum: 2, maximum: 1000)
        public var p = 113
        @Setting("train_fraction", "the fraction of the table's entries that train", above: 0, below: 1)
        public var trainFraction = 0.3
        @Setting("split_seed", "the seed of the shuffle that picks the training entries")
        public var splitSeed: UInt64 = 0

        public init() {}

        public func problem() -> String? {
            guard Operation.needsPrimeModulus, !p.isPrime else { return nil }
            let factor = p.smallestFactor
            return "p must be prime for \(Operation.formula) mod p, and \(p) = \(factor) * \(p / factor)"
        }
    }

    public var settings: Settings {
        didSet { (split, inverses) = Self.derived(from: settings) }
    }

    public private(set) var split: TableSplit

    /// y⁻¹ mod p for every y coprime to p (0 elsewhere), by extended Euclid: division's generator
    /// reads them, so an answer costs one multiplication.
    private var inverses: [Int32]

    public init() { self.init(settings: Settings()) }

    /// The task with these settings (not checked: `configured` checks what users write).
    public init(settings: Settings) {
        self.settings = settings
        (split, inverses) = Self.derived(from: settings)
    }

    /// What the generator keeps beside its settings.
    static func derived(from settings: Settings) -> (TableSplit, [Int32]) {
        let p = settings.p
        let columns = Operation.excludesZeroRightOperand ? p - 1 : p
        let split = TableSplit(entryCount: p * columns, trainFraction: settings.trainFraction, seed: settings.splitSeed)
        return (split, (0..<p).map { Int32(inverse($0, modulo: p) ?? 0) })
    }

    /// y⁻¹ mod p by the extended Euclidean algorithm, or nil when y and p share a factor.
    static func inverse(_ y: Int, modulo p: Int) -> Int? {
        var (r, nextR) = (p, y)
        var (t, nextT) = (0, 1)
        while nextR != 0 {
            let q = r / nextR
            (r, nextR) = (nextR, r - q * nextR)
            (t, nextT) = (nextT, t - q * nextT)
        }
        return r == 1 ? (t % p + p) % p : nil
    }

    public var name: String { Operation.taskName }
    public var level: TaskLevel { .table }
    public var summary: String {
        "\(Operation.formula) mod p from x y =, on a fixed split of the table "
            + "(Power et al. 2022; p=\(settings.p), train_fraction=\(settings.trainFraction))"
    }
    public var inputSymbols: [String] { (0..<settings.p).map(String.init) + ["="] }
    public var outputSymbols: [String] { (0..<settings.p).map(String.init) }

    /// The number of right operands y.
    var columns: Int { Operation.excludesZeroRightOperand ? settings.p - 1 : settings.p }

    public var entryCount: Int { settings.p * columns }
    /// Tokens 0 … p − 1 are the residues: Nanda et al.'s Fourier basis of Z_p reads their embedding (for x · y
    /// and x / y the algorithm runs over discrete logarithms, so that basis is not the one to expect sparsity in).
    public var fourierModulus: Int? { settings.p }

    /// Entry i's operands.
    func operands(ofEntry i: Int) -> (x: Int, y: Int) {
        let (x, column) = i.quotientAndRemainder(dividingBy: columns)
        return (x, Operation.excludesZeroRightOperand ? column + 1 : column)
    }

    public func input(ofEntry i: Int) -> [Int] {
        let (x, y) = operands(ofEntry: i)
        return [x, y, settings.p]
    }

    public func answer(ofEntry i: Int) -> Int {
        let (x, y) = operands(ofEntry: i)
        return Operation.combine(x, y, p: settings.p, inverses: inverses)
    }

    public func solve(_ input: [Int]) -> [Int] {
        precondition(input.count == 3 && input[2] == settings.p, "a table input is x y =, not \(input)")
        return [Operation.solve(input[0], input[1], p: settings.p)]
    }
}
