-- Merge staging.product into dw.dim_product (type 1: the file's values win;
-- an inferred product named by a transaction is completed). A product the
-- file repeats unchanged keeps its row and its etl_file_id: the marts
-- recompute the months of products whose file id moved.
insert into dw.dim_product as p (sku, name, category, subcategory, unit_cost, is_inferred, etl_file_id)
select distinct on (sku) sku, name, category, subcategory, unit_cost, false, current_setting('crmwh.file_id')::bigint
from staging.product
order by sku, record_no desc
on conflict (sku) do update set
    name = excluded.name,
    category = coalesce(excluded.category, p.category),
    subcategory = excluded.subcategory,
    unit_cost = excluded.unit_cost,
    is_inferred = false,
    etl_file_id = excluded.etl_file_id
where (p.name, p.category, p.subcategory, p.unit_cost, p.is_inferred)
    is distinct from (excluded.name, coalesce(excluded.category, p.category), excluded.subcategory, excluded.unit_cost, false);
