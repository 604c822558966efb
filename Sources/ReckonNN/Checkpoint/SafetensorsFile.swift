import ReckonTensor

/// The contents of a safetensors file: F32 tensors by name, string metadata, and the names in file order.
public struct SafetensorsFile {
    /// Every tensor, by name.
    public var tensors: [String: Tensor]
    /// The `__metadata__` map; empty when the file has none.
    public var metadata: [String: String]
    /// Tensor names in the order the header lists them (sorted, for files Reckon wrote).
    public var names: [String]

    /// A file's contents; `names` should list every key of `tensors` once.
    public init(tensors: [String: Tensor], metadata: [String: String], names: [String]) {
        self.tensors = tensors
        self.metadata = metadata
        self.names = names
    }

    /// The tensor called `name`, if present.
    public subscript(name: String) -> Tensor? { tensors[name] }
}
