#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# Make the XLSX files the import's tests read: good ones with openpyxl (a
# spreadsheet program's library), hostile ones by hand with zipfile.
#   make_xlsx.py KIND OUT
import sys
import zipfile

CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      'package/2006/content-types"/>')
WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
      'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
      'relationships"><sheets><sheet name="Risks" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats'
        '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>')


def sheet(rows):
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + rows +
            '</sheetData></worksheet>')


INLINE = sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c>'
               '<c r="B1" t="inlineStr"><is><t>Likelihood</t></is></c>'
               '<c r="C1" t="inlineStr"><is><t>Impact</t></is></c></row>'
               '<row r="3"><c r="A3" t="inlineStr"><is><r><t>Flood </t></r><r><t>in cellar</t>'
               '</r></is></c><c r="B3"><v>2</v></c><c r="C3" t="str"><v>4</v></c></row>')


def plain(out, entries):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("xl/workbook.xml", WB)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        for name, data in entries:
            z.writestr(name, data)


def main(kind, out):
    if kind == "soa":
        import openpyxl
        import datetime
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["Control", "Title", "Applicable?", "Justification", "Status"])
        ws.append(["A.5.1", "Policies for information security", True, "The board wants it",
                   "Implemented"])
        ws.append(["A.5.2", "Information security roles and responsibilities", "Yes",
                   "Roles are being set", "Planned"])
        wb.save(out)
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["Title", "Due"])
        ws.append(["Encrypt laptops", datetime.date(2026, 12, 6)])
        wb.save(out.replace(".xlsx", "-actions.xlsx"))
    elif kind == "inline":
        plain(out, [("xl/worksheets/sheet1.xml", INLINE)])
    elif kind == "macros":
        plain(out, [("xl/worksheets/sheet1.xml", INLINE), ("xl/vbaProject.bin", b"\0" * 64)])
    elif kind == "links":
        plain(out, [("xl/worksheets/sheet1.xml", INLINE),
                    ("xl/externalLinks/externalLink1.xml", "<externalLink/>")])
    elif kind == "bomb":
        plain(out, [("xl/worksheets/sheet1.xml", INLINE),
                    ("xl/media/zeros.xml", b"\0" * (256 << 20))])
    elif kind == "entries":
        plain(out, [("xl/worksheets/sheet1.xml", INLINE)] +
              [("xl/e/%d.xml" % i, "") for i in range(10001)])
    elif kind == "doctype":
        plain(out, [("xl/worksheets/sheet1.xml",
                     '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' +
                     INLINE[INLINE.index("<worksheet"):])])
    elif kind == "error":
        plain(out, [("xl/worksheets/sheet1.xml", sheet(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>Title</t></is></c></row>'
            '<row r="2"><c r="A2" t="e"><v>#REF!</v></c></row>'))])
    elif kind == "outside":
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("xl/workbook.xml", WB)
            z.writestr("xl/_rels/workbook.xml.rels",
                       RELS.replace("worksheets/sheet1.xml", "../../../../etc/passwd"))
    else:
        sys.exit("unknown kind " + kind)


main(sys.argv[1], sys.argv[2])
