extension Array {
    /// The element at `i`, or nil outside the array.
    public subscript(safe i: Int) -> Element? { i >= 0 && i < count ? self[i] : nil }
}
