/// The version stamped into summaries and checkpoints.
public enum ReckonVersion { public static let string = "0.1.0" }
