/// The last seven run lengths of a row or column, newest first.
struct QRFinderHistory {
    let size: Int
    var runs = (0, 0, 0, 0, 0, 0, 0)

    init(size: Int) { self.size = size }

    mutating func add(_ length: Int) {
        let length = runs.0 == 0 ? length + size : length  // the light border before the first run
        runs = (length, runs.0, runs.1, runs.2, runs.3, runs.4, runs.5)
    }

    /// Finder-like 1:1:3:1:1 patterns with four light modules on one side (0, 1 or 2).
    func patterns() -> Int {
        let n = runs.1
        let core = n > 0 && runs.2 == n && runs.3 == n * 3 && runs.4 == n && runs.5 == n
        return (core && runs.0 >= n * 4 && runs.6 >= n ? 1 : 0) + (core && runs.6 >= n * 4 && runs.0 >= n ? 1 : 0)
    }
}
