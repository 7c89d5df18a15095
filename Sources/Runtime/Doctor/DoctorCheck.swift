/// One line of `crmwh doctor`: what was checked, whether it passed, what
/// was found, and for a failure how to fix it.
public struct DoctorCheck: Sendable, Equatable {
    public enum Outcome: String, Sendable {
        case ok, fail
        /// Not checked, because a check it depends on failed.
        case skipped
    }

    public var name: String
    public var outcome: Outcome
    public var detail: String
    public var fix: String?

    public static func ok(_ name: String, _ detail: String) -> DoctorCheck {
        DoctorCheck(name: name, outcome: .ok, detail: detail, fix: nil)
    }

    public static func fail(_ name: String, _ detail: String, fix: String) -> DoctorCheck {
        DoctorCheck(name: name, outcome: .fail, detail: detail, fix: fix)
    }

    public static func skipped(_ name: String, because reason: String) -> DoctorCheck {
        DoctorCheck(name: name, outcome: .skipped, detail: "not checked: \(reason)", fix: nil)
    }
}
