import Foundation
import Qujat
import QujatTemplates

/// The templates every input is checked against: `QUJAT_TEMPLATES`, or Templates/ next to
/// this package.
let library: TemplateLibrary = {
    let directory = ProcessInfo.processInfo.environment["QUJAT_TEMPLATES"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Templates").path
    return try! TemplateLibrary(directory: directory)
}()

/// One input: parse, validate, and for a valid case fill its template. Any trap is a finding;
/// an error is the expected answer to bad input. A template error for a valid case is a
/// finding too (validate must decide before any template runs), so it traps on purpose.
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Data(bytes: $0, count: size) } ?? Data()
    guard let prepared = try? library.prepare(json: bytes) else { return 0 }
    do {
        _ = try library.document(for: prepared, creator: "fuzz")
    } catch {
        fatalError("a valid case failed in its template: \(error)")
    }
    return 0
}

/// libFuzzer's driver (from `-sanitize=fuzzer`), called from this program's own main: SwiftPM
/// gives an executable's main another name, so libFuzzer's main cannot be used.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

func start() -> Int32 {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    _ = library
    return runDriver(&argc, &argv) { data, size in fuzz(data, size) }
}

exit(start())
