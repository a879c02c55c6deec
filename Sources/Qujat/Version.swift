/// Qujat's version, written into every PDF as its Creator.
public enum QujatVersion {
    public static let string = "0.1.0"
    public static var creator: String { "Qujat \(string)" }
}
