/// What the summary says of each group, counted as documents are committed: documents,
/// pages, and the content key that tells a rerun whether a printed group changed. Kept
/// per group rather than per document, so a batch's memory does not grow with its size.
struct GroupTally {
    struct Entry {
        var documents = 0
        var pages = 0
        var key: Fingerprint
    }

    /// Groups in the order of their first document.
    private(set) var order: [String] = []
    private(set) var entries: [String: Entry] = [:]
    private let duplex: Bool

    init(duplex: Bool) {
        self.duplex = duplex
    }

    mutating func add(group: String, id: String, pages: Int) {
        var entry = entries[group] ?? {
            order.append(group)
            var key = Fingerprint()
            key.add(duplex ? "duplex" : "simplex")
            return Entry(key: key)
        }()
        entry.documents += 1
        entry.pages += pages
        entry.key.add(id)
        entry.key.add(String(pages))
        entries[group] = entry
    }
}
