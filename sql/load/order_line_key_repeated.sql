-- A history load copied its order lines' keys straight into the emptied
-- registry, before its primary key is built again: whether one repeats (the
-- loader then rolls the copy back and merges the file through staging,
-- where the last record wins).
select exists (
    select 1
    from dw.order_line_key
    group by order_id, line_no
    having count(*) > 1
) as is_repeated;
