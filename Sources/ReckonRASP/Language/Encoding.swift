/// How an s-op is laid out in the residual stream, as tracr's encodings: one direction per value
/// (categorical, a one-hot; the default) or one direction holding the number (numerical).
public enum Encoding: String, Sendable, Codable {
    case categorical, numerical
}
