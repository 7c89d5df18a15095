-- How the snapshot sits on disk.
-- The snapshot's key leads with the customer, and its months have an index
-- of their own. A rebuild writes the snapshot customer by customer: an index
-- that leads with the customer is then built from rows already in its
-- order, where one that leads with the month sorts them all. Lookups keep
-- both paths: a customer's months by the key, a month's customers by the
-- month index.
alter table dw.fact_customer_month drop constraint fact_customer_month_pkey;
drop index dw.fact_customer_month_customer;
alter table dw.fact_customer_month add primary key (customer_id, month);
create index fact_customer_month_month on dw.fact_customer_month (month);
-- A nightly refresh re-scores the stored rows of the months whose ranks
-- moved. Pages written full leave no room for the new versions, so every
-- such update moved rows to other pages and wrote both indexes; a tenth
-- of each page kept free lets most stay on their page (a heap-only update,
-- no index entry). A rebuild writes the pages that way from then on.
alter table dw.fact_customer_month set (fillfactor = 90);
