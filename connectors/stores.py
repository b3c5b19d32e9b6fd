"""Decide which store a file's rows belong to, creating the store when a file names a new one.

A file with a store column (店铺名称/店铺Id in the order export) names its store; `--store` must not
contradict it. A file without one goes to the store named by `--store`, or to the only non-demo store in the
database; where neither decides, the file is rejected with a message saying so.
"""

from __future__ import annotations

from connectors.tabular import FileRejected


def _find(conn, shop_id: str | None, shop_name: str | None) -> str | None:
    row = conn.execute(
        "SELECT store FROM stores WHERE ($id IS NOT NULL AND shop_id = $id) "
        "OR ($name IS NOT NULL AND (shop_name = $name OR store = $name)) "
        "ORDER BY (shop_id = $id) DESC NULLS LAST LIMIT 1",
        {"id": shop_id, "name": shop_name},
    ).fetchone()
    return row[0] if row else None


def ensure_store(conn, store: str, *, shop_id: str | None = None, shop_name: str | None = None) -> None:
    """Create the store if it does not exist; fill in the platform ids it did not know yet."""
    conn.execute("INSERT INTO stores (store) VALUES ($s) ON CONFLICT DO NOTHING", {"s": store})
    if shop_id or shop_name:
        conn.execute(
            "UPDATE stores SET shop_id = coalesce(shop_id, $id), shop_name = coalesce(shop_name, $name) WHERE store = $s",
            {"s": store, "id": shop_id, "name": shop_name},
        )


def resolve_store(
    conn, requested: str | None, file_shops: list[tuple[str | None, str | None]], display_name: str
) -> str:
    """The store the file goes to (see the module docstring); raises FileRejected when undecidable."""
    shops = [(i, n) for i, n in file_shops if i or n]
    if len(shops) > 1:
        names = "、".join(n or i for i, n in shops)
        raise FileRejected(
            f"{display_name}: 文件包含多个店铺（{names}），请按店铺分别导出后导入 / the file holds several stores ({names})"
        )
    if shops:
        shop_id, shop_name = shops[0]
        known = _find(conn, shop_id, shop_name)
        if requested:
            if known and known != requested:
                raise FileRejected(
                    f"{display_name}: 文件属于店铺“{known}”（店铺名称 {shop_name or '-'}，店铺Id {shop_id or '-'}），"
                    f"与指定的店铺“{requested}”不符 / the file belongs to store {known}, not {requested}"
                )
            ensure_store(conn, requested, shop_id=shop_id, shop_name=shop_name)
            return requested
        store = known or shop_name or shop_id
        ensure_store(conn, store, shop_id=shop_id, shop_name=shop_name)
        return store
    if requested:
        ensure_store(conn, requested)
        return requested
    # The demo store never takes a user's file by default.
    stores = [
        r[0] for r in conn.execute("SELECT store FROM stores WHERE NOT is_demo ORDER BY store").fetchall()
    ]
    if len(stores) == 1:
        return stores[0]
    if not stores:
        raise FileRejected(
            f"{display_name}: 文件没有店铺列，数据库里也还没有店铺：请用 --store 指定店铺名（或在页面上选择店铺）"
            " / the file has no store column and the database has no store yet: name one with --store"
        )
    raise FileRejected(
        f"{display_name}: 文件没有店铺列，数据库里有 {len(stores)} 个店铺（{'、'.join(stores)}）：请用 --store 指定"
        f" / the file has no store column and the database has {len(stores)} stores: choose one with --store"
    )
