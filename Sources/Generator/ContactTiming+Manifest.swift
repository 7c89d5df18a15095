extension ContactTiming {
    /// What the timing model planted, for the manifest: every customer with
    /// a response written, under the source id their interactions carry.
    func manifest(people: [Person]) -> Manifest.ContactPreferences {
        var customers: [Manifest.CustomerPreference] = []
        for (i, p) in people.enumerated() where responses[i] > 0 {
            // As Population.customerId writes it: "W0000123".
            var number = String(p.primaryId)
            while number.count < 7 { number = "0" + number }
            let local = Int(preferredLocalHour[i])
            let offsetHours = Market.all[Int(p.market)].utcOffsetMinutes / 60
            customers.append(Manifest.CustomerPreference(
                sourceSystem: SourceSystem.names[Int(p.primarySystem)], sourceCustomerId: SourceSystem.idPrefixes[Int(p.primarySystem)] + number,
                preferredChannel: Self.channels[Int(preferredChannel[i])], preferredLocalHour: local,
                preferredUtcHour: ((local - offsetHours) % 24 + 24) % 24, responses: Int(responses[i])))
        }
        return Manifest.ContactPreferences(
            preferenceRatio: Self.preferenceRatio, preferredHourShare: Self.preferredHourShare,
            channels: Self.channels.indices.map {
                Manifest.ChannelExpectation(
                    channel: Self.channels[$0], contacts: contacts[$0], expectedResponses: expectedResponses[$0])
            },
            customers: customers)
    }
}
