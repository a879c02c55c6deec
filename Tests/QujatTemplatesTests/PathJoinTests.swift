import Foundation
@testable import QujatTemplates
import Testing

/// `TemplateLibrary.join` against its oracle, `NSString.appendingPathComponent`: file names in
/// template errors must not change.
@Suite struct PathJoinTests {
    @Test func sameAsNSString() {
        let folders = ["Templates", "Templates/", "/work/main/Templates", "/a//b/", "a///", "", "/", "//", "./x", "../Templates/", "Үлгілер/", "a b/c"]
        let names = ["types.yaml", "license", "kk.yaml", "schema.yaml", "қазақ.yaml"]
        for folder in folders {
            for name in names {
                #expect(TemplateLibrary.join(folder, name) == (folder as NSString).appendingPathComponent(name), "\(folder) + \(name)")
            }
        }
    }
}
