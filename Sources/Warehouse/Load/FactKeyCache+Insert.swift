import PostgresClient

extension FactKeyCache {
    /// Inserts the members `keys(for:)` invented, with the keys it gave
    /// them, and moves each identity sequence past them.
    func insertNewMembers(_ connection: Connection, runID: Int64, fileID: Int64) throws {
        if !newCustomers.isEmpty {
            try connection.query(
                """
                insert into dw.customer_source_key (source_system, source_customer_id, customer_id, match_rule, etl_file_id)
                select system, id, customer_id, 'inferred', $4::bigint
                from unnest($1::text[], $2::text[], $3::text[]) as n(system, id, customer_id)
                """,
                [PostgresArray(newCustomers.map(\.system)), PostgresArray(newCustomers.map(\.id)),
                 PostgresArray(newCustomers.map(\.customerID)), fileID])
            try connection.query(
                """
                insert into dw.dim_customer (customer_key, customer_id, is_inferred, etl_run_id, etl_file_id)
                select key, customer_id, true, $3::bigint, $4::bigint
                from unnest($1::bigint[], $2::text[]) as n(key, customer_id)
                """,
                [PostgresArray(newCustomers.map { String($0.key) }), PostgresArray(newCustomers.map(\.customerID)), runID, fileID])
        }
        if !newProducts.isEmpty {
            try connection.query(
                """
                insert into dw.dim_product (product_key, sku, category, is_inferred, etl_file_id)
                select key, sku, nullif(category, ''), true, $4::bigint
                from unnest($1::bigint[], $2::text[], $3::text[]) as n(key, sku, category)
                """,
                [PostgresArray(newProducts.map { String($0.key) }), PostgresArray(newProducts.map(\.sku)),
                 PostgresArray(newProducts.map { $0.category ?? "" }), fileID])
        }
        if !newChannels.isEmpty {
            try connection.query(
                "insert into dw.dim_channel (channel_key, channel) select * from unnest($1::bigint[], $2::text[])",
                [PostgresArray(newChannels.map { String($0.key) }), PostgresArray(newChannels.map(\.name))])
        }
        if !newCampaigns.isEmpty {
            try connection.query(
                """
                insert into dw.dim_campaign (campaign_key, campaign_code, is_inferred, etl_file_id)
                select key, code, true, $3::bigint from unnest($1::bigint[], $2::text[]) as n(key, code)
                """,
                [PostgresArray(newCampaigns.map { String($0.key) }), PostgresArray(newCampaigns.map(\.code)), fileID])
        }
        // Later identity-generated keys must start after the ones given here.
        try connection.execute(
            """
            select setval(pg_get_serial_sequence('dw.dim_customer', 'customer_key'), greatest(1, (select max(customer_key) from dw.dim_customer)));
            select setval(pg_get_serial_sequence('dw.dim_product', 'product_key'), greatest(1, (select max(product_key) from dw.dim_product)));
            select setval(pg_get_serial_sequence('dw.dim_channel', 'channel_key'), greatest(1, (select max(channel_key) from dw.dim_channel)));
            select setval(pg_get_serial_sequence('dw.dim_campaign', 'campaign_key'), greatest(1, (select max(campaign_key) from dw.dim_campaign)));
            """)
    }
}
