/// The defaults of one of Madsen & Johansen's models on the static function task: its two
/// units and its regularizer schedule (stable-nalu `lfs_batch_jobs/function_task_static.sh` and
/// `experiments/simple_function_static.py` defaults).
public protocol ArithmeticPreset: Sendable {
    static var first: ArithmeticUnitKind { get }
    static var second: ArithmeticUnitKind { get }
    static var regularizer: Double { get }
    static var start: Int { get }
    static var end: Int { get }
}

extension ArithmeticPreset {
    /// The script's defaults: --regualizer 10, scaling from step 10^6 to 2·10^6.
    public static var regularizer: Double { 10 }
    public static var start: Int { 1_000_000 }
    public static var end: Int { 2_000_000 }
}

/// `nau`: NAU → NAU, with the job script's --regualizer 0.01 --regualizer-scaling-start 5000
/// --regualizer-scaling-end 50000.
public enum NAUPreset: ArithmeticPreset {
    public static var first: ArithmeticUnitKind { .nau }
    public static var second: ArithmeticUnitKind { .nau }
    public static var regularizer: Double { 0.01 }
    public static var start: Int { 5_000 }
    public static var end: Int { 50_000 }
}

/// `nmu`: NAU → NMU (`--layer-type ReRegualizedLinearNAC --nac-mul mnac`), script defaults.
public enum NMUPreset: ArithmeticPreset {
    public static var first: ArithmeticUnitKind { .nau }
    public static var second: ArithmeticUnitKind { .nmu }
}

/// `nac`: NAC → NAC (NAC₊); `second_layer=nac_mul` gives NAC•.
public enum NACPreset: ArithmeticPreset {
    public static var first: ArithmeticUnitKind { .nac }
    public static var second: ArithmeticUnitKind { .nac }
}

/// `nalu`: NALU → NALU.
public enum NALUPreset: ArithmeticPreset {
    public static var first: ArithmeticUnitKind { .nalu }
    public static var second: ArithmeticUnitKind { .nalu }
}

/// `linear`: affine → affine, the paper's linear baseline.
public enum LinearPreset: ArithmeticPreset {
    public static var first: ArithmeticUnitKind { .linear }
    public static var second: ArithmeticUnitKind { .linear }
}
