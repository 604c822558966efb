/// The bounds every input to ReckonRASP is checked against before Reckon recurses or allocates on
/// it. Each refusal is a one-line error that names the bound (docs/reference/rasp.md, "Limits").
///
/// Why these numbers (measured on x86-64 Linux, release build, `ulimit -s` setting the stack):
/// - `nesting`: before the bound, 3 617 nested parentheses or 3 618 nested `map(v -> v, …)`
///   crashed `rasp run` on an 8 MiB stack (about 2.3 KB a level), and 14 000 `not`s or a chain of
///   14 000 `+ 0` did too; 255 parentheses already needed 598 KiB, more than the 512 KiB a
///   secondary thread gets on Linux. Parsing and elaborating now run on an 8 MiB thread of their
///   own (`LargeStack`), where the deepest program at the bound needs at most 662 KiB; everything
///   after them (interpreting, compiling, verifying, printing, freeing) needs no more stack at the
///   bound than a trivial program, and `RaspLimitTests` runs it all on a 256 KiB thread.
/// - `programNodes`: freeing a chain of s-ops recurses once per s-op (a 60 000-statement chain
///   crashed on 8 MiB; 1 000 need 151 KiB in all), and the compiler's work grows with the number
///   of s-ops; 1 000 s-ops and selectors is far beyond any tracr or RASP-L program (the library's
///   largest, dyck2, has 32).
public enum RaspLimits {
    /// The longest `.rasp` text, in bytes (1 MiB; the library's longest program has 1 225).
    public static let sourceBytes = 1 << 20
    /// How deeply expressions may nest: parentheses, calls, functions, conditionals, tables,
    /// `not` and `-` prefixes, and each operator of a chain (`a + b + c` is two levels) count one.
    public static let nesting = 256
    /// The most nodes a map's function may have after fusing a map of a map into one (beyond it
    /// the two stay separate maps): fusion substitutes one body into the other, so a chain of
    /// `map(x -> x + x, …)` would double the function with every map.
    public static let fusedFunctionNodes = 4_096
    /// The most s-ops and selectors a program may define (the nodes of its graph).
    public static let programNodes = 1_000
    /// The most `select`s one selector may join with `and` (each adds its keys to one head).
    public static let selectorConjuncts = 64
    /// The longest input the interpreter runs and the largest `--max-length` a model is compiled
    /// for: a compiled model's position embedding alone is (max + 1) × (max + …) floats.
    public static let maxLength = 4_096
    /// The largest vocabulary (each token is a direction of the residual stream and a row of the
    /// token embedding, which is at least V × V floats).
    public static let vocabulary = 10_000
    /// The most memory one compile may take, as `ModelBudget` counts it from the value sets and
    /// the schedule before building anything (`CompileOptions.maxModelBytes`): 2 GiB. lib:reverse
    /// compiles up to length 240 (peak RSS 1.38 GB), lib:length up to 3 800 (1.72 GB).
    public static let compiledModelBytes = 2 << 30
    /// The most selector cells the interpreter evaluates for one input: n² for every select,
    /// selector `and`, aggregate and selector width (each compares or scans every pair of
    /// positions). 2²⁶ cells keep one input under about 70 MB and a few seconds.
    public static let interpreterCells = 1 << 26
}
