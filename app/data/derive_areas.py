#!/usr/bin/env python3
"""Derives app/data/areas.csv from the idn-area-data npm package.

Usage: (cd /tmp && npm pack idn-area-data && tar xzf idn-area-data-*.tgz)
       python3 app/data/derive_areas.py /tmp/package/data > app/data/areas.csv
One line per regency/city: province|Regency Name|district;district;...
"""
import csv
import sys

src = sys.argv[1].rstrip("/") + "/"
provinces = {r["code"]: r["name"] for r in csv.DictReader(open(src + "provinces.csv"))}
special = {"DKI JAKARTA": "DKI Jakarta", "DAERAH ISTIMEWA YOGYAKARTA": "DI Yogyakarta"}
districts = {}
for r in csv.DictReader(open(src + "districts.csv")):
    districts.setdefault(r["regency_code"], []).append(r["name"].strip())
print("# province|regency|districts (;) — derived from idn-area-data 3.1.2 "
      "(data: ODbL 1.0, https://github.com/fityannugroho/idn-area-data)")
for r in csv.DictReader(open(src + "regencies.csv")):
    province = provinces[r["province_code"]]
    name = " ".join(w.capitalize() for w in r["name"].split(" "))
    print(f"{special.get(province, province.title())}|{name}|{';'.join(districts.get(r['code'], []))}")
