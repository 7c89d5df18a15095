/// Each person's planted contact preferences: the campaign channel they
/// react to most readily and the hour of their local day at which they
/// react (open, respond).
///
/// Channel: a contact on the preferred channel opens (and so responds)
/// `preferenceRatio` times as often as one on another channel. The two
/// factors are scaled per person so that their mean over the campaign
/// channels that can reach the person is 1: campaigns pick channels
/// independently of people, so the planted response rates elsewhere (by
/// contact number, per campaign) keep their expectation.
///
/// Hour: an open or a response is moved to the next time the person's
/// local clock shows the reaction hour, which is the preferred hour with
/// `preferredHourShare`, else any hour 7 … 22; the minute is uniform.
struct ContactTiming {
    static let channels = ["email", "sms", "direct_mail", "social"]
    /// Share of the campaigns on each channel (ReferenceData.campaignChannels).
    static let campaignWeights = [3.0, 1.0, 1.0, 1.0]
    /// How much more often people choose each channel as their preferred one.
    static let preferenceWeights = [0.4, 0.2, 0.2, 0.2]
    static let preferenceRatio = 6.0
    static let preferredHourShare = 0.85
    static let localHours = 7...22

    private(set) var preferredChannel: [UInt8]
    private(set) var preferredLocalHour: [UInt8]
    private var preferredFactor: [Float]
    private var otherFactor: [Float]
    var rng: RandomSource
    /// Per channel: treatment contacts and the sum of their chances to respond.
    private(set) var contacts = [Int](repeating: 0, count: channels.count)
    private(set) var expectedResponses = [Double](repeating: 0, count: channels.count)
    /// Responses written per person.
    private(set) var responses: [UInt16]

    init(people: [Person], rng: RandomSource) {
        self.rng = rng
        preferredChannel = []
        preferredLocalHour = []
        preferredFactor = []
        otherFactor = []
        responses = [UInt16](repeating: 0, count: people.count)
        for p in people {
            let reachable = Self.reachable(p)
            var weights = Self.channels.indices.map { reachable[$0] ? Self.preferenceWeights[$0] : 0 }
            let total = weights.reduce(0, +)
            var cumulative = 0.0
            weights = weights.map { cumulative += $0 / total; return cumulative }
            let channel = self.rng.weighted(weights)
            let campaignTotal = Self.channels.indices.reduce(0.0) { $0 + (reachable[$1] ? Self.campaignWeights[$1] : 0) }
            let share = Self.campaignWeights[channel] / campaignTotal
            let other = 1 / (share * Self.preferenceRatio + 1 - share)
            preferredChannel.append(UInt8(channel))
            preferredFactor.append(Float(other * Self.preferenceRatio))
            otherFactor.append(Float(other))
            preferredLocalHour.append(UInt8(Self.localHours.lowerBound + self.rng.below(Self.localHours.count)))
        }
    }

    /// Channels whose campaigns can reach the person (as the writer selects).
    static func reachable(_ p: Person) -> [Bool] {
        [p.hasEmail, p.hasPhone, true, true]
    }

    /// The factor on the chance that person `i` opens a contact on `channel`.
    func channelFactor(person i: Int, channel: String) -> Double {
        Self.channels[Int(preferredChannel[i])] == channel ? Double(preferredFactor[i]) : Double(otherFactor[i])
    }

    /// Records a treatment contact and its chance to respond.
    mutating func recordContact(channel: String, responseChance: Double) {
        guard let c = Self.channels.firstIndex(of: channel) else { return }
        contacts[c] += 1
        expectedResponses[c] += responseChance
    }

    mutating func recordResponse(person i: Int) {
        responses[i] &+= 1
    }

    /// The first instant at or after `t` (UTC seconds) at which person `i`'s
    /// local clock (UTC offset `offsetMinutes`) is in a reaction hour.
    mutating func reactionTime(after t: Int64, person i: Int, offsetMinutes: Int) -> Int64 {
        let hour = rng.chance(Self.preferredHourShare)
            ? Int(preferredLocalHour[i]) : Self.localHours.lowerBound + rng.below(Self.localHours.count)
        let offset = Int64(offsetMinutes * 60)
        let local = t + offset
        let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        var slot = day * 86_400 + Int64(hour * 3600 + rng.below(3600))
        if slot < local { slot += 86_400 }
        return slot - offset
    }
}
