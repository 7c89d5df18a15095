/// The kinds of customer touch in `dw.fact_interaction`.
public enum InteractionType: String, Sendable, Hashable, CaseIterable {
    case sent, opened, clicked, responded, call, visit, complaint, unsubscribe

    /// Accepted spellings (any case, spaces/underscores/hyphens ignored):
    /// - sent: send, delivered, email_sent
    /// - opened: open, email_open(ed), view(ed)
    /// - clicked: click, click_through
    /// - responded: response, respond, reply, replied, converted, conversion
    /// - call: phone, phone_call, called
    /// - visit: store_visit, visited
    /// - complaint: complain, complained
    /// - unsubscribe: unsubscribed, opt_out, opted_out, optout, unsub
    /// Anything else is `interaction_type.unknown`.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<InteractionType, ParseFailure> {
        let t = ASCII.trimmed(bytes)
        // Fast path: the canonical names, which is what most feeds write.
        for type in allCases where ASCII.equalsLowercased(t, type.staticName) { return .success(type) }
        var key: [UInt8] = []  // at most a few bytes; synonyms are short
        guard t.count <= 24 else { return .failure(unknown) }
        key.reserveCapacity(t.count)
        for b in t where b != UInt8(ascii: " ") && b != UInt8(ascii: "_") && b != UInt8(ascii: "-") {
            key.append(ASCII.lower(b))
        }
        if let type = synonyms[key] { return .success(type) }
        return .failure(unknown)
    }

    public static func parse(_ text: String) -> Result<InteractionType, ParseFailure> {
        text.withRawUTF8 { parse($0) }
    }

    private var staticName: StaticString {
        switch self {
        case .sent: return "sent"
        case .opened: return "opened"
        case .clicked: return "clicked"
        case .responded: return "responded"
        case .call: return "call"
        case .visit: return "visit"
        case .complaint: return "complaint"
        case .unsubscribe: return "unsubscribe"
        }
    }

    private static let unknown = ParseFailure(.interactionTypeUnknown, "not a known interaction type")

    private static let synonyms: [[UInt8]: InteractionType] = {
        let table: [InteractionType: [String]] = [
            .sent: ["sent", "send", "delivered", "emailsent"],
            .opened: ["opened", "open", "emailopen", "emailopened", "view", "viewed"],
            .clicked: ["clicked", "click", "clickthrough"],
            .responded: ["responded", "response", "respond", "reply", "replied", "converted", "conversion"],
            .call: ["call", "phone", "phonecall", "called"],
            .visit: ["visit", "storevisit", "visited"],
            .complaint: ["complaint", "complain", "complained"],
            .unsubscribe: ["unsubscribe", "unsubscribed", "optout", "optedout", "unsub"],
        ]
        var map: [[UInt8]: InteractionType] = [:]
        for (type, words) in table { for w in words { map[Array(w.utf8)] = type } }
        return map
    }()
}
