/// Which side of a campaign's experiment an interaction row belongs to: the
/// customers contacted (treatment) or those selected and held out (control),
/// whose rows record a contact that was not made and any response matched
/// back to them.
public enum InteractionGroup: String, Sendable, Hashable, CaseIterable {
    case treatment, control

    /// Accepted spellings (any case, spaces/underscores/hyphens ignored):
    /// - treatment: test, contacted, target
    /// - control: holdout, held_out, control_group
    /// Anything else is `group.unknown`; an empty field is treatment.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<InteractionGroup, ParseFailure> {
        let t = ASCII.trimmed(bytes)
        guard t.count <= 24 else { return .failure(unknown) }
        var key: [UInt8] = []
        key.reserveCapacity(t.count)
        for b in t where b != UInt8(ascii: " ") && b != UInt8(ascii: "_") && b != UInt8(ascii: "-") {
            key.append(ASCII.lower(b))
        }
        if let group = synonyms[key] { return .success(group) }
        return .failure(unknown)
    }

    public static func parse(_ text: String) -> Result<InteractionGroup, ParseFailure> {
        text.withRawUTF8 { parse($0) }
    }

    private static let unknown = ParseFailure(.interactionGroupUnknown, "not treatment or control")

    private static let synonyms: [[UInt8]: InteractionGroup] = {
        let table: [InteractionGroup: [String]] = [
            .treatment: ["treatment", "test", "contacted", "target"],
            .control: ["control", "holdout", "heldout", "controlgroup"],
        ]
        var map: [[UInt8]: InteractionGroup] = [:]
        for (group, words) in table { for w in words { map[Array(w.utf8)] = group } }
        return map
    }()
}
