"""Parsers of the bulk user import (ACC-15): guide 003's CSV and XML formats read safely, whatever the
encoding, delimiter or header case; hostile or malformed files are refused with the reason."""

import codecs

import pytest

from accounts.imports.csv_source import read_csv
from accounts.imports.errors import SourceRefused
from accounts.imports.limits import MAX_FILE_BYTES, MAX_ROWS
from accounts.imports.xml_source import read_xml

HEADER = "UserID,FirstName,LastName,Email,Language,Mobile,Home,Business,DID,Protocol,MailServer,UserName"
GUIDE_CSV = (
    f"{HEADER}\n"
    "2206,John,Smith,john.smith@example.com,en,+1 (650) 555 1212,+1 (650) 555 1213,+1 (650) 555 1214,"
    "+1 (650) 123 4568,1,mailserver.mobileforce.com,john-smith\n"
    "-1,Sylvie,Tremblay,sylvie@example.com,fr,+1 (650) 555 1299,+1 (650) 555 1298,+1 (650) 555 1297,"
    "+1 (650) 123 4567,3,pop3.mailserver.com,Sylvie.Tremblay \n"
)
GUIDE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<Users>
  <User>
    <UserID>2206</UserID><FirstName>John</FirstName><LastName>Smith</LastName>
    <Email>john.smith@example.com</Email><Language>en</Language><Mobile>+1 (650) 555 1212</Mobile>
    <Protocol>EWS</Protocol><MailServer>mailserver.mobileforce.com</MailServer><UserName>john-smith</UserName>
  </User>
  <user>
    <userid>-1</userid><firstname>Sylvie</firstname><lastname>Tremblay</lastname><email>sylvie@example.com</email>
  </user>
</Users>
"""


def refused(reader, data: bytes) -> str:
    with pytest.raises(SourceRefused) as caught:
        reader(data)
    ((message,),) = caught.value.field_errors.values()
    return str(message["msgid"])


def test_the_guides_csv_example_is_read() -> None:
    rows = read_csv(GUIDE_CSV.encode())
    assert [r.values["first_name"] for r in rows] == ["John", "Sylvie"]
    assert rows[0].values["user_number"] == "2206" and rows[1].values["user_number"] == "-1"
    assert rows[1].values["mail_username"] == "Sylvie.Tremblay"  # trimmed
    assert rows[0].values["protocol"] == "1"
    assert rows[0].line == 2 and rows[1].line == 3


def test_headers_are_matched_without_regard_to_case_and_in_any_order() -> None:
    rows = read_csv(b"EMAIL,lastname,FirstName,userid\nann@example.com,Roy,Ann,-1\n")
    assert rows[0].values["email"] == "ann@example.com" and rows[0].values["first_name"] == "Ann"


def test_semicolons_bom_and_cp1252() -> None:
    text = "UserID;FirstName;LastName;Email\n-1;Hélène;Côté;helene@example.com\n"
    for data in (codecs.BOM_UTF8 + text.encode(), text.encode("cp1252"), text.encode("utf-16")):
        rows = read_csv(data)
        assert rows[0].values["first_name"] == "Hélène" and rows[0].values["last_name"] == "Côté"
    assert read_csv(text.encode("utf-16-le"))[0].values["last_name"] == "Côté"  # no BOM


def test_missing_unknown_and_repeated_columns_are_refused() -> None:
    assert refused(read_csv, b"UserID,FirstName,LastName\n-1,A,B\n") == "The required column {name} is missing."
    assert refused(read_csv, b"UserID,FirstName,LastName,Email,Fax\n") == (
        "Unknown column {name}: use the names of the example file."
    )
    assert refused(read_csv, b"UserID,FirstName,LastName,Email,email\n") == "The column {name} appears more than once."


def test_malformed_csv_is_refused_and_short_lines_are_row_errors() -> None:
    assert refused(read_csv, b'UserID,FirstName,LastName,Email\n-1,"A,B,c@example.com\n') == (
        "Line {line} is not valid CSV."
    )
    rows = read_csv(b"UserID,FirstName,LastName,Email\n-1,A\n\n")
    assert len(rows) == 1
    assert rows[0].problems[0][1].params == {"found": 2, "expected": 4}


def test_empty_unreadable_and_oversized_files_are_refused() -> None:
    assert refused(read_csv, b"") == "The file is empty."
    assert refused(read_csv, codecs.BOM_UTF8 + b"\xff\xfe\x81bad") == (
        "The file's characters could not be read (use UTF-8, UTF-16 or Windows-1252)."
    )
    assert refused(read_csv, b"x" * (MAX_FILE_BYTES + 1)) == "The file is larger than {max} MB."


def test_too_many_rows_are_refused() -> None:
    data = (HEADER + "\n" + "-1,A,B,a@example.com,,,,,,,,\n" * (MAX_ROWS + 1)).encode()
    assert refused(read_csv, data) == "At most {max} users per import."


def test_the_guides_xml_example_is_read() -> None:
    rows = read_xml(GUIDE_XML.encode())
    assert [r.values["email"] for r in rows] == ["john.smith@example.com", "sylvie@example.com"]
    assert rows[0].values["protocol"] == "EWS" and rows[1].values["user_number"] == "-1"


def test_xml_in_cp1252_without_declaration_is_read() -> None:
    data = (
        "<Users><User><UserID>-1</UserID><FirstName>Hélène</FirstName><LastName>Côté</LastName>"
        "<Email>h@example.com</Email></User></Users>"
    )
    assert read_xml(data.encode("cp1252"))[0].values["first_name"] == "Hélène"


def test_xxe_is_refused_and_nothing_is_read_from_disk() -> None:
    data = b"""<?xml version="1.0"?>
<!DOCTYPE Users [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Users><User><UserID>-1</UserID><FirstName>&secret;</FirstName><LastName>X</LastName><Email>x@example.com</Email>
</User></Users>"""
    assert refused(read_xml, data) == "The file declares a DTD or entities, which are refused."


def test_billion_laughs_is_refused() -> None:
    entities = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    data = f'<?xml version="1.0"?><!DOCTYPE Users [{entities}]><Users><User><FirstName>&l9;</FirstName></User></Users>'
    assert refused(read_xml, data.encode()) == "The file declares a DTD or entities, which are refused."


def test_malformed_xml_and_unknown_fields_are_refused() -> None:
    assert refused(read_xml, b"<Users><User><UserID>-1</User></Users>") == "The file is not valid XML (line {line})."
    assert refused(read_xml, b"<Users></Users>") == (
        "The file holds no user: put one element per user inside the root element."
    )
    assert refused(read_xml, b"<Users><User><Fax>1</Fax></User></Users>") == (
        "Unknown column {name}: use the names of the example file."
    )
    assert refused(read_xml, b"<Users><User><UserID>-1</UserID></User></Users>") == (
        "The required field {name} is missing from every user."
    )
