"""Reports: the plan document "Kebutuhan dan Rencana Pengembangan Kompetensi ASN" (PP 11/2017 Art. 205 and 207).

``builders`` reads (never writes) what the earlier stages stored and turns it into plain tables and figures;
``render_pdf`` (Typst) and ``render_xlsx`` (the one writer, ``sibina.sheets``) put them on paper and in a
workbook; ``services`` runs the whole as a background job (``tasks``) with progress. See docs/reports.md.
"""
