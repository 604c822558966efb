/// The values a group's settings take while it is being made.
///
/// A property wrapper's storage cannot be written by name from outside (reflection reads only),
/// so a group is made by calling its `init()` while this scope holds the values by name: each
/// `@Setting` initializer looks its own name up here (argument-parser decodes its `@Option`s
/// for the same reason). Task-local, so threads making groups at once never see each other's.
public enum SettingScope {
    @TaskLocal static var values: [String: any SettingValue]?

    /// Runs `make` with `values` (name to typed value) visible to every `@Setting` it initializes.
    public static func with<T>(_ values: [String: any SettingValue], _ make: () throws -> T) rethrows -> T {
        try $values.withValue(values, operation: make)
    }

    /// The value given for `name`, if a scope is open and gives one of this type.
    static func value<V: SettingValue>(named name: String, as type: V.Type) -> V? {
        guard let v = values?[name] else { return nil }
        guard let typed = v as? V else {
            preconditionFailure("setting '\(name)' was given \(v) of another type than \(V.self)")
        }
        return typed
    }
}
