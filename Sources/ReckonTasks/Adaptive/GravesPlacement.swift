import ReckonSupport

/// Which entries of `graves_parity`'s vector carry the k non-zero values.
///
/// Graves (2016, §3.1) writes only that "a random number of bits" of the 64 "were randomly set to
/// 1 or −1 and the remainder were set to 0": "randomly" may name the positions or only the
/// values, and Fig. 3's picture of the input was not readable in the copies consulted. Both
/// readings are offered; `random` is the default because it is the literal one and the harder one
/// (a network cannot find the bits by their index).
public enum GravesPlacement: String, SettingChoice {
    /// k distinct entries, uniformly among all subsets of k.
    case random
    /// The first k entries.
    case first
}
