import Feeds
import Foundation
import XCTest

/// The interactions feed's optional group: control rows load as such, a
/// file without the column loads every row as treatment, an unknown group is
/// a reject.
final class InteractionGroupLoadTests: XCTestCase {
    func testGroupColumnIsOptionalAndValidated() throws {
        let harness = try LoadHarness(prefix: "interaction_group")
        let old = try LoadHarness.write(
            """
            interaction_id,customer_id,occurred_at,type,campaign_code
            I1,W1,2025-03-10T08:00:00Z,sent,CMP1
            I2,W2,2025-03-10T08:00:00Z,sent,CMP1
            """, name: "old.csv")
        let loadedOld = try harness.load(old, .interactions)
        XCTAssertEqual(loadedOld.recordsLoaded, 2)
        let withGroup = try LoadHarness.write(
            """
            interaction_id,customer_id,occurred_at,type,campaign_code,group
            I3,W3,2025-03-10T08:00:00Z,sent,CMP1,control
            I4,W4,2025-03-10T08:00:00Z,sent,CMP1,Hold-Out
            I5,W5,2025-03-10T08:00:00Z,sent,CMP1,
            I6,W6,2025-03-10T08:00:00Z,sent,CMP1,treatment
            I7,W7,2025-03-10T08:00:00Z,sent,CMP1,maybe
            """, name: "new.csv")
        let result = try harness.load(withGroup, .interactions)
        XCTAssertEqual(result.recordsLoaded, 4)
        XCTAssertEqual(result.recordsRejected, 1)
        XCTAssertEqual(
            try harness.connection.query(
                "select string_agg(interaction_id, ',' order by interaction_id) from dw.fact_interaction where is_control"
            ).string(0, 0), "I3,I4")
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_interaction where not is_control"), 4)
        XCTAssertEqual(try harness.count("select count(*) from etl.reject where rule = 'group.unknown' and field = 'group'"), 1)
        // A re-sent row that changes its group replaces the stored one.
        let resent = try LoadHarness.write(
            """
            interaction_id,customer_id,occurred_at,type,campaign_code,group
            I1,W1,2025-03-10T08:00:00Z,sent,CMP1,control
            """, name: "resent.csv")
        _ = try harness.load(resent, .interactions)
        XCTAssertEqual(try harness.count("select count(*) from dw.fact_interaction where is_control"), 3)
    }
}
