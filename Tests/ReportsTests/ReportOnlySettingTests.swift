import Marts
import TestSupport
import XCTest

/// A setting only reports read (the forecast's pool) is written but does
/// not make the refresh rebuild the stored marts; a mart setting does.
final class ReportOnlySettingTests: XCTestCase {
    func testPoolMonthsIsWrittenWithoutARebuild() throws {
        let warehouse = try WarehouseBuilder(prefix: "report_only_setting")
        try warehouse.addStandardDimensions()
        try warehouse.addCustomer("A")
        try warehouse.addLine(order: "A1", customer: "A", day: "2025-01-10", price: "10.00")
        let refresher = MartRefresher(connection: warehouse.connection, sql: try TestCluster.repositorySQL())
        try refresher.refresh(settings: MartSettings())
        var settings = MartSettings()
        settings.forecastPoolMonths = 6
        let pooled = try refresher.refresh(settings: settings)
        XCTAssertFalse(pooled.isFull)
        XCTAssertEqual(pooled.changedSettings, ["forecast_pool_months"])
        XCTAssertEqual(
            try warehouse.records("select value::text from mart.settings where name = 'forecast_pool_months'")
                .first?["value"], "6")
        settings.rfmNewCustomerDays = 30
        XCTAssertTrue(try refresher.refresh(settings: settings).isFull)
    }
}
