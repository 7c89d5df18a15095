-- dw.dim_customer's primary key names the customer as well as the version:
-- a distributed engine (Citus) can only enforce keys that include the
-- column rows are distributed by, customer_id. A version's customer_key
-- stays unique because one writer hands the keys out (the identity, or
-- the loader's key cache under the warehouse lock).
alter table dw.dim_customer drop constraint dim_customer_pkey;
alter table dw.dim_customer add primary key (customer_id, customer_key);
