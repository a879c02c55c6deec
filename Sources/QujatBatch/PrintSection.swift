import Foundation
import Qujat
import QujatDocument
import QujatLayout
import QujatPDF

/// One slice's pages for the print files, drawn on the worker that renders the slice: each
/// document's laid-out pages are painted into its own file and then, a second time, into its
/// group's section here: one Cairo surface per group and slice, so the documents of a section
/// share one subset of each font. The merge thread joins the sections of a group, slice after
/// slice, without drawing (`PDFMerger`).
///
/// Painting the same laid-out pages twice is what keeps printed equal to archived (the tests
/// compare every page's pixels and text) and costs a paint, not a layout: laying each
/// document out again for the print file cost a license 0.46 ms and a mixed document 1.2 ms,
/// up to 60 % of the batch.
///
/// Not `Sendable`: it lives on one worker for one slice, like the Pango state it paints.
final class PrintSection {
    /// A group's pages of the slice, drawn: the PDF and the documents in it.
    struct Drawn: Sendable {
        var pdf: [UInt8]
        var documents: [Placed]
    }

    /// A document's pages in a section: `pages` from `first` (blank duplex pages included).
    struct Placed: Sendable {
        var index: Int
        var outline: String
        var first: Int
        var pages: Int
    }

    private struct Open {
        var box: Box
        var writer: PDFWriter
        var documents: [Placed] = []
    }

    /// Where a section's writer puts its bytes.
    private final class Box {
        var bytes: [UInt8] = []
    }

    private let duplex: Bool
    private var groups: [String: Open] = [:]
    private(set) var fault: QujatError?

    init(duplex: Bool) {
        self.duplex = duplex
    }

    /// Paints a document's pages into its group's section (a failure is kept for `finish`);
    /// `name` gives it its bookmark.
    func add(_ pages: LaidDocument, group: String, index: Int) {
        guard fault == nil else { return }
        if groups[group] == nil {
            // Every line drawn as text, as in the documents' own files: a line painted from a
            // form XObject (`RepeatedLines`) rasterizes a few edge pixels differently (by up to
            // a quarter of black at 100 dpi), and the print pages must equal the archived ones.
            let box = Box()
            let writer = PDFWriter(metadata: Metadata(title: group, author: "", creator: QujatVersion.creator),
                                   reusesRepeatedLines: false, writeBytes: { box.bytes.append(contentsOf: $0) })
            groups[group] = Open(box: box, writer: writer)
        }
        let first = groups[group]!.writer.pageCount
        do throws(RenderError) {
            try groups[group]!.writer.add(pages, outline: nil, padToEven: duplex)
        } catch {
            fault = .render(error)
            return
        }
        groups[group]!.documents.append(Placed(index: index, outline: "", first: first,
                                               pages: groups[group]!.writer.pageCount - first))
    }

    /// The bookmark title of a painted document.
    func name(index: Int, outline: String) {
        for group in groups.keys {
            if let at = groups[group]!.documents.lastIndex(where: { $0.index == index }) { groups[group]!.documents[at].outline = outline }
        }
    }

    /// Leaves a painted document out (it failed after it was laid out: its signature).
    func drop(index: Int) {
        for group in groups.keys { groups[group]!.documents.removeAll { $0.index == index } }
    }

    /// The slice's sections, finished; throws what went wrong while painting.
    func finish() throws(QujatError) -> [String: Drawn] {
        if let fault { throw fault }
        var drawn: [String: Drawn] = [:]
        for (group, open) in groups where !open.documents.isEmpty {  // (all its documents dropped)
            do throws(RenderError) {
                try open.writer.finish()
            } catch {
                throw .render(error)
            }
            drawn[group] = Drawn(pdf: open.box.bytes, documents: open.documents)
        }
        groups.removeAll()
        return drawn
    }
}
