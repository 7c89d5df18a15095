import Pipeline
import XCTest

/// The value of a successful parse, failing the test otherwise.
func value<T>(_ result: Result<T, ParseFailure>, file: StaticString = #filePath, line: UInt = #line) -> T? {
    switch result {
    case .success(let v): return v
    case .failure(let f):
        XCTFail("unexpected failure \(f)", file: file, line: line)
        return nil
    }
}

/// The rule of a failed parse, failing the test if it succeeded.
func rule<T>(_ result: Result<T, ParseFailure>, file: StaticString = #filePath, line: UInt = #line) -> RuleCode? {
    switch result {
    case .success(let v):
        XCTFail("expected a failure, got \(v)", file: file, line: line)
        return nil
    case .failure(let f): return f.rule
    }
}

func decimal(_ text: String) -> ExactDecimal {
    guard case .success(let d) = ExactDecimal.parse(text) else { fatalError("bad test decimal \(text)") }
    return d
}
