/// The harness's Swift files (`Harness/Runner/`) as the tool embeds them. They are real files, not
/// string literals, so the package build type-checks them (target `CourseHarness` compiles that
/// folder); SwiftPM's `embedInCode` puts their bytes into this module, with no resource bundle to
/// find at run time (the release build links the standard library statically).
enum HarnessFile {
    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
