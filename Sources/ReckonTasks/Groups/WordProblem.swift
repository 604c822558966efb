import ReckonSupport

/// word_problem (Merrill, Petty & Sabharwal 2024, "The Illusion of State in State-Space
/// Models"; data from jopetty/word-problem): a sequence of elements of a finite group, each
/// uniform, and at every position the product of the elements so far, x0·x1···xt, with the
/// group's own product (for permutations, "left after right": (a·b)(i) = a(b(i))).
///
/// Element ids are word-problem's indices (`GroupTable`), so its CSV files read and write
/// unchanged (`WordProblemCSV`). The output at position t is read at input position t
/// (`outputsAtEachInput`), as the paper's models tag every prefix.
public struct WordProblem: ConfigurableTask {
    /// The settings of `word_problem`.
    public struct Settings: SettingGroup {
        @Setting("group", "the group, as word-problem names it: S3, S5, A5, Z60, A4_x_Z5, ...")
        public var group = GroupName.a5

        public init() {}
    }

    public var settings = Settings() {
        didSet { table = GroupTable(settings.group) }
    }

    /// The generator's multiplication, kept beside the settings it is made from.
    private var table = GroupTable(.a5)

    public init() {}

    /// The task on `group`.
    public init(group: GroupName) {
        settings.group = group
        table = GroupTable(group)
    }

    public var name: String { "word_problem" }
    public var level: TaskLevel { .stateTracking }
    public var summary: String {
        "running product of group elements at every position (Merrill et al. 2024; group=\(settings.group))"
    }
    public var outputLengthRule: String { "L" }
    public var lengthNote: String { "any length >= 1; element ids are word-problem's, 0 the identity" }
    public var inputSymbols: [String] { (0..<table.order).map(String.init) }
    public var outputSymbols: [String] { inputSymbols }
    /// The paper reports whether the whole sequence of products is right, beside per-position accuracy.
    public var reportsExactMatch: Bool { true }
    /// Position t's product is read at input position t, not at a blank after the input.
    public var outputsAtEachInput: Bool { true }

    public func outputLength(forInputLength length: Int) -> Int { length }

    public func sample(batchSize: Int, length: Int, rng: inout RandomGenerator) -> Batch {
        requireValid(batchSize: batchSize, length: length)
        let order = table.order
        var input = [Int](repeating: 0, count: batchSize * length)
        var target = input
        for b in 0..<batchSize {
            var product = 0
            for t in 0..<length {
                let x = rng.nextInt(below: order)
                product = table.multiply(product, x)
                input[b * length + t] = x
                target[b * length + t] = product
            }
        }
        return Batch(
            batchSize: batchSize, inputLength: length, outputLength: length, input: .tokens(input),
            target: .tokens(target))
    }

    public func solve(_ input: [Int]) -> [Int] { GroupWordSolver(settings.group).runningProducts(input) }
}
