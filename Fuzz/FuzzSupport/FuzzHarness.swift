import Foundation

#if FUZZING
import CLibFuzzer
#endif

/// The one entry point of every fuzz harness (`Fuzz/fuzz-*`, docs/security.md).
///
/// Built with `-sanitize=fuzzer,address -DFUZZING` (scripts/fuzz/run.sh), `run` hands its arguments
/// to libFuzzer, which calls `body` with generated inputs. In the ordinary build it replays the
/// files (or folders of files) given as arguments, the harness's seed corpus by default, so that
/// `swift build` links every harness and its corpus is cheap to replay.
package enum FuzzHarness {
    /// The input under test; a harness crashes (a trap, a precondition) on a bug and returns otherwise.
    package typealias Body = ([UInt8]) -> Void

    /// Set once, before libFuzzer starts calling; read from libFuzzer's single thread only.
    nonisolated(unsafe) static var body: Body = { _ in }

    /// Runs the harness and exits. `corpus` is the harness's seed folder, replayed when no
    /// argument is given.
    package static func run(corpus: String, _ body: @escaping Body) -> Never {
        Self.body = body
        #if FUZZING
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzerTestOneInput))
        #else
        let paths = CommandLine.arguments.dropFirst()
        exit(replay(paths.isEmpty ? [corpus] : Array(paths)))
        #endif
    }

    /// Replays every file under `paths`; the exit status (0, or 1 when a path cannot be read).
    static func replay(_ paths: [String]) -> Int32 {
        var count = 0
        for path in paths {
            guard let files = files(at: path) else {
                FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                return 1
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
                    return 1
                }
                body([UInt8](data))
                count += 1
            }
        }
        print("replayed \(count) inputs")
        return 0
    }

    /// The regular files at `path` (itself, or those of the folder), sorted; nil when unreadable.
    private static func files(at path: String) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return [path] }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return nil }
        return names.filter { !$0.hasPrefix(".") }.sorted().map { (path as NSString).appendingPathComponent($0) }
    }

    /// The repository's `Fuzz/Corpus/<name>`, found from a harness's own source path.
    package static func seedCorpus(_ name: String, harnessFile: String = #filePath) -> String {
        let fuzzFolder = ((harnessFile as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        return (fuzzFolder as NSString).appendingPathComponent("Corpus/\(name)")
    }
}

/// libFuzzer's callback. Also exported under the name libFuzzer's own `main` would call, which
/// `-sanitize=fuzzer` links in though the harness never uses it.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.body(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
