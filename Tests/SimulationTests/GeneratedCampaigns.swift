import Feeds
import Foundation
import Generator
import Logging
import Marts
import PostgresClient
import TestSupport
import Warehouse

/// Generated feeds with planted campaign effects (the manifest's
/// campaign_plants), loaded and refreshed once per test process.
final class GeneratedCampaigns {
    nonisolated(unsafe) private static var instance: GeneratedCampaigns?
    private static let lock = NSLock()

    let manifest: Manifest
    let conninfo: String
    let connection: Connection

    static func shared() throws -> GeneratedCampaigns {
        try lock.withLock {
            if let instance { return instance }
            let made = try GeneratedCampaigns()
            instance = made
            return made
        }
    }

    private init() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("crmwh-simulation-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        manifest = try FeedGenerator(options: GeneratorOptions(
            customers: 16_000, transactions: 160_000, outputDirectory: directory, seed: 11)).run()
        conninfo = try TestCluster.makeMigratedDatabase(prefix: "simulation_generated")
        connection = try Connection(conninfo)
        try GeneratedFeedLoad.load(directory: directory, into: connection)
        try MartRefresher(connection: connection, sql: try TestCluster.repositorySQL()).refresh(full: true)
    }

    /// The planted campaigns whose response window (30 days) had ended by the latest data.
    func completedPlants() throws -> [Manifest.CampaignPlant] {
        let complete = Set(try connection.query(
            """
            select c.campaign_code from dw.dim_campaign as c
            where c.start_date + 29 <= mart.default_as_of()
            """).rows.compactMap { $0[0] })
        return (manifest.campaignPlants ?? []).filter { complete.contains($0.campaignCode) }
    }
}
