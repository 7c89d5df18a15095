import ArgumentParser

struct Db: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage the embedded PostgreSQL cluster under .crmwh/.")
}
