"""Prove a built bundle carries what it needs, by running it headlessly.

    python packaging/check_bundle.py [dist/caseworker]

Runs the frozen executable (not the source): `selftest`; a demo store of 50
cases (migrations, SQLCipher, the demo data); a letter drafted, approved,
rendered to PDF and verified from that PDF with only the exported public key
(fonts, letter templates, signing, QtPdf and the QR decoder); a manifest for a
partner prepared, approved and written, then opened with its passphrase
(openpyxl, msoffcrypto); a referral list imported with a Solar Hijri date and a
spelling variant (de-duplication), and the same list as .ods, .xls and
Windows-1256 CSV (odfpy, xlrd, charset-normalizer); and, when Xvfb is installed, the application window
itself. Prints the bundle's size and fails above the 200 MB budget on Linux.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PASSWORD = "bundle-check-password"
SIZE_BUDGET_MB = 200


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


class Bundle:
    def __init__(self, folder: Path, work: Path) -> None:
        exe = "caseworker-cli.exe" if sys.platform == "win32" else "caseworker"
        self.exe = folder / exe
        if not self.exe.exists():
            raise SystemExit(f"no executable at {self.exe}: build the bundle first (make bundle)")
        self.store = work / "store.db"
        self.env = dict(os.environ, CASEWORKER_PASSWORD=PASSWORD, QT_QPA_PLATFORM="offscreen")
        self.env.pop("PYTHONPATH", None)  # the bundle must not lean on a source checkout

    def run(self, *args: str, user: str | None = None, store: bool = True) -> str:
        command = [str(self.exe)]
        if store:
            command += ["--store", str(self.store)]
        if user:
            command += ["--user", user]
        command += list(args)
        result = subprocess.run(command, env=self.env, capture_output=True, text=True, timeout=300)
        shown = " ".join(command[1:])
        if result.returncode != 0:
            raise SystemExit(f"FAILED: caseworker {shown}\n{result.stdout}\n{result.stderr}")
        print(f"ok   caseworker {shown}")
        return result.stdout


def check_letter(bundle: Bundle, work: Path) -> str:
    listing = json.loads(bundle.run("cases", "list", "--status", "AUTHORISED", "--limit", "1", "--json", user="caseworker"))
    reference = listing["cases"][0]["reference"]
    bundle.run("letters", "draft", reference, "--crossing", "Torkham", user="caseworker")
    drafts = json.loads(bundle.run("letters", "list", "--status", "DRAFT", "--json", user="caseworker"))["letters"]
    letter = str(drafts[0]["id"])
    bundle.run("letters", "approve", letter, user="officer")
    pdf, key = work / "letter.pdf", work / "public-key.pem"
    bundle.run("letters", "pdf", letter, "--out", str(pdf), user="caseworker")
    bundle.run("letters", "public-key", "--out", str(key), user="caseworker")
    verdict = bundle.run("letters", "verify", "--pdf", str(pdf), "--public-key", str(key), store=False)
    if not verdict.startswith("VALID"):
        raise SystemExit(f"the frozen verifier did not find the letter valid:\n{verdict}")
    return reference


def check_manifest(bundle: Bundle, work: Path, reference: str) -> None:
    import msoffcrypto
    import openpyxl

    partners = bundle.run("handoff", "profiles", "list", user="caseworker").splitlines()[1:]
    partner = partners[0].split()[0]
    prepared = json.loads(bundle.run("handoff", "prepare", "--partner", partner, "--case", reference, "--json",
                                     user="caseworker"))  # fmt: skip
    handoff = str(prepared["handoff"]["id"])
    bundle.run("handoff", "approve", handoff, user="officer")
    out, secret = work / "manifest.xlsx", work / "passphrase.txt"
    bundle.run("handoff", "write", handoff, "--out", str(out), "--passphrase-file", str(secret), user="caseworker")
    decrypted = io.BytesIO()
    with out.open("rb") as handle:
        office = msoffcrypto.OfficeFile(handle)
        office.load_key(password=secret.read_text().strip())
        office.decrypt(decrypted)
    sheet = openpyxl.load_workbook(decrypted, read_only=True).worksheets[0]
    rows = [r for r in sheet.iter_rows(values_only=True) if any(v is not None for v in r)]
    if len(rows) - 1 != prepared["row_count"]:
        raise SystemExit(f"the manifest holds {len(rows) - 1} rows, the approved preview {prepared['row_count']}")
    print(f"ok   manifest opens with its passphrase: {prepared['row_count']} rows as approved")


def check_intake(bundle: Bundle, work: Path) -> None:
    """A referral list with a Solar Hijri date and a spelling variant (dedup: rapidfuzz, jdatetime)."""
    listing = work / "referrals.csv"
    listing.write_text(
        "Full Name,DOB,Passport No.,Phone/WhatsApp\n"
        "Mohammad Rahimi,1369/05/12,P7654321,+93 70 555 0101\n"
        "Muhammad Rahimi,1990,,0705550101\n"
        "Fatima Noori,01/01/1985,P1234765,\n",
        encoding="utf-8-sig",
    )
    report = json.loads(bundle.run("intake", "import", str(listing), "--source", "bundle-check", "--json",
                                   user="caseworker"))  # fmt: skip
    if report["rejected"] or report["created"] + report["queued"] + report["linked"] != 3:
        raise SystemExit(f"unexpected intake result: {report}")
    print(f"ok   referral list imported: {report['created']} created, {report['queued']} queued as possible duplicates")


def check_readers(bundle: Bundle, work: Path) -> None:
    """The same list as .ods (odfpy), .xls (xlrd) and Windows-1256 CSV (charset-normalizer), dry runs."""
    import xlwt
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    rows = [["نام", "تاریخ تولد", "شماره تذکره"], ["Ahmad Karimi", "1990", "1400-0101-12345"]]
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Referrals")
    for values in rows:
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    doc.save(str(work / "list.ods"))
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Referrals")
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            sheet.write(r, c, value)
    book.save(str(work / "list.xls"))
    (work / "list.csv").write_bytes("\r\n".join(",".join(v) for v in rows).replace("ی", "ي").encode("cp1256"))
    for name in ("list.ods", "list.xls", "list.csv"):
        report = json.loads(bundle.run("intake", "import", str(work / name), "--source", "bundle-check", "--dry-run",
                                       "--json", user="caseworker"))  # fmt: skip
        if report["rows"] != 1 or report["rejected"]:
            raise SystemExit(f"unexpected result reading {name}: {report}")
    print("ok   referral lists read as .ods, .xls and Windows-1256 CSV")


def check_window(bundle: Bundle) -> None:
    """Start the application in a virtual X server until its sign-in window shows."""
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        print("skip window check: Xvfb or xdotool not installed")
        return
    display = ":97"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    env = dict(bundle.env, DISPLAY=display)
    env.pop("QT_QPA_PLATFORM")
    app = None
    try:
        time.sleep(1.0)  # Xvfb has no readiness signal; xdotool below waits for the window itself
        app = subprocess.Popen([str(bundle.exe), "--store", str(bundle.store)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
        found = subprocess.run(["xdotool", "search", "--sync", "--name", "Sign in to caseworker"],
                               env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
        if found.returncode != 0 or not found.stdout.strip():
            raise SystemExit("the frozen application did not show its sign-in window")
        print("ok   the application window starts under X (sign-in shown)")
    finally:
        if app is not None:
            app.kill()
            app.wait()
        xvfb.kill()
        xvfb.wait()


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "dist/caseworker").resolve()
    with tempfile.TemporaryDirectory(prefix="cw-bundle-") as tmp:
        work = Path(tmp)
        bundle = Bundle(folder, work)
        bundle.run("selftest", store=False)
        bundle.run("demo", "--cases", "50", "--seed", "3")
        reference = check_letter(bundle, work)
        check_manifest(bundle, work, reference)
        check_intake(bundle, work)
        check_readers(bundle, work)
        bundle.run("audit", "verify", user="admin")
        check_window(bundle)
    size = size_mb(folder)
    print(f"bundle size: {size:.0f} MB ({folder})")
    if sys.platform.startswith("linux") and size > SIZE_BUDGET_MB:
        print(f"the bundle is over its {SIZE_BUDGET_MB} MB budget", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
