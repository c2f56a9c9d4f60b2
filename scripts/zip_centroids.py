"""Write src/allies/directory/zip_centroids.csv.gz from the `zipcodes` package (U.S. Census data).

Allies reads the centroid of every ZIP code to measure how far an organization is from the
library. The `zipcodes` package ships them offline but takes seconds to load them all, so this
script keeps just ZIP, latitude and longitude in a small file the app reads in milliseconds.
Run it again (`.venv/bin/python scripts/zip_centroids.py`) when a new release of zipcodes brings
new ZIP codes; tests/directory/test_places.py checks the file against the package.
"""

import csv
import gzip
import io
from pathlib import Path

import zipcodes

OUT = (
    Path(__file__).resolve().parent.parent / "src" / "allies" / "directory" / "zip_centroids.csv.gz"
)


def main() -> None:
    rows = sorted(
        (row["zip_code"], round(float(row["lat"]), 4), round(float(row["long"]), 4))
        for row in zipcodes.list_all()
        if row.get("lat") and row.get("long")
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["zip", "lat", "long"])
    writer.writerows(rows)
    OUT.write_bytes(gzip.compress(buffer.getvalue().encode(), mtime=0))
    print(f"{len(rows)} ZIP codes written to {OUT}")


if __name__ == "__main__":
    main()
