import CPangoCairo

/// The system's font configuration, which Qujat never uses: every font map it makes has a
/// fontconfig configuration of its own, holding only the fonts folder.
public enum SystemFonts {
    /// Makes fontconfig's process-wide default configuration an empty one. Pango otherwise
    /// starts a thread that reads the system's (`/etc/fonts`, the system caches: about 5 ms
    /// of CPU, 1.5 ms of a cold `qujat render`). For programs that draw text only through
    /// Qujat, as the `qujat` executable: anything else in the process using fontconfig's
    /// default would find no fonts.
    public static func ignore() {
        guard let empty = FcConfigCreate() else { return }
        _ = FcConfigSetCurrent(empty)
    }
}
