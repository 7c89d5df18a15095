-- How mart.customer_channel_month sits on disk and is found.
-- Its key led with the month, with a second index by customer. The
-- refresh writes the table customer by customer, and a month's rows lie on
-- nearly every page, so a month's reads (the 12-month channel windows, a
-- nightly refresh's changed months) read the whole table either way. The
-- key now leads with the customer: built from rows already in its order,
-- it costs a third of the two indexes it replaces, and it serves the
-- nightly reads of the changed customers' months as the second index did.
alter table mart.customer_channel_month drop constraint customer_channel_month_pkey;
drop index mart.customer_channel_month_customer;
alter table mart.customer_channel_month add primary key (customer_id, month, channel);
