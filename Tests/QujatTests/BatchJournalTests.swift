import Foundation
@testable import QujatBatch
import Qujat
import QujatLayout
import QujatPDF
import Testing
import QujatDocument

@Suite("batch journal")
struct BatchJournalTests {
    @Test("document lines read back exactly, whatever the id, group and title hold")
    func roundTrip() throws {
        let folder = temporaryFolder().path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let nasty = "«Қайта» \"ресімдеу\" \\ / \t\n\r \u{1} \u{1F} ₸ 😀"
        let documents = [
            BatchJournal.Document(key: "k1", id: "doc-1", group: nil, title: nasty, info: PageInfo(pages: 3, sheetStarts: [1, 2]), size: 123),
            BatchJournal.Document(key: "k2", id: "id \"quoted\"", group: "dept/2 \\ ә", title: "", info: PageInfo(pages: 1), size: 9),
        ]
        do {
            let journal = try BatchJournal(folder: folder)
            for (index, document) in documents.enumerated() { journal.recordDocument(index: index, document) }
            journal.write()
        }
        let lines = try String(contentsOfFile: folder + "/.qujat-batch.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines { #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "\(line)") }
        let reread = try BatchJournal(folder: folder)
        for (index, document) in documents.enumerated() {
            let read = try #require(reread.documents[index])
            #expect(read.key == document.key && read.id == document.id && read.group == document.group)
            #expect(read.title == document.title && read.info == document.info && read.size == document.size)
        }
    }
}
