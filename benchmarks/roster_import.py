"""Benchmark: the whole `mentordesk import` command on a 10,000-row roster written by
LibreOffice, against a script that only reads the same file with openpyxl's read-only
mode. Both run as whole processes, alternately, in the same run; the median of the runs
is reported with each process's peak memory (from wait4).

    PYTHONPATH=. python benchmarks/roster_import.py [--rows 10000] [--runs 5] [--smoke]

Also times the refusal of hostile files, each as a whole `mentordesk import` process with
its peak memory: a 250 KB .xlsx holding one 240 MiB shared string (the bomb), an .xls and
an .ods with cells at A1 and IV65536 (saved by LibreOffice), an .ods repeating one cell
over a whole sheet, and (with the shared corpus) an .xlsb with a cell at XFD1048576.
`--smoke`: 200 rows, 1 run, an 80 MiB string. Needs LibreOffice (`soffice`) to write the
files; prints Markdown tables.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

READ_ONLY_SCRIPT = """
import sys
import openpyxl
book = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
rows = 0
for row in book.worksheets[0].iter_rows(values_only=True):
    rows += 1
print(rows)
"""

HEADERS = [
    "Student ID",
    "First name",
    "Last name",
    "Preferred name",
    "Email",
    "Mobile",
    "Date of birth",
    "Year group",
    "School",
    "Parent/Guardian name",
    "Parent phone",
    "Parent email",
    "Interests",
    "Career goals",
    "Languages",
    "Availability",
    "Town",
    "Postcode",
    "Preferred meeting mode",
    "Gender",
    "Medical notes",
    "Photo consent",
]
FIRST = ["Ann", "Ben", "Chloé", "Dara", "Eoin", "Fatima", "Grace", "Hiro", "Isla", "Jack"]
LAST = ["Smith", "O'Neill", "Dubois", "Khan", "Murphy", "Nguyễn", "Rossi", "Walsh", "Chen"]
INTERESTS = ["football", "drawing", "music", "coding", "chess", "dance", "science", "reading"]


def write_roster(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    rng = random.Random(7)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Students")
    sheet.append(["Riverside Secondary — mentoring roster"])
    sheet.append([])
    sheet.append(HEADERS)
    for i in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        born = dt.date(2008, 9, 1) + dt.timedelta(days=rng.randint(0, 2000))
        sheet.append(
            [
                f"S{100000 + i}",
                first,
                f"{last}-{i}",
                "",
                f"{first.lower()}.{i}@pupils.example.org",
                f"07{rng.randint(100000000, 999999999)}",
                born,
                f"Year {rng.randint(7, 13)}",
                "Riverside Secondary",
                f"{rng.choice(FIRST)} {last}",
                f"07{rng.randint(100000000, 999999999)}",
                f"parent.{i}@mail.example.com",
                ", ".join(rng.sample(INTERESTS, 3)),
                "nursing; law",
                "English",
                "Tuesday evening, Saturday morning",
                "Northfield",
                f"NF{rng.randint(1, 9)} 2AB",
                rng.choice(["in person", "online", "either"]),
                rng.choice(["female", "male"]),
                "",
                rng.choice(["yes", "no"]),
            ]
        )
    book.save(path)


def convert_with_libreoffice(
    source: Path, out_dir: Path, target: str = "xlsx:Calc MS Excel 2007 XML"
) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        sys.exit("LibreOffice (soffice) is needed to write the benchmark file.")
    profile = out_dir.resolve() / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir / "lo"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return out_dir / "lo" / f"{source.stem}.{target.split(':')[0]}"


def write_far_apart(folder: Path) -> list[tuple[str, Path]]:
    """The same two-row roster with one more cell at IV65536, as .xls and .ods."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["First name", "Last name"])
    sheet.append(["Ann", "Lee"])
    sheet["IV65536"] = "x"
    source = folder / "far.xlsx"
    book.save(source)
    return [
        (f"cells at A1 and IV65536 (.{kind})", convert_with_libreoffice(source, folder, kind))
        for kind in ("xls", "ods")
    ]


def write_repeated_ods(path: Path) -> Path:
    """An .ods of a few hundred bytes repeating one text cell over 16,384 × 1,048,575."""
    import zipfile

    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:'
        'oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:'
        'opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:'
        'text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table '
        'table:name="Pupils"><table:table-row><table:table-cell office:value-type="string">'
        "<text:p>First name</text:p></table:table-cell></table:table-row><table:table-row "
        'table:number-rows-repeated="1048575"><table:table-cell office:value-type="string" '
        'table:number-columns-repeated="16384"><text:p>x</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path='
        '"/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def write_far_xlsb(path: Path) -> Path | None:
    """The corpus's sample .xlsb with one more number cell at XFD1048576 (None without
    the shared corpus)."""
    import struct
    import zipfile

    folder = os.environ.get("MENTORDESK_XLSX_CORPUS")
    corpus = Path(folder) if folder else Path(__file__).resolve().parents[2] / "shared/xlsx-corpus"
    source = corpus / "xlrd__sample.xlsb"
    if not source.is_file():
        return None
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.bin":
                row = b"\x00\x19" + struct.pack("<I", 1_048_575) + bytes(21)
                cell = b"\x02\x0c" + struct.pack("<III", 16_383, 0, (7 << 2) | 2)
                end = data.index(b"\x92\x01\x00")
                data = data[:end] + row + cell + data[end:]
            dst.writestr(item, data)
    return path


def write_bomb(path: Path, megabytes: int) -> None:
    """An .xlsx whose one shared string is `megabytes` MiB of one letter: tiny zipped."""
    import zipfile

    base = path.with_name("bomb-base.xlsx")
    write_roster(base, 1)
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "xl/sharedStrings.xml":
                dst.writestr(item.filename, src.read(item.filename))
        with dst.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            part.write(b"<si><t>")
            block = b"A" * (1 << 20)
            for _ in range(megabytes):
                part.write(block)
            part.write(b"</t></si></sst>")


def measure(
    command: list[str], env: dict[str, str], *, expect_failure: bool = False
) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if (process.returncode != 0) != expect_failure:
        sys.exit(
            f"{command[:4]} failed: {process.stderr.read().decode() if process.stderr else ''}"
        )
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="one small round, for CI")
    args = parser.parse_args()
    bomb_megabytes = 240
    if args.smoke:
        args.rows, args.runs, bomb_megabytes = 200, 1, 80
    repo = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(repo))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        raw = folder / "roster.xlsx"
        write_roster(raw, args.rows)
        roster = convert_with_libreoffice(raw, folder)
        template = folder / "template.sqlite"
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from mentordesk.store import Database; "
                "Database.open(__import__('pathlib').Path(sys.argv[1])).close()",
                str(template),
            ],
            env=env,
            check=True,
        )
        reader = folder / "read_only.py"
        reader.write_text(READ_ONLY_SCRIPT)
        read_times, read_memory, import_times, import_memory = [], [], [], []
        for run in range(args.runs):
            db = folder / f"run{run}.sqlite"
            shutil.copyfile(template, db)
            seconds, memory = measure([sys.executable, str(reader), str(roster)], env)
            read_times.append(seconds)
            read_memory.append(memory)
            seconds, memory = measure(
                [
                    sys.executable,
                    "-m",
                    "mentordesk",
                    "--db",
                    str(db),
                    "import",
                    str(roster),
                    "--role",
                    "mentee",
                    "--json",
                ],
                env,
            )
            import_times.append(seconds)
            import_memory.append(memory)
        check = subprocess.run(
            [
                sys.executable,
                "-m",
                "mentordesk",
                "--db",
                str(folder / "run0.sqlite"),
                "list",
                "participants",
                "--json",
            ],
            env=env,
            capture_output=True,
            check=True,
        )
        imported = check.stdout.count(b'"id"')
        bomb = folder / "bomb.xlsx"
        write_bomb(bomb, bomb_megabytes)
        hostile = [(f"one {bomb_megabytes} MiB shared string (.xlsx)", bomb)]
        hostile += write_far_apart(folder)
        hostile.append(
            ("one cell repeated over a whole sheet (.ods)", write_repeated_ods(folder / "r.ods"))
        )
        far_xlsb = write_far_xlsb(folder / "far.xlsb")
        if far_xlsb is not None:
            hostile.append(("cells at A1 and XFD1048576 (.xlsb)", far_xlsb))
        refusals = []
        for what, path in hostile:
            shutil.copyfile(template, folder / "hostile.sqlite")
            seconds, memory = measure(
                [
                    sys.executable,
                    "-m",
                    "mentordesk",
                    "--db",
                    str(folder / "hostile.sqlite"),
                    "import",
                    str(path),
                    "--role",
                    "mentee",
                    "--json",
                ],
                env,
                expect_failure=True,
            )
            refusals.append((what, path.stat().st_size / 1024, seconds, memory))
    read_s, import_s = statistics.median(read_times), statistics.median(import_times)
    print(
        "| rows | read-only read | `mentordesk import` | ratio "
        "| peak memory (read / import) | imported |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| {args.rows:,} | {read_s:.2f} s | {import_s:.2f} s | {import_s / read_s:.2f}× "
        f"| {max(read_memory):.0f} MB / {max(import_memory):.0f} MB | {imported:,} |"
    )
    print()
    print("| hostile file | size | refused in | peak memory |")
    print("|---|---|---|---|")
    for what, kilobytes, seconds, memory in refusals:
        print(f"| {what} | {kilobytes:.0f} KB | {seconds:.2f} s | {memory:.0f} MB |")


if __name__ == "__main__":
    main()
