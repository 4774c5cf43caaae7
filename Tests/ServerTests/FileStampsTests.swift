import Foundation
import Testing

@testable import Server

@Suite struct FileStampsTests {
    /// The layout Kubernetes gives a mounted ConfigMap: each file is a symlink through `..data`,
    /// and an update swaps `..data` to a new timestamped folder.
    @Test func seesAConfigMapStyleSymlinkSwap() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("stamps-\(UUID().uuidString)").path
        let manager = FileManager.default
        defer { try? manager.removeItem(atPath: root) }
        func version(_ name: String, config: String, adapter: String) throws {
            try manager.createDirectory(atPath: "\(root)/\(name)", withIntermediateDirectories: true)
            try config.write(toFile: "\(root)/\(name)/config.yaml", atomically: false, encoding: .utf8)
            try adapter.write(toFile: "\(root)/\(name)/shop.yaml", atomically: false, encoding: .utf8)
        }
        try version("..2026_11_25_01", config: "a: 1\n", adapter: "x: 1\n")
        try manager.createSymbolicLink(atPath: "\(root)/..data", withDestinationPath: "..2026_11_25_01")
        try manager.createSymbolicLink(atPath: "\(root)/config.yaml", withDestinationPath: "..data/config.yaml")
        try manager.createSymbolicLink(atPath: "\(root)/shop.yaml", withDestinationPath: "..data/shop.yaml")

        let before = FileStamps.read(config: "\(root)/config.yaml", adapters: root)
        #expect(before.stamps.count == 2)
        #expect(FileStamps.read(config: "\(root)/config.yaml", adapters: root) == before)

        // Same sizes, and possibly the same modification times: only the target changes.
        try version("..2026_11_25_02", config: "a: 2\n", adapter: "x: 2\n")
        try manager.createSymbolicLink(atPath: "\(root)/..data_tmp", withDestinationPath: "..2026_11_25_02")
        #expect(rename("\(root)/..data_tmp", "\(root)/..data") == 0)
        #expect(FileStamps.read(config: "\(root)/config.yaml", adapters: root) != before)
    }

    @Test func seesAnInPlaceEditAndANewAdapter() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("stamps-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "a: 1\n".write(toFile: "\(root)/config.yaml", atomically: true, encoding: .utf8)
        let first = FileStamps.read(config: "\(root)/config.yaml", adapters: root)
        try "a: 10\n".write(toFile: "\(root)/config.yaml", atomically: true, encoding: .utf8)
        let second = FileStamps.read(config: "\(root)/config.yaml", adapters: root)
        #expect(second != first)
        try "x: 1\n".write(toFile: "\(root)/new.yml", atomically: true, encoding: .utf8)
        try "not an adapter".write(toFile: "\(root)/notes.txt", atomically: true, encoding: .utf8)
        let third = FileStamps.read(config: "\(root)/config.yaml", adapters: root)
        #expect(third.stamps.count == 2)
        #expect(third != second)
    }
}
