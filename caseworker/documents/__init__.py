"""Output formats: letter PDF (ReportLab), partner manifests (XLSX/CSV), right-to-left text, QR/signing.

Right-to-left (Dari/Pashto) text layout and drawing for letters lives in
:mod:`caseworker.documents.rtl`.
"""
