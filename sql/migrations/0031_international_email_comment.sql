-- Emails are matched in their normalized form, which now covers
-- internationalized addresses too (docs/schema.md, "Email addresses").
comment on column dw.dim_customer.email is 'Email as normalized for matching: an ASCII address trimmed and lower-cased; an internationalized one with its local part in NFC and lower-cased by Unicode case mapping, and its domain in the ASCII (IDNA 2008, xn--) form.';
