extension Int {
    /// The count with its noun, singular for one: `1.counted("trial")` is "1 trial", `3.counted("run")` "3 runs".
    public func counted(_ noun: String, plural: String? = nil) -> String {
        "\(self) \(self == 1 ? noun : plural ?? noun + "s")"
    }
}
