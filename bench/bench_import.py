"""Benchmark the GB18030 order-export import against DuckDB's own typed read_csv of the same data as UTF-8.

Targets (issue): a full import within 1.5x the reference at under 1 GB peak RSS, and a 500k-row
overlapping re-import into a 5M-row table (a real upsert) within 2x a plain insert of the same rows.
Every measured step runs in its own subprocess so its wall time and peak RSS are its own.
The synthetic rows are as wide as real ones (about 630 bytes in GB18030), so the default 1.7M rows make
the ~1 GB file the issue names; `--rows 5000000` gives 5M rows (about 3.2 GB).

    .venv/bin/python bench/bench_import.py --rows 500000
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data.export_layouts import ID_COLUMNS, ORDER_G3  # noqa: E402

G3_HEADER = ORDER_G3
ID_COLS = ID_COLUMNS
MONEY_COLS = {
    "买家应付货款",
    "买家应付邮费",
    "总金额",
    "买家实际支付金额",
    "退款金额",
    "天猫卡券抵扣",
    "集分宝抵扣",
    "返现金额",
}
TS_COLS = {"订单创建时间", "订单付款时间", "确认收货时间", "发货时间", "虚拟号过期时间", "体验期结束时间"}
INT_COLS = {"宝贝种类", "宝贝总数量", "买家支付积分", "返点积分", "买家实际支付积分"}

YEAR_START = "2024-01-01 00:00:00"
SPAN_SECONDS = 365 * 86400
OVERLAP_OLD, OVERLAP_NEW = 0.06, 0.04  # the re-import: last 6% of orders again, plus 4% new ones


def typed_columns() -> dict[str, str]:
    """read_csv column types for the reference load: ids text, money DECIMAL, times TIMESTAMP."""
    kind = {**dict.fromkeys(MONEY_COLS, "DECIMAL(18,2)"), **dict.fromkeys(TS_COLS, "TIMESTAMP")}
    kind.update(dict.fromkeys(INT_COLS, "INTEGER"))
    return {name: kind.get(name, "VARCHAR") for name in G3_HEADER}


# ---------------------------------------------------------------- synthetic export


def rows_sql(first: int, count: int, total: int, export_ts: str) -> str:
    """SELECT of `count` export lines (one VARCHAR each, CRLF-terminated) for orders first..first+count-1.

    Order i is created at YEAR_START + 365d * sqrt(i/total) (a growing store), so the last 6% of orders
    fall in the last ~11 days. Status and refund depend on the order's age at `export_ts`, so a later
    export of the same order shows it further along (shipped -> success, some refunds).
    """
    return f"""
    WITH base AS (
        SELECT i, (hash(i) % 1000000007)::BIGINT AS h, (hash(i + 7777777) % 1000000007)::BIGINT AS h2,
               TIMESTAMP '{YEAR_START}' + to_seconds(CAST(floor({SPAN_SECONDS} * sqrt(i / {total}::DOUBLE)) AS BIGINT))
                   + to_seconds((hash(i) % 600)::BIGINT) AS created
        FROM range({first}, {first + count}) t(i)
    ), a AS (
        SELECT *, epoch(TIMESTAMP '{export_ts}' - created) / 86400.0 AS age,
               (h % 20000 + 990) / 100.0 AS goods, CASE WHEN h % 5 = 0 THEN 10.0 ELSE 0.0 END AS post,
               1 + h2 % 3 AS kinds
        FROM base
    ), s AS (
        SELECT *,
          CASE WHEN age < 0.02 AND h % 4 = 0 THEN '等待买家付款'
               WHEN h % 19 = 0 AND age > 0.05 THEN '交易关闭'
               WHEN age < 1 THEN '买家已付款，等待卖家发货'
               WHEN age < 3 + h2 % 8 THEN '卖家已发货，等待买家确认'
               ELSE '交易成功' END AS status,
          goods + post AS total
        FROM a
    ), r AS (
        SELECT *,
          CASE WHEN status = '交易关闭' THEN total
               WHEN status = '交易成功' AND h2 % 23 = 0 THEN round(goods / 2, 2) ELSE 0 END AS refund,
          status <> '等待买家付款' AS paid
        FROM s
    )
    SELECT concat_ws(',',
      '="' || (3500000000000000000 + i * 1000003) || '"',
      '"' || (CASE WHEN h % 97 = 0 THEN '𠮷祥小店_' ELSE 'tb' END) || (h % 100000000) || '"',
      '"' || ['小明', '阿花', '张三丰', '李·四', '王五€'][1 + h2 % 5] || (h2 % 1000) || '"',
      '="' || CASE WHEN paid THEN '2024' || lpad((h * 1000003)::VARCHAR, 24, '0') ELSE '' END || '"',
      '"' || CASE WHEN paid THEN '支付宝:' || printf('%.2f', total) ELSE '' END || '"',
      '"' || printf('%.2f', goods) || '"', '"' || printf('%.2f', post) || '"', '"0"',
      '"' || printf('%.2f', total) || '"', '"0"',
      '"' || CASE WHEN paid THEN printf('%.2f', total) ELSE '0.00' END || '"', '"0"',
      '"' || status || '"',
      '"' || CASE WHEN h % 50 = 0 THEN '请尽快发货，""谢谢""' || chr(13) || chr(10) || '周末不在家'
                  WHEN h % 7 = 0 THEN '发顺丰' ELSE '' END || '"',
      '"' || ['张', '李', '王', '陈', '刘'][1 + h % 5] || '**"',
      '"' || ['浙江省 杭州市 余杭区 五常街道', '广东省 深圳市 南山区 粤海街道', '北京 北京市 朝阳区 望京街道',
              '上海 上海市 浦东新区 张江镇'][1 + h2 % 4] || ' 文一西路' || (h % 999) || '号，3幢' || (h2 % 30) || '室"',
      '"快递"', '""', '"''138****' || lpad((h % 10000)::VARCHAR, 4, '0') || '"', '""',
      '"' || strftime(created, '%Y-%m-%d %H:%M:%S') || '"',
      '"' || CASE WHEN paid THEN strftime(created + INTERVAL 37 SECOND, '%Y-%m-%d %H:%M:%S') ELSE '' END || '"',
      '"' || ['夏季新款连衣裙女', '纯棉短袖T恤男', '不粘锅家用炒锅', '儿童保温杯316不锈钢', '蓝牙耳机无线降噪'][1 + h % 5]
          || CASE WHEN kinds > 1 THEN '，加厚加大浴巾' ELSE '' END || CASE WHEN kinds > 2 THEN '，手机壳' ELSE '' END || '"',
      '"' || kinds || '"',
      '"' || CASE WHEN age > 1 AND paid THEN 'No:SF' || (h2 * 1009) ELSE '' END || '"',
      '"' || CASE WHEN age > 1 AND paid THEN '顺丰速运' ELSE '' END || '"', '""',
      '"' || (kinds + h % 2) || '"', '"57300000"', '"某某旗舰店"',
      '"' || CASE WHEN status = '交易关闭' THEN '买家未付款' ELSE '订单未关闭' END || '"', '"0"', '"0元"', '""',
      '"' || CASE WHEN h % 3 = 0 THEN '' ELSE '手机订单' END || '"', '""', '=""', '"否"', '"否"', '"否"',
      '""', '""', '""', '""', '"0.00"', '"0.00"', '"否"', '""', '""', '""', '""', '""',
      '"' || printf('%.2f', refund) || '"', '""',
      '"' || CASE WHEN status = '交易成功' THEN strftime(created + INTERVAL 9 DAY, '%Y-%m-%d %H:%M:%S') ELSE '' END || '"',
      '"' || CASE WHEN status = '交易成功' THEN printf('%.2f', total - refund) ELSE '0.00' END || '元"',
      '"0.00"', '"否"', '""', '""', '"快递"', '""', '"0.00"', '"0.00"', '""', '""', '""', '"否"',
      '"' || CASE WHEN age > 1 AND paid THEN strftime(created + INTERVAL 20 HOUR, '%Y-%m-%d %H:%M:%S') ELSE '' END || '"',
      '""',
      '="' || (3500000000000000000 + i * 1000003) || '"'
    ) || chr(13) AS line
    FROM r ORDER BY i
    """  # noqa: S608


def write_export(path: Path, select: str) -> None:
    """Write header + data lines (UTF-8) via DuckDB COPY with quoting off (lines are pre-quoted)."""
    import duckdb

    header = ",".join(f'"{name}"' for name in G3_HEADER) + "\r\n"
    data = path.with_name(path.name + ".data")
    con = duckdb.connect()
    con.execute(
        f"COPY ({select}) TO '{data}' (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x1f')"
    )
    con.close()
    with path.open("wb") as out, data.open("rb") as fin:
        out.write(header.encode())
        out.flush()
        shutil.copyfileobj(fin, out, 8 << 20)
    data.unlink()


def to_gb18030(src: Path, dst: Path) -> None:
    """Encode a UTF-8 file as GB18030 with iconv (the generator's only use of it)."""
    with dst.open("wb") as out:
        subprocess.run(["iconv", "-f", "UTF-8", "-t", "GB18030", str(src)], stdout=out, check=True)


def generate(out: Path, rows: int) -> dict:
    """Write the main export and the overlapping re-export, in UTF-8 and GB18030; return paths and figures."""
    old = int(rows * OVERLAP_OLD)
    new = int(rows * OVERLAP_NEW)
    export1 = "2024-12-31 23:59:59"
    export2 = "2025-01-04 23:59:59"
    files = {}
    for name, select in (
        ("main", rows_sql(0, rows, rows, export1)),
        ("overlap", rows_sql(rows - old, old + new, rows, export2)),
    ):
        t0 = time.perf_counter()
        utf8 = out / f"ExportOrderList_{name}_utf8.csv"
        gb = out / f"ExportOrderList{'202412312359' if name == 'main' else '202501042359'}_{name}.csv"
        write_export(utf8, select)
        t1 = time.perf_counter()
        to_gb18030(utf8, gb)
        t2 = time.perf_counter()
        files[name] = {"utf8": str(utf8), "gb": str(gb), "rows": rows if name == "main" else old + new}
        print(
            f"generated {name}: {files[name]['rows']:,} rows; UTF-8 {utf8.stat().st_size / 1e6:,.0f} MB in "
            f"{t1 - t0:.1f}s, GB18030 {gb.stat().st_size / 1e6:,.0f} MB in {t2 - t1:.1f}s (iconv)",
            flush=True,
        )
    return files


# ---------------------------------------------------------------- the steps (each runs in a child)


def clean_select(source: str, store: str, export_ts: str, load_id: int) -> str:
    """A candidate connector SELECT: all-VARCHAR G3 rows -> the `orders` columns, deduplicated by id."""

    def c(name: str) -> str:
        return f'"{name}"'

    def money(name: str) -> str:
        return f"try_cast(replace(replace(replace({c(name)}, '元', ''), '¥', ''), ',', '') AS DECIMAL(18,2))"

    def ts(name: str) -> str:
        return f"coalesce(try_cast({c(name)} AS TIMESTAMP), try_strptime({c(name)}, '%Y/%m/%d %H:%M'))"

    def ident(name: str) -> str:
        return f"trim(replace(replace({c(name)}, '=', ''), '\"', ''), ' \t')"

    return f"""
    WITH src AS ({source}), cleaned AS (
      SELECT '{store}' AS store, {ident("订单编号")} AS order_id, {c("买家会员名")} AS buyer,
        replace({c("订单状态")}, ',', '，') AS status, {c("订单关闭原因")} AS close_reason,
        {ts("订单创建时间")} AS created_at, {ts("订单付款时间")} AS pay_time, {ts("订单付款时间")} AS paid_at,
        {money("买家应付货款")} AS goods_amount, {money("买家应付邮费")} AS postage, {money("总金额")} AS total_amount,
        {money("买家实际支付金额")} AS paid_amount, {money("退款金额")} AS refund_amount,
        {money("打款商家金额")} AS received_amount,
        try_cast({c("宝贝种类")} AS INTEGER) AS item_kinds, try_cast({c("宝贝总数量")} AS INTEGER) AS quantity,
        {c("宝贝标题")} AS titles, {c("是否手机订单")} = '手机订单' AS is_mobile,
        coalesce({c("预售订单")} NOT IN ('', '否'), false) AS is_presale, {c("分阶段订单信息")} AS presale_info,
        NULL::DECIMAL(18,2) AS deposit_amount, NULL::TIMESTAMP AS deposit_paid_at, NULL::TIMESTAMP AS final_paid_at,
        {c("店铺Id")} AS shop_id, {c("店铺名称")} AS shop_name, {ts("发货时间")} AS shipped_at,
        {ts("确认收货时间")} AS confirmed_at, TIMESTAMP '{export_ts}' AS export_ts, {load_id}::BIGINT AS load_id
      FROM src
    )
    SELECT *, hash(order_id, buyer, status, close_reason, created_at, pay_time, goods_amount, postage,
                   total_amount, paid_amount, refund_amount, received_amount, item_kinds, quantity, titles,
                   is_mobile, shop_id, shop_name, shipped_at, confirmed_at) AS row_hash
    FROM cleaned
    QUALIFY row_number() OVER (PARTITION BY order_id ORDER BY pay_time DESC NULLS LAST) = 1
    """  # noqa: S608


DIALECT = "auto_detect=false, header=true, delim=',', quote='\"', escape='\"'"


def varchar_read(path: str) -> str:
    """read_csv of a UTF-8 export with every column as VARCHAR (names from the header)."""
    cols = ", ".join(f"'{n}': 'VARCHAR'" for n in G3_HEADER)
    return f"SELECT * FROM read_csv('{path}', {DIALECT}, columns={{{cols}}})"  # noqa: S608


def typed_read(path: str) -> str:
    """read_csv of a UTF-8 export with the reference types."""
    cols = ", ".join(f"'{n}': '{t}'" for n, t in typed_columns().items())
    return f"SELECT * FROM read_csv('{path}', {DIALECT}, columns={{{cols}}})"  # noqa: S608


def duck(db: str, settings: dict):
    """A DuckDB connection with the step's settings applied."""
    import duckdb

    con = duckdb.connect(db)
    for key, value in settings.items():
        con.execute(f"SET {key} = '{value}'")
    return con


UPSERT_SQL = {
    "delete_insert": [
        """DELETE FROM orders o USING stage s
           WHERE o.store = s.store AND o.order_id = s.order_id AND s.export_ts >= o.export_ts
             AND s.row_hash <> o.row_hash""",
        """INSERT INTO orders BY NAME SELECT s.* FROM stage s
           WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.store = s.store AND o.order_id = s.order_id)""",
    ],
    "merge": [
        """MERGE INTO orders o USING stage s ON o.store = s.store AND o.order_id = s.order_id
           WHEN MATCHED AND s.export_ts >= o.export_ts AND s.row_hash <> o.row_hash THEN UPDATE
           WHEN NOT MATCHED THEN INSERT""",
    ],
}


def run_step(step: str, args: dict) -> dict:
    """Body of one measured step; returns figures (rows, seconds) for the parent to print."""
    settings = args.get("settings", {})
    t0 = time.perf_counter()
    out: dict = {}
    if step == "reference":
        con = duck(args["db"], settings)
        con.execute(f"CREATE TABLE ref AS {typed_read(args['csv'])}")
        out["rows"] = con.execute("SELECT count(*) FROM ref").fetchone()[0]
        con.close()
    elif step == "transcode":
        from connectors.transcode import to_utf8

        to_utf8(Path(args["csv"]), "gb18030", Path(args["dst"]), workers=args["workers"])
    elif step == "iconv":
        cmd = ["iconv", "-f", "GB18030", "-t", "UTF-8", args["csv"], "-o", args["dst"]]
        subprocess.run(cmd, check=True)
    elif step == "clean_load":
        con = duck(args["db"], settings)
        con.execute((ROOT / "schema.sql").read_text(encoding="utf-8"))
        select = clean_select(varchar_read(args["csv"]), "bench", "2024-12-31 23:59:59", 1)
        con.execute(f"INSERT INTO orders {select}")
        out["rows"] = con.execute("SELECT count(*) FROM orders").fetchone()[0]
        con.close()
    elif step in ("plain_insert", "upsert"):
        con = duck(args["db"], settings)
        select = clean_select(varchar_read(args["csv"]), "bench", "2025-01-04 23:59:59", 2)
        if step == "plain_insert":
            con.execute(f"INSERT INTO orders {select}")
        else:
            con.execute("BEGIN")
            con.execute(f"CREATE TEMP TABLE stage AS {select}")
            out["stage_s"] = round(time.perf_counter() - t0, 2)
            counts = con.execute(
                """SELECT count(*) FILTER (o.order_id IS NULL), count(*) FILTER (o.row_hash <> s.row_hash)
                   FROM stage s LEFT JOIN orders o ON o.store = s.store AND o.order_id = s.order_id"""
            ).fetchone()
            out["inserted"], out["updated"] = counts
            for sql in UPSERT_SQL[args["method"]]:
                con.execute(sql)
            con.execute("COMMIT")
        out["table_rows"] = con.execute("SELECT count(*) FROM orders").fetchone()[0]
        out["dupes"] = con.execute(
            "SELECT count(*) - count(DISTINCT (store, order_id)) FROM orders"
        ).fetchone()[0]
        con.close()
    elif step == "import_file":
        try:
            import connectors
            import db

            import_file = connectors.import_file
        except Exception as exc:
            return {"unavailable": f"{type(exc).__name__}: {exc}"}
        con = db.connect(args["db"])
        for key, value in settings.items():
            con.execute(f"SET {key} = '{value}'")
        t0 = time.perf_counter()
        result = import_file(con, Path(args["csv"]), store="bench")
        out.update(
            status=result.status,
            rows=result.rows_read,
            inserted=result.inserted,
            updated=result.updated,
            error=result.error,
        )
        out["table_rows"] = con.execute("SELECT count(*) FROM orders").fetchone()[0]
        con.close()
    else:
        raise SystemExit(f"unknown step {step}")
    out["seconds"] = time.perf_counter() - t0
    return out


def peak_rss_mb() -> float:
    """This process's peak RSS plus the largest of its finished children's (workers, iconv), in MB."""
    with open("/proc/self/status") as fh:
        hwm = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM"))
    return (hwm + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def child_main(step: str, payload: str) -> None:
    """Run one step in this (child) process and print its figures as one JSON line."""
    out = run_step(step, json.loads(payload))
    out["rss_mb"] = peak_rss_mb()
    print("RESULT " + json.dumps(out, default=str), flush=True)


# ---------------------------------------------------------------- the parent


def measure(label: str, step: str, args: dict, *, nbytes: int = 0, rows: int = 0) -> dict:
    """Run a step in a subprocess; return wall time, peak RSS and throughput."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", step, json.dumps(args)], capture_output=True, text=True
    )
    wall = time.perf_counter() - t0
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
    if proc.returncode != 0 or line is None:
        res = {"label": label, "failed": (proc.stderr or proc.stdout).strip()[-800:]}
        print(f"  {label}: FAILED\n{res['failed']}", flush=True)
        return res
    res = json.loads(line[7:])
    res.update(label=label, wall=wall, nbytes=nbytes)
    if "unavailable" in res:
        print(f"  {label}: connectors.import_file not available: {res['unavailable']}", flush=True)
        return res
    res.setdefault("rows", rows)
    extra = {k: v for k, v in res.items() if k not in {"label", "wall", "nbytes", "seconds", "rss_mb"}}
    print(
        f"  {label}: {res['seconds']:.2f}s (process {wall:.2f}s), peak RSS {res['rss_mb']:.0f} MB {extra}",
        flush=True,
    )
    return res


def fresh(path: Path) -> str:
    """Remove a database file (and WAL) so a step starts from nothing; return its path."""
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)
    return str(path)


def copy_db(src: Path, dst: Path) -> str:
    """Copy a checkpointed database file so each upsert variant starts from the same 5M rows."""
    fresh(dst)
    shutil.copyfile(src, dst)
    return str(dst)


def summary(results: list[tuple[dict, dict | None]]) -> None:
    """Print the table: step, seconds, MB/s, rows/s, peak RSS, ratio to its reference."""
    print()
    print(f"{'step':<52}{'seconds':>9}{'MB/s':>8}{'rows/s':>12}{'RSS MB':>8}{'ratio':>8}  vs")
    print("-" * 112)
    for res, ref in results:
        if "seconds" not in res:
            why = res.get("unavailable") or "failed"
            print(f"{res['label']:<52}{'n/a':>9}  {why[:60]}")
            continue
        secs = res["seconds"]
        mbs = res["nbytes"] / 1e6 / secs if res.get("nbytes") else 0
        rps = res.get("rows", 0) / secs if res.get("rows") else 0
        ratio = f"{secs / ref['seconds']:.2f}x" if ref and "seconds" in ref else ""
        vs = ref["label"] if ref and ratio else ""
        print(f"{res['label']:<52}{secs:>9.2f}{mbs:>8.0f}{rps:>12,.0f}{res['rss_mb']:>8.0f}{ratio:>8}  {vs}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--rows",
        type=int,
        default=1_700_000,
        help="orders in the main export (default 1.7M: about 1.07 GB in GB18030 at this realistic row width)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--keep", action="store_true", help="keep the generated files and databases")
    parser.add_argument(
        "--skip-generate", action="store_true", help="reuse the files of an earlier --keep run"
    )
    parser.add_argument("--threads", type=int, default=2, help="DuckDB threads")
    parser.add_argument("--workers", type=int, default=2, help="to_utf8 worker processes")
    parser.add_argument("--memory-limit", default="", help="DuckDB memory_limit for the candidate steps")
    opts = parser.parse_args()

    out: Path = opts.out
    out.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(out).free
    need = opts.rows * 3000
    print(f"free disk at {out}: {free / 1e9:.1f} GB (this run needs about {need / 1e9:.1f} GB)")
    if free < need:
        raise SystemExit("not enough free disk space")

    manifest = out / "manifest.json"
    if opts.skip_generate and manifest.exists():
        files = json.loads(manifest.read_text())
    else:
        t0 = time.perf_counter()
        files = generate(out, opts.rows)
        manifest.write_text(json.dumps(files))
        print(f"generation total {time.perf_counter() - t0:.1f}s")
    main_f, ovl = files["main"], files["overlap"]
    gb_size = Path(main_f["gb"]).stat().st_size
    u8_size = Path(main_f["utf8"]).stat().st_size
    ovl_size = Path(ovl["gb"]).stat().st_size
    n, n_ovl = main_f["rows"], ovl["rows"]

    base = {"threads": opts.threads}
    cand = {**base, "preserve_insertion_order": "false"}
    if opts.memory_limit:
        cand["memory_limit"] = opts.memory_limit
    results: list[tuple[dict, dict | None]] = []

    print("\n[full import]", flush=True)
    ref = measure(
        "reference: read_csv typed UTF-8 -> CTAS",
        "reference",
        {"db": fresh(out / "ref.duckdb"), "csv": main_f["utf8"], "settings": base},
        nbytes=u8_size,
    )
    results.append((ref, None))
    transcoded = out / "transcoded.csv"
    iconv = measure(
        "(info) glibc iconv program, whole file, 1 process",
        "iconv",
        {"csv": main_f["gb"], "dst": str(transcoded)},
        nbytes=gb_size,
        rows=n,
    )
    results.append((iconv, ref))
    tr = measure(
        f"to_utf8 GB18030 ({opts.workers} workers)",
        "transcode",
        {"csv": main_f["gb"], "dst": str(transcoded), "workers": opts.workers},
        nbytes=gb_size,
        rows=n,
    )
    results.append((tr, ref))
    clean = measure(
        "read_csv VARCHAR + clean/dedupe -> orders",
        "clean_load",
        {"db": fresh(out / "cand.duckdb"), "csv": str(transcoded), "settings": cand},
        nbytes=u8_size,
    )
    results.append((clean, ref))
    if "seconds" in clean and "seconds" in tr:
        total = {
            "label": "= candidate pipeline (to_utf8 + clean/dedupe)",
            "seconds": tr["seconds"] + clean["seconds"],
            "rss_mb": max(tr["rss_mb"], clean["rss_mb"]),
            "nbytes": gb_size,
            "rows": clean.get("rows", n),
        }
        results.append((total, ref))
    imp = measure(
        "connectors.import_file(GB18030)",
        "import_file",
        {"db": fresh(out / "import.duckdb"), "csv": main_f["gb"]},
        nbytes=gb_size,
        rows=n,
    )
    results.append((imp, ref))

    print("\n[re-import of the overlapping export]", flush=True)
    base_db = out / "import.duckdb" if imp.get("status") == "imported" else out / "cand.duckdb"
    ovl_u8 = out / "overlap_transcoded.csv"
    ovl_tr = measure(
        "overlap: to_utf8",
        "transcode",
        {"csv": ovl["gb"], "dst": str(ovl_u8), "workers": opts.workers},
        nbytes=ovl_size,
        rows=n_ovl,
    )
    plain = measure(
        f"plain INSERT {n_ovl:,} rows into {n:,}",
        "plain_insert",
        {"db": copy_db(out / "cand.duckdb", out / "plain.duckdb"), "csv": ovl["utf8"], "settings": cand},
        nbytes=ovl_size,
        rows=n_ovl,
    )
    results += [(plain, None), (ovl_tr, plain)]
    for method in ("delete_insert", "merge"):
        res = measure(
            f"upsert stage + {method}",
            "upsert",
            {
                "db": copy_db(out / "cand.duckdb", out / f"{method}.duckdb"),
                "csv": str(ovl_u8),
                "method": method,
                "settings": cand,
            },
            nbytes=ovl_size,
            rows=n_ovl,
        )
        results.append((res, plain))
        if "seconds" in res and "seconds" in ovl_tr:
            results.append(
                (
                    {
                        "label": f"= to_utf8 + {method}",
                        "seconds": res["seconds"] + ovl_tr["seconds"],
                        "rss_mb": max(res["rss_mb"], ovl_tr["rss_mb"]),
                        "nbytes": ovl_size,
                        "rows": n_ovl,
                    },
                    plain,
                )
            )
    if base_db.name == "import.duckdb":
        res = measure(
            "connectors.import_file(overlap GB18030)",
            "import_file",
            {"db": copy_db(base_db, out / "reimport.duckdb"), "csv": ovl["gb"]},
            nbytes=ovl_size,
            rows=n_ovl,
        )
    else:
        res = {
            "label": "connectors.import_file(overlap GB18030)",
            "unavailable": imp.get("unavailable")
            or f"first import did not succeed: {imp.get('error') or imp}",
        }
        print(f"  {res['label']}: connectors.import_file not available: {res['unavailable']}")
    results.append((res, plain))

    summary(results)
    if not opts.keep:
        shutil.rmtree(out)
        print(f"\nremoved {out}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child_main(sys.argv[2], sys.argv[3])
    else:
        main()
