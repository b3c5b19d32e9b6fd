"""connectors.transcode: encoding sniffing and the streaming, parallel UTF-8 conversion of exports."""

from __future__ import annotations

import codecs
import csv
import io

import pytest

from connectors.transcode import UnsupportedEncoding, _split_at_lf, sniff_encoding, to_utf8

HEADER = '"订单编号","买家会员名","买家留言","宝贝标题","买家实际支付金额"\r\n'


def order_row(i: int, note: str = "") -> str:
    """One G3-style row: an ="…" id, a nickname outside GBK, a quoted note, € and · in the title."""
    return f'="35153131473293{i:05d}","𠮷祥_{i}","{note}","新款连衣裙·€{i}，加厚","{i}.50"\r\n'


def gb18030_export(rows_before: int, rows_after: int) -> tuple[str, str]:
    """Text of an export whose long multi-line quoted note sits between two runs of rows, and that note."""
    note = "".join(f'第{k}行 𠮷 "引号"' + ("\r\n" if k % 2 else "\n") for k in range(4000))
    text = HEADER + "".join(order_row(i) for i in range(rows_before))
    text += order_row(rows_before, note.replace('"', '""'))
    text += "".join(order_row(i) for i in range(rows_before + 1, rows_before + 1 + rows_after))
    return text, note


def test_split_inside_quoted_field_still_decodes_identically(tmp_path):
    text, note = gb18030_export(20000, 20000)
    raw = text.encode("gb18030")
    src = tmp_path / "ExportOrderList202401010000.csv"
    src.write_bytes(raw)
    # The 2-way cut must land inside the multi-line note, or the test proves nothing.
    note_start = raw.index("第0行".encode("gb18030"))
    note_end = raw.index("第3999行".encode("gb18030"))
    (_, cut), _ = _split_at_lf(src, 2)
    assert note_start < cut < note_end
    assert len(raw) > 3 << 20  # several decode blocks per worker, so block cuts hit multibyte characters

    expected = raw.decode("gb18030").encode("utf-8")
    for workers in (1, 2, 3):
        dst = tmp_path / f"out{workers}.csv"
        assert to_utf8(src, "gb18030", dst, workers=workers) == dst
        assert dst.read_bytes() == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [src.name, "out1.csv", "out2.csv", "out3.csv"]
    )

    rows = list(csv.reader(io.StringIO((tmp_path / "out2.csv").read_bytes().decode("utf-8"), newline="")))
    assert len(rows) == 1 + 40001
    assert rows[20001][2] == note
    assert rows[1][1] == "𠮷祥_0" and rows[1][3] == "新款连衣裙·€0，加厚"


def test_sniff_gb18030_tolerates_a_character_cut_by_the_sample(tmp_path):
    raw = (HEADER + order_row(1)).encode("gb18030")
    src = tmp_path / "gb.csv"
    src.write_bytes(raw)
    assert sniff_encoding(src) == "gb18030"
    four_byte = raw.index("𠮷".encode("gb18030"))
    for cut in range(four_byte + 1, four_byte + 4):
        assert sniff_encoding(src, sample_bytes=cut) == "gb18030"


def test_sniff_looks_past_a_long_ascii_prefix(tmp_path):
    src = tmp_path / "late.csv"
    src.write_bytes(b'"id","x"\r\n' + b'"1","a"\r\n' * 1000 + '"2","中文"\r\n'.encode("gb18030"))
    assert sniff_encoding(src, sample_bytes=64) == "gb18030"
    ascii_only = tmp_path / "ascii.csv"
    ascii_only.write_bytes(b'"id"\r\n"1"\r\n')
    assert sniff_encoding(ascii_only) == "utf-8"


def test_utf8_with_and_without_bom(tmp_path):
    text = HEADER + order_row(7, "多行\n留言")
    src = tmp_path / "bom.csv"
    src.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    assert sniff_encoding(src) == "utf-8-sig"
    dst = to_utf8(src, "utf-8-sig", tmp_path / "bom.out.csv")
    assert dst.read_bytes() == text.encode("utf-8")

    plain = tmp_path / "plain.csv"
    plain.write_bytes(text.encode("utf-8"))
    cut = text.encode("utf-8").index("𠮷".encode()) + 2
    assert sniff_encoding(plain) == sniff_encoding(plain, sample_bytes=cut) == "utf-8"
    assert to_utf8(plain, "utf-8", tmp_path / "plain.out.csv").read_bytes() == text.encode("utf-8")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, codec):
    text = HEADER + "".join(order_row(i, "换\r\n行") for i in range(3000))
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    src = tmp_path / "u16.csv"
    src.write_bytes(bom + text.encode(codec))
    assert sniff_encoding(src) == "utf-16"
    assert to_utf8(src, "utf-16", tmp_path / "u16.out.csv").read_bytes() == text.encode("utf-8")


def test_undecodable_file_is_rejected_with_its_name(tmp_path):
    src = tmp_path / "ExportOrderList_乱码.csv"
    src.write_bytes(b'"id","x"\r\n"1","\x80\x80\xff"\r\n')
    with pytest.raises(UnsupportedEncoding) as info:
        sniff_encoding(src)
    assert isinstance(info.value, ValueError)
    assert "ExportOrderList_乱码.csv" in str(info.value)
    assert str(tmp_path) not in str(info.value)


@pytest.mark.parametrize("where", [0.1, 0.9])
def test_bad_byte_in_either_range_names_file_and_offset(tmp_path, where):
    text, _ = gb18030_export(20000, 20000)
    raw = bytearray(text.encode("gb18030"))
    bad_at = raw.index(b"\r\n", int(len(raw) * where)) - 3  # inside the money cell, an ASCII byte
    raw[bad_at] = 0xFF
    raw[bad_at + 1] = 0x22  # 0xFF is never a valid lead byte; 0x22 keeps the quoting intact
    src = tmp_path / "broken.csv"
    src.write_bytes(bytes(raw))
    dst = tmp_path / "broken.out.csv"
    with pytest.raises(UnsupportedEncoding) as info:
        to_utf8(src, "gb18030", dst, workers=2)
    assert info.value.offset == bad_at
    assert "broken.csv" in str(info.value) and str(bad_at) in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.csv"]
