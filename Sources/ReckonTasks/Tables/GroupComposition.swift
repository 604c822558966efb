import ReckonSupport

/// group_composition: the multiplication table x · y of a finite group, as Chughtai, Chan & Nanda 2023
/// train on S5 and other groups, of which a fixed `train_fraction` trains.
///
/// Element ids and the product are word_problem's (`GroupTable`, jopetty/word-problem's order,
/// 0 the identity; for permutations x · y is "x after y"). Entry i is x = i / n, y = i % n for a
/// group of n elements; input ids are x, y and n (the `=` token).
public struct GroupComposition: FiniteTableTask, ConfigurableTask {
    /// The most elements a group may have: its table has n² entries, so this keeps it under 10⁶ as
    /// p ≤ 1000 does the modular tables' (S6, 720 elements, fits).
    public static let maximumOrder = 1000

    /// The settings of `group_composition`.
    public struct Settings: SettingGroup {
        @Setting("group", "the group, as word-problem names it: S3, S4, S5, A5, Z60, ...")
        public var group = GroupName(parsing: "S5")!
        // 40% is our recollection of Chughtai et al. 2023's training fraction, not checked against
        // the paper here; the run sets train_fraction explicitly.
        @Setting("train_fraction", "the fraction of the table's entries that train", above: 0, below: 1)
        public var trainFraction = 0.4
        @Setting("split_seed", "the seed of the shuffle that picks the training entries")
        public var splitSeed: UInt64 = 0

        public init() {}

        public func problem() -> String? {
            guard group.order > GroupComposition.maximumOrder else { return nil }
            return "group_composition takes groups of at most \(GroupComposition.maximumOrder) elements "
                + "(its table has order^2 entries); \(group) has \(group.order)"
        }
    }

    public var settings: Settings {
        didSet { (split, table) = Self.derived(from: settings) }
    }

    public private(set) var split: TableSplit

    /// The generator's multiplication, kept beside the settings it is made from.
    private var table: GroupTable

    public init() { self.init(settings: Settings()) }

    /// The task with these settings (not checked: `configured` checks what users write).
    public init(settings: Settings) {
        self.settings = settings
        (split, table) = Self.derived(from: settings)
    }

    static func derived(from settings: Settings) -> (TableSplit, GroupTable) {
        let n = settings.group.order
        let split = TableSplit(entryCount: n * n, trainFraction: settings.trainFraction, seed: settings.splitSeed)
        return (split, GroupTable(settings.group))
    }

    public var name: String { "group_composition" }
    public var level: TaskLevel { .table }
    public var summary: String {
        "x * y in a finite group from x y =, on a fixed split of its table "
            + "(Chughtai et al. 2023; group=\(settings.group), train_fraction=\(settings.trainFraction))"
    }
    public var inputSymbols: [String] { (0..<table.order).map(String.init) + ["="] }
    public var outputSymbols: [String] { (0..<table.order).map(String.init) }

    public var entryCount: Int { table.order * table.order }

    public func input(ofEntry i: Int) -> [Int] {
        let (x, y) = i.quotientAndRemainder(dividingBy: table.order)
        return [x, y, table.order]
    }

    public func answer(ofEntry i: Int) -> Int {
        let (x, y) = i.quotientAndRemainder(dividingBy: table.order)
        return table.multiply(x, y)
    }

    /// word_problem's independent solver on the word x y: each index unranked to its permutation
    /// (or residue) by arithmetic, the two composed as arrays, the product ranked back.
    public func solve(_ input: [Int]) -> [Int] {
        precondition(input.count == 3 && input[2] == table.order, "a table input is x y =, not \(input)")
        return [GroupWordSolver(settings.group).runningProducts(Array(input.prefix(2)))[1]]
    }
}
