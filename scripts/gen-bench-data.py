#!/usr/bin/env python3
"""Writes a transactions CSV and its NDJSON twin of about SIZE_MB each.

A block of distinct rows is generated once and repeated: throughput depends on
the shape of the bytes, not on order ids being unique.
"""
import json
import random
import sys

def main():
    out_dir, size_mb = sys.argv[1], int(sys.argv[2])
    target = size_mb * 1_000_000
    rng = random.Random(42)
    header = ["order_id", "line_no", "customer_id", "sku", "category", "quantity", "unit_price",
              "discount", "currency", "ordered_at", "channel", "campaign_code", "status", "source_system"]
    categories = ["Garden", "Kitchen", "Toys", "Books", "Home, Living", "Sports \"Pro\"", "Electronics"]
    channels = ["web", "store", "call_center", "app"]
    statuses = ["completed", "completed", "completed", "returned", "cancelled"]
    csv_rows, json_rows = [], []
    block = 0
    index = 0
    while block < 8_000_000:
        index += 1
        category = rng.choice(categories)
        row = [
            f"ORD-{index:09d}", str(rng.randint(1, 4)), f"C{rng.randint(1, 2_000_000):08d}",
            f"SKU-{rng.randint(1, 50_000):06d}", category, str(rng.randint(1, 9)),
            f"{rng.randint(99, 99_999) / 100:.2f}", "" if rng.random() < 0.7 else f"{rng.randint(1, 500) / 100:.2f}",
            rng.choice(["EUR", "EUR", "USD", "GBP"]),
            f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z",
            rng.choice(channels), "" if rng.random() < 0.6 else f"CMP-{rng.randint(1, 300):04d}",
            rng.choice(statuses), rng.choice(["shop", "pos", "crm"]),
        ]
        csv_rows.append(",".join('"' + v.replace('"', '""') + '"' if ("," in v or '"' in v) else v for v in row))
        record = dict(zip(header, row))
        record["line_no"] = int(record["line_no"])
        record["quantity"] = int(record["quantity"])
        record["unit_price"] = json.loads(record["unit_price"])
        record["discount"] = None if record["discount"] == "" else json.loads(record["discount"])
        record["customer"] = {"id": record.pop("customer_id"), "segment": rng.choice(["a", "b", "c"])}
        json_rows.append(json.dumps(record, separators=(",", ":")))
        block += len(csv_rows[-1]) + 1
    csv_block = ("\n".join(csv_rows) + "\n").encode()
    json_block = ("\n".join(json_rows) + "\n").encode()
    with open(f"{out_dir}/transactions.csv", "wb") as csv_file:
        csv_file.write((",".join(header) + "\n").encode())
        written = 0
        while written < target:
            csv_file.write(csv_block)
            written += len(csv_block)
    with open(f"{out_dir}/transactions.ndjson", "wb") as json_file:
        written = 0
        while written < target:
            json_file.write(json_block)
            written += len(json_block)

if __name__ == "__main__":
    main()
