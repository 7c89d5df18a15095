import Foundation

/// Times the steps of a refresh; a step run twice adds up under one name.
struct StepClock {
    private(set) var steps: [RefreshStep] = []

    @discardableResult
    mutating func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let started = Date()
        let result = try body()
        let seconds = Date().timeIntervalSince(started)
        if let index = steps.firstIndex(where: { $0.name == name }) {
            steps[index].seconds += seconds
        } else {
            steps.append(RefreshStep(name: name, seconds: seconds))
        }
        return result
    }
}
