import ArgumentParser

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply sql/migrations to the warehouse.")
}
