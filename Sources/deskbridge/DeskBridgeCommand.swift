import ArgumentParser

@main
struct DeskBridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deskbridge",
        abstract: "A gateway between the iAdvize Desk's plugins and the shops and CRMs merchants run.",
        version: DeskBridgeVersion.current,
        subcommands: [ServeCommand.self, CheckCommand.self, TryCommand.self, SignCommand.self],
        defaultSubcommand: ServeCommand.self)
}

enum DeskBridgeVersion {
    static let current = "0.1.0"
}
