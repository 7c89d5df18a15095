import Foundation

/// Told as a refresh goes: each step's start, and its end with its seconds.
public protocol RefreshObserver {
    func stepStarted(_ name: String)
    func stepFinished(_ name: String, seconds: Double)
}

/// Times the steps of a refresh; a step run twice adds up under one name.
struct StepClock {
    private(set) var steps: [RefreshStep] = []
    let observer: RefreshObserver?

    init(observer: RefreshObserver? = nil) {
        self.observer = observer
    }

    @discardableResult
    mutating func time<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let started = Date()
        observer?.stepStarted(name)
        let result = try body()
        let seconds = Date().timeIntervalSince(started)
        observer?.stepFinished(name, seconds: seconds)
        if let index = steps.firstIndex(where: { $0.name == name }) {
            steps[index].seconds += seconds
        } else {
            steps.append(RefreshStep(name: name, seconds: seconds))
        }
        return result
    }
}
