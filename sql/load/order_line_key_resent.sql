-- After a file's order lines were copied straight into dw.fact_sales, their
-- keys in staging.sales_key: whether one is registered already, or (unless
-- $1 is false: the loader saw the keys ascend, so none can repeat) repeated
-- in the file. If so the loader rolls the copy back and merges the file
-- through staging, where the last record wins.
select exists (
    select 1
    from staging.sales_key as s
    join dw.order_line_key as k on k.order_id = s.order_id and k.line_no = s.line_no
) or (
    $1::boolean and exists (
        select 1
        from staging.sales_key
        group by order_id, line_no
        having count(*) > 1
    )
) as is_resent;
