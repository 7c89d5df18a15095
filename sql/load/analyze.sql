-- After a run's loads: fresh planner statistics for the tables they changed.
analyze dw.fact_sales, dw.fact_interaction, dw.order_line_key, dw.interaction_key, dw.dim_customer, dw.customer_source_key, dw.customer_profile,
    dw.dim_product, dw.dim_campaign, dw.dim_channel, dw.fx_rate;
