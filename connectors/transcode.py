"""Detect an export's text encoding and turn the file into UTF-8 for DuckDB's read_csv, streaming.

DuckDB cannot read GB18030 offline, so every non-UTF-8 export goes through `to_utf8` first. GB18030 is
decoded in parallel: the file is cut at LF bytes (0x0A never occurs inside a GB18030 multibyte
character), each range is decoded by its own process, and the pieces are joined into one file in order,
so a quoted field that spans a cut is rebuilt intact.

Python's codec does the decoding, not glibc iconv, for three measured reasons: glibc 2.36 follows the
GB18030-2022 mapping, so it decodes 25 two-byte codes differently from Python (e.g. A6D9, FE51) and
rejects 18 four-byte codes that Python accepts (e.g. 82359037), failing files that are valid; the iconv
program reads its whole input into memory before converting (RSS = input size); and it is only about
1.3x faster (bench/bench_import.py measures both).

This file also runs as a script (`python transcode.py --worker ...`): that is how the parallel workers
start without importing the `connectors` package and its dependencies.
"""

from __future__ import annotations

import codecs
import os
import shutil
import subprocess
import sys
from pathlib import Path

BLOCK = 1 << 20
GB_NAMES = {"gb18030", "gbk", "gb2312", "cp936", "936"}
UTF8_NAMES = {"utf-8", "utf8"}
WORKER_DECODE_ERROR = 3


class UnsupportedEncoding(ValueError):
    """The file is not in an encoding the importer reads (UTF-8, UTF-16 with BOM, GB18030)."""

    def __init__(self, name: str, offset: int | None = None, detail: str | None = None):
        where = f"（第 {offset} 字节处）" if offset is not None else ""
        where_en = f" at byte {offset}" if offset is not None else ""
        extra = f" ({detail})" if detail else ""
        super().__init__(
            f"无法识别文件 {name} 的文字编码{where}：请导出为 CSV（GBK/GB18030 或 UTF-8）后重试。"
            f" / Cannot decode {name}{where_en}: it is not UTF-8, UTF-16 or GB18030{extra}."
        )
        self.name = name
        self.offset = offset
        self.detail = detail


def _canonical(encoding: str) -> str:
    """Lower-case codec name with the GBK family folded into its superset gb18030."""
    enc = encoding.lower().replace("_", "-")
    return "gb18030" if enc in GB_NAMES else enc


def sniff_encoding(path: str | os.PathLike, sample_bytes: int = 1 << 20) -> str:
    """Return 'utf-8-sig', 'utf-16', 'utf-8' or 'gb18030' from the BOM or a strict decode of a sample.

    A multibyte character cut by the end of the sample is allowed. If the sample is pure ASCII the scan
    goes on, block by block, to the first non-ASCII bytes, so a file whose Chinese starts late is not
    mistaken for UTF-8.
    """
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(sample_bytes)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        sample = head
        while sample.isascii():
            more = fh.read(sample_bytes)
            if not more:
                return "utf-8"
            sample = more
        start = next(i for i, b in enumerate(sample) if b >= 0x80)
        sample = sample[start:]
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)("strict").decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    raise UnsupportedEncoding(path.name)


def to_utf8(src: str | os.PathLike, encoding: str, dst: str | os.PathLike, *, workers: int = 2) -> Path:
    """Write a UTF-8 copy (no BOM) of `src`, read as `encoding`, to `dst` and return `dst`.

    Streams in fixed-size blocks (peak memory is a few blocks per process); GB18030 is split over
    `workers` processes (this one included). An undecodable byte raises UnsupportedEncoding with the
    file name and byte offset, and `dst` is removed.
    """
    src, dst = Path(src), Path(dst)
    enc = _canonical(encoding)
    try:
        if enc in UTF8_NAMES | {"utf-8-sig"}:
            _copy_utf8(src, dst, skip_bom=True)
        elif enc == "gb18030":
            _parallel_gb18030(src, dst, max(1, workers))
        else:
            with dst.open("wb") as out:
                _decode_range(src, enc, 0, src.stat().st_size, out)
    except BaseException:
        dst.unlink(missing_ok=True)
        raise
    return dst


def _copy_utf8(src: Path, dst: Path, *, skip_bom: bool) -> None:
    """Copy src to dst in the kernel where possible, leaving out a leading UTF-8 BOM."""
    with src.open("rb") as fin:
        start = 3 if skip_bom and fin.read(3) == codecs.BOM_UTF8 else 0
    with dst.open("wb") as out:
        _append(src, start, out)


def _append(src: Path, start: int, out) -> None:
    """Append src from byte `start` to the binary file `out` (copy_file_range, else a buffered copy)."""
    out.flush()
    out.seek(0, os.SEEK_END)
    with src.open("rb", buffering=0) as fin:
        size = os.fstat(fin.fileno()).st_size
        offset = start
        try:
            while offset < size:
                n = os.copy_file_range(fin.fileno(), out.fileno(), size - offset, offset)
                if n == 0:
                    break
                offset += n
        except (AttributeError, OSError):
            out.seek(0, os.SEEK_END)
            fin.seek(offset)
            shutil.copyfileobj(fin, out, BLOCK)
            return
    out.seek(0, os.SEEK_END)


def _decode_range(src: Path, encoding: str, start: int, end: int, out) -> None:
    """Decode bytes [start, end) of src with Python's codec and write them to out as UTF-8."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    pos = start
    with src.open("rb") as fin:
        fin.seek(start)
        while pos < end:
            block = fin.read(min(BLOCK, end - pos))
            if not block:
                break
            pending = len(decoder.getstate()[0])
            try:
                out.write(decoder.decode(block, final=False).encode("utf-8"))
            except UnicodeDecodeError as exc:
                raise UnsupportedEncoding(src.name, pos - pending + exc.start, exc.reason) from None
            pos += len(block)
        try:
            out.write(decoder.decode(b"", final=True).encode("utf-8"))
        except UnicodeDecodeError as exc:
            raise UnsupportedEncoding(src.name, pos - len(decoder.getstate()[0]), exc.reason) from None


def _split_at_lf(src: Path, parts: int) -> list[tuple[int, int]]:
    """Cut src into up to `parts` byte ranges of similar size, each ending just after an LF."""
    size = src.stat().st_size
    bounds = [0]
    with src.open("rb") as fin:
        for i in range(1, parts):
            target = max(size * i // parts, bounds[-1])
            fin.seek(target)
            while True:
                chunk = fin.read(1 << 16)
                if not chunk:
                    target = size
                    break
                lf = chunk.find(b"\n")
                if lf >= 0:
                    target += lf + 1
                    break
                target += len(chunk)
            if target >= size:
                break
            bounds.append(target)
    bounds.append(size)
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a] or [(0, 0)]


def _parallel_gb18030(src: Path, dst: Path, workers: int) -> None:
    """Decode the LF-aligned ranges concurrently; range 0 goes straight into dst, the rest via parts."""
    ranges = _split_at_lf(src, workers)
    parts = [dst.with_name(f"{dst.name}.part{i}") for i in range(len(ranges))]
    parts[0] = dst
    jobs = [_Worker(src, a, b, part) for (a, b), part in zip(ranges[1:], parts[1:], strict=True)]
    try:
        with dst.open("wb") as out:
            _decode_range(src, "gb18030", ranges[0][0], ranges[0][1], out)
        errors = [err for err in (job.wait() for job in jobs) if err]
        if errors:
            raise UnsupportedEncoding(src.name, *min(errors, key=lambda e: (e[0] is None, e[0] or 0)))
        with dst.open("r+b") as out:
            for part in parts[1:]:
                _append(part, 0, out)
    finally:
        for job in jobs:
            job.kill()
        for part in parts[1:]:
            part.unlink(missing_ok=True)


class _Worker:
    """One range decoded by this file run as a worker script (no package imports, ~20 ms start)."""

    def __init__(self, src: Path, start: int, end: int, out: Path):
        cmd = [sys.executable, "-I", "-S", __file__, "--worker", str(src), str(start), str(end), str(out)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait(self) -> tuple[int | None, str] | None:
        """None on success, else (absolute byte offset or None, reason)."""
        err = self.proc.communicate()[1].decode("utf-8", "replace").strip()
        if self.proc.returncode == 0:
            return None
        if self.proc.returncode == WORKER_DECODE_ERROR:
            offset, _, reason = err.partition(" ")
            return int(offset), reason
        raise RuntimeError(f"transcode worker failed ({self.proc.returncode}): {err[-500:]}")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def _worker_main(argv: list[str]) -> int:
    """Entry point of a worker process: decode one GB18030 range of src into out."""
    src, start, end, out = Path(argv[0]), int(argv[1]), int(argv[2]), Path(argv[3])
    try:
        with out.open("wb") as fout:
            _decode_range(src, "gb18030", start, end, fout)
    except UnsupportedEncoding as exc:
        sys.stderr.write(f"{exc.offset} {exc.detail or ''}\n")
        return WORKER_DECODE_ERROR
    return 0


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    sys.exit(_worker_main(sys.argv[2:]))
