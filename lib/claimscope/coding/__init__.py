"""The coding loop: export units to coders (sheets, doccano, Label Studio), import their codes.

Agreement between coders, and between claimscope and each coder, is
:mod:`claimscope.evaluation.agreement`.
"""

from __future__ import annotations

from claimscope.coding.sheets import (  # noqa: F401
    BINARY_COLUMNS,
    LABEL_COLUMNS,
    SHEET_COLUMNS,
    claim_types_of,
    coding_frame,
    export_sheet,
    import_sheet,
    import_sheets,
    sheet_sha256,
)
from claimscope.coding.tools import (  # noqa: F401
    read_doccano,
    read_label_studio,
    write_doccano,
    write_label_studio,
)

__all__ = ["BINARY_COLUMNS", "LABEL_COLUMNS", "SHEET_COLUMNS", "claim_types_of", "coding_frame",
           "export_sheet", "import_sheet", "import_sheets", "read_doccano", "read_label_studio",
           "sheet_sha256", "write_doccano", "write_label_studio"]
