"""The span every date input of the app accepts: Streamlit's default is ten years either side of today, which
refused a check of a document on 2015-06-01 (the field turned red and the page answered for another day)."""

from datetime import date
from typing import Any

EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)
DATE_BOUNDS: dict[str, Any] = {"min_value": EARLIEST, "max_value": LATEST, "format": "YYYY-MM-DD"}
