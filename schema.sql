-- Canonical tables: the contract between connectors/ (which write them) and metrics/ (which read them).
-- Every table carries `store`. Money is DECIMAL(18,2) in yuan; ratios are fractions (0.0325 = 3.25%).
-- Timestamps are naive Beijing local time (Asia/Shanghai), so a local date never shifts with the machine's TZ.
-- Large tables have no PRIMARY KEY on purpose: the connectors keep keys unique (upsert by key in one
-- transaction) and an ART index would slow bulk loads and cost memory. tests/ check the uniqueness.

CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS stores (
    store VARCHAR PRIMARY KEY,          -- display name; the key every other table carries
    platform VARCHAR,                   -- 'tmall' | 'taobao' | NULL when not known
    shop_id VARCHAR,                    -- platform shop id (店铺Id) where known
    shop_name VARCHAR,                  -- the name platform exports carry (店铺名称)
    is_demo BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

CREATE SEQUENCE IF NOT EXISTS load_id_seq START 1;

-- One row per file (or payload) offered for import, whatever its outcome.
CREATE TABLE IF NOT EXISTS loads (
    load_id BIGINT PRIMARY KEY,
    file_name VARCHAR NOT NULL,         -- display text only, never used as a path
    sha256 VARCHAR NOT NULL,
    kind VARCHAR,                       -- recognised kind, e.g. 'orders'; NULL when not recognised
    store VARCHAR,
    export_ts TIMESTAMP,                -- version of the data: export time from the name, else newest time inside
    encoding VARCHAR,
    rows_read BIGINT NOT NULL DEFAULT 0,
    inserted BIGINT NOT NULL DEFAULT 0,
    updated BIGINT NOT NULL DEFAULT 0,
    unchanged BIGINT NOT NULL DEFAULT 0,
    rejected BIGINT NOT NULL DEFAULT 0,
    status VARCHAR NOT NULL,            -- 'imported' | 'unchanged' | 'rejected'
    error VARCHAR,
    source VARCHAR NOT NULL DEFAULT 'file',   -- 'file' | 'upload' | 'demo' | 'http'
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);

-- Rows a load could not take, with where and why. `line` is the 1-based line in the file
-- (for spreadsheets: the sheet row).
CREATE TABLE IF NOT EXISTS rejected_rows (
    load_id BIGINT NOT NULL,
    line BIGINT,
    column_name VARCHAR,
    value VARCHAR,
    reason VARCHAR NOT NULL
);

-- 订单报表: one row per order (主订单). Key (store, order_id).
CREATE TABLE IF NOT EXISTS orders (
    store VARCHAR NOT NULL,
    order_id VARCHAR NOT NULL,          -- 订单编号, text (ids exceed float precision)
    buyer VARCHAR,                      -- 买家会员名
    status VARCHAR,                     -- 订单状态, full-width comma normalised to '，'
    close_reason VARCHAR,               -- 订单关闭原因
    created_at TIMESTAMP,               -- 订单创建时间
    pay_time TIMESTAMP,                 -- 订单付款时间 as exported
    paid_at TIMESTAMP,                  -- when the sale counts (pay_time, or a presale's final payment); NULL = not a sale
    goods_amount DECIMAL(18,2),         -- 买家应付货款
    postage DECIMAL(18,2),              -- 买家应付邮费
    total_amount DECIMAL(18,2),         -- 总金额
    paid_amount DECIMAL(18,2),          -- 买家实际支付金额 (postage included)
    refund_amount DECIMAL(18,2),        -- 退款金额 (order level, as exported)
    received_amount DECIMAL(18,2),      -- 打款商家金额
    item_kinds INTEGER,                 -- 宝贝种类
    quantity INTEGER,                   -- 宝贝总数量
    titles VARCHAR,                     -- 宝贝标题
    is_mobile BOOLEAN,                  -- 是否手机订单
    is_presale BOOLEAN NOT NULL DEFAULT false,
    presale_info VARCHAR,               -- 分阶段订单信息, raw
    deposit_amount DECIMAL(18,2),       -- 定金, where the staged info shows it
    deposit_paid_at TIMESTAMP,
    final_paid_at TIMESTAMP,            -- 尾款 payment time, where known
    shop_id VARCHAR,                    -- 店铺Id
    shop_name VARCHAR,                  -- 店铺名称
    shipped_at TIMESTAMP,               -- 发货时间
    confirmed_at TIMESTAMP,             -- 确认收货时间
    export_ts TIMESTAMP NOT NULL,       -- version: a row is replaced only by an export at least as new
    load_id BIGINT NOT NULL,
    row_hash UBIGINT NOT NULL           -- hash of the content columns, to tell updated from unchanged
);

-- 宝贝报表: one row per sub-order (item line). Key (store, line_id). Lines are replaced per order.
CREATE TABLE IF NOT EXISTS order_lines (
    store VARCHAR NOT NULL,
    line_id VARCHAR NOT NULL,           -- 子订单编号; old layout: 订单编号 || '#' || line number within the order
    order_id VARCHAR NOT NULL,          -- 主订单编号 / 订单编号
    title VARCHAR,                      -- 标题 / 商品标题
    unit_price DECIMAL(18,2),           -- 价格 / 商品价格
    quantity INTEGER,                   -- 购买数量
    sku VARCHAR,                        -- 商家编码 (else 外部系统编号), trimmed
    outer_id VARCHAR,                   -- 外部系统编号
    props VARCHAR,                      -- 商品属性
    package VARCHAR,                    -- 套餐信息
    status VARCHAR,                     -- 订单状态
    goods_amount DECIMAL(18,2),         -- 买家应付货款
    paid_amount DECIMAL(18,2),          -- 买家实际支付金额 / 买家实付金额
    refund_status VARCHAR,              -- 退款状态
    refund_amount DECIMAL(18,2),        -- 退款金额
    created_at TIMESTAMP,
    pay_time TIMESTAMP,
    item_id VARCHAR,                    -- 商品ID
    shipped_at TIMESTAMP,
    export_ts TIMESTAMP NOT NULL,
    load_id BIGINT NOT NULL,
    row_hash UBIGINT NOT NULL
);

-- 生意参谋 shop daily figures: one row per store and day; a later import of the same day replaces it.
CREATE TABLE IF NOT EXISTS traffic_daily (
    store VARCHAR NOT NULL,
    date DATE NOT NULL,
    visitors BIGINT,                    -- 访客数
    page_views BIGINT,                  -- 浏览量
    item_visitors BIGINT,               -- 商品访客数
    avg_stay_seconds DOUBLE,            -- 平均停留时长
    bounce_rate DOUBLE,                 -- 跳失率 (fraction)
    fav_buyers BIGINT,                  -- 商品收藏买家数
    add_cart_buyers BIGINT,             -- 加购人数
    add_cart_units BIGINT,              -- 加购件数
    order_amount DECIMAL(18,2),         -- 下单金额
    order_buyers BIGINT,                -- 下单买家数
    pay_amount DECIMAL(18,2),           -- 支付金额
    pay_buyers BIGINT,                  -- 支付买家数
    pay_orders BIGINT,                  -- 支付父订单数 / 支付子订单数
    pay_units BIGINT,                   -- 支付件数
    pay_conversion DOUBLE,              -- 支付转化率 (fraction)
    avg_order_value DECIMAL(18,2),      -- 客单价
    uv_value DECIMAL(18,2),             -- UV价值
    new_visitors BIGINT,                -- 新访客数
    old_visitors BIGINT,                -- 老访客数
    refund_amount DECIMAL(18,2),        -- 成功退款金额
    ad_spend DECIMAL(18,2),             -- sum of the ad-spend columns present (直通车/钻展/万相台/引力魔方/关键词/人群推广消耗)
    affiliate_commission DECIMAL(18,2), -- 淘宝客佣金
    load_id BIGINT NOT NULL,
    row_hash UBIGINT NOT NULL
);

-- 生意参谋 product daily figures (商品_全部): one row per store, day and item.
CREATE TABLE IF NOT EXISTS product_daily (
    store VARCHAR NOT NULL,
    date DATE NOT NULL,
    item_id VARCHAR NOT NULL,           -- 商品ID
    item_name VARCHAR,                  -- 商品名称
    item_no VARCHAR,                    -- 货号
    item_status VARCHAR,                -- 商品状态
    visitors BIGINT,                    -- 商品访客数
    page_views BIGINT,                  -- 商品浏览量
    fav_buyers BIGINT,                  -- 商品收藏人数
    add_cart_units BIGINT,              -- 商品加购件数
    add_cart_buyers BIGINT,             -- 商品加购人数
    order_buyers BIGINT,                -- 下单买家数
    order_units BIGINT,                 -- 下单件数
    order_amount DECIMAL(18,2),         -- 下单金额
    pay_buyers BIGINT,                  -- 支付买家数
    pay_units BIGINT,                   -- 支付件数
    pay_amount DECIMAL(18,2),           -- 支付金额
    pay_conversion DOUBLE,              -- 商品支付转化率 (fraction)
    jhs_pay_amount DECIMAL(18,2),       -- 聚划算支付金额
    refund_amount DECIMAL(18,2),        -- 成功退款金额
    search_visitors BIGINT,             -- 搜索引导访客数
    search_pay_buyers BIGINT,           -- 搜索引导支付买家数
    load_id BIGINT NOT NULL,
    row_hash UBIGINT NOT NULL
);

-- ERP stock snapshots: one row per store, snapshot date and SKU (旺店通 rows summed over warehouses).
-- A new snapshot of the same store and day replaces the old one whole.
CREATE TABLE IF NOT EXISTS inventory_snapshots (
    store VARCHAR NOT NULL,
    snapshot_date DATE NOT NULL,
    sku VARCHAR NOT NULL,               -- 商品编码 / spec_no / 商家编码, trimmed
    name VARCHAR,                       -- 商品名称
    style_code VARCHAR,                 -- 款式编码 / goods_no
    on_hand BIGINT,                     -- 主仓实际库存数 / 库存 (stock_num)
    available BIGINT,                   -- 公有可用数 / 可发库存 (can be negative when oversold)
    in_transit BIGINT,                  -- 采购在途数 / purchase_num
    order_locked BIGINT,                -- 订单占有数 / lock_num
    locked BIGINT,                      -- 库存锁定数
    allocate_in_transit BIGINT,         -- 调拨在途数
    inbound_stock BIGINT,               -- 进货仓库存
    defective BIGINT,                   -- 次品库存
    warehouses INTEGER,                 -- number of warehouse rows summed
    source_format VARCHAR NOT NULL,     -- 'jst' (聚水潭) | 'wdt' (旺店通)
    load_id BIGINT NOT NULL,
    row_hash UBIGINT NOT NULL
);

-- Sales plan (销售计划), the version in force: one row per store and month. A change writes the new
-- values here and one row per changed field to plan_history; `version` counts the changes of the row.
CREATE TABLE IF NOT EXISTS plan_months (
    store VARCHAR NOT NULL,
    month VARCHAR NOT NULL,             -- 'YYYY-MM'
    gmv_target DECIMAL(18,2),           -- 销售目标: paid GMV in yuan; NULL = no target
    net_sales_target DECIMAL(18,2),     -- 净销售目标 (optional)
    visitors_target BIGINT,             -- 访客数目标 (optional)
    conversion_target DOUBLE,           -- 转化率目标, fraction (optional)
    aov_target DECIMAL(18,2),           -- 客单价目标 (optional)
    owner VARCHAR,                      -- 负责人
    version INTEGER NOT NULL,
    source VARCHAR NOT NULL,            -- 'editor' | 'file' | 'draft'
    load_id BIGINT,                     -- the plan file's load, when it came from a file
    updated_by VARCHAR,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (store, month)
);

-- Annual targets (年度目标); when a year has none, the sum of its months stands in.
CREATE TABLE IF NOT EXISTS plan_years (
    store VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    annual_target DECIMAL(18,2),
    version INTEGER NOT NULL,
    updated_by VARCHAR,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (store, year)
);

-- Single-day overrides of the computed daily target (the user's hand on the daily curve).
CREATE TABLE IF NOT EXISTS plan_day_overrides (
    store VARCHAR NOT NULL,
    date DATE NOT NULL,
    gmv_target DECIMAL(18,2) NOT NULL,
    updated_by VARCHAR,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (store, date)
);

CREATE SEQUENCE IF NOT EXISTS plan_change_seq START 1;

-- Every change to the plan, field by field: who, when, old and new value, and the version it made.
CREATE TABLE IF NOT EXISTS plan_history (
    change_id BIGINT NOT NULL,
    store VARCHAR NOT NULL,
    period VARCHAR NOT NULL,            -- 'YYYY-MM' (month), 'YYYY' (year) or 'YYYY-MM-DD' (day override)
    field VARCHAR NOT NULL,             -- column name, e.g. 'gmv_target'
    old_value VARCHAR,
    new_value VARCHAR,
    version INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    load_id BIGINT,
    changed_by VARCHAR,
    changed_at TIMESTAMP NOT NULL
);

-- Sales per store and day (payment date), kept by the order and detail connectors for the days an import
-- touches (daily_sales.py holds the one definition); month figures read ~30 rows instead of the orders.
CREATE TABLE IF NOT EXISTS sales_daily (
    store VARCHAR NOT NULL,
    day DATE NOT NULL,                  -- local date of paid_at
    paid_gmv DECIMAL(18,2) NOT NULL,    -- sum of paid_amount of the day's paid orders
    refunds DECIMAL(18,2) NOT NULL,     -- completed refunds of those orders (lines 退款成功, else order level)
    paid_orders BIGINT NOT NULL,
    paid_buyers BIGINT NOT NULL,        -- distinct buyers of the day
    unique_skus BIGINT NOT NULL,        -- distinct SKUs sold that day (lines of paid orders)
    PRIMARY KEY (store, day)
);
ALTER TABLE sales_daily ADD COLUMN IF NOT EXISTS units BIGINT;  -- 宝贝总数量 of the day's paid orders

-- Sales per store, day and SKU: the detail lines of the day's paid orders (daily_sales.py).
CREATE TABLE IF NOT EXISTS sku_daily (
    store VARCHAR NOT NULL,
    day DATE NOT NULL,
    sku VARCHAR NOT NULL,               -- order_lines.sku ('' when the line has none)
    units BIGINT NOT NULL,              -- 购买数量
    gmv DECIMAL(18,2) NOT NULL,         -- lines' 买家实付金额 (else 价格 × 数量)
    refunded_units BIGINT NOT NULL,     -- units on 退款成功 lines
    refunds DECIMAL(18,2) NOT NULL,     -- 退款金额 of 退款成功 lines
    orders BIGINT NOT NULL              -- distinct orders with the SKU that day
);  -- key (store, day, sku), kept unique by daily_sales.py (no index: millions of rows at scale)
ALTER TABLE sku_daily ADD COLUMN IF NOT EXISTS title VARCHAR;  -- a title the SKU's lines carried that day

-- The detail lines of paid orders with the order's payment day, time and buyer (daily_sales.py), in day
-- order: a SKU-level campaign counts its distinct orders and buyers from its weeks' rows, not from every
-- line of the store.
CREATE TABLE IF NOT EXISTS paid_lines (
    store VARCHAR NOT NULL,
    day DATE NOT NULL,                  -- local date of orders.paid_at
    sku VARCHAR NOT NULL,               -- as in sku_daily
    order_id VARCHAR NOT NULL,
    buyer VARCHAR,
    paid_at TIMESTAMP NOT NULL,
    units BIGINT NOT NULL,
    gmv DECIMAL(18,2) NOT NULL,         -- as in sku_daily
    export_ts TIMESTAMP NOT NULL        -- the line's export
);

-- Each buyer's first payment in a store (daily_sales.py): new buyers of a campaign without a history scan.
CREATE TABLE IF NOT EXISTS buyer_first (
    store VARCHAR NOT NULL,
    buyer VARCHAR NOT NULL,
    first_paid_at TIMESTAMP NOT NULL
);  -- key (store, buyer), kept unique by daily_sales.py

-- Per-store settings with a default in the code when absent, e.g. 'margin_rate' (毛利率, fraction).
CREATE TABLE IF NOT EXISTS store_settings (
    store VARCHAR NOT NULL,
    key VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    updated_by VARCHAR,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (store, key)
);

CREATE SEQUENCE IF NOT EXISTS campaign_id_seq START 1;

-- 活动日历: one row per campaign of a store. Phases and participating SKUs hang off campaign_id.
CREATE TABLE IF NOT EXISTS campaigns (
    campaign_id BIGINT PRIMARY KEY,
    store VARCHAR NOT NULL,
    name VARCHAR NOT NULL,              -- 活动名称, unique per store
    campaign_type VARCHAR NOT NULL,     -- '双十一' | '618' | '聚划算' | '年货节' | '店铺活动' | '其他'
    gmv_target DECIMAL(18,2),           -- 目标GMV
    slot_fee DECIMAL(18,2),             -- 坑位费
    commission_rate DOUBLE,             -- 佣金比例 (fraction of GMV)
    ad_spend DECIMAL(18,2),             -- 推广费用
    coupon_cost DECIMAL(18,2),          -- 优惠券成本
    margin_rate DOUBLE,                 -- 毛利率 (fraction); NULL = the store's default
    source VARCHAR NOT NULL,            -- 'editor' | 'file' | 'template' | 'candidate'
    load_id BIGINT,                     -- the calendar file's load, when it came from a file
    updated_by VARCHAR,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (store, name)
);

-- A campaign's phases; windows in naive Beijing time, both ends inclusive (an order at 11-11 00:00:30
-- belongs to a phase starting 11-11 00:00:00). Phases of one campaign never overlap.
CREATE TABLE IF NOT EXISTS campaign_phases (
    campaign_id BIGINT NOT NULL,
    phase VARCHAR NOT NULL,             -- '预热' | '定金' | '尾款' | '爆发' | '返场' | '活动' (one-phase campaign)
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    PRIMARY KEY (campaign_id, phase)
);

-- SKUs taking part (聚划算 is usually a few SKUs); none = the whole store takes part.
CREATE TABLE IF NOT EXISTS campaign_skus (
    campaign_id BIGINT NOT NULL,
    sku VARCHAR NOT NULL,               -- order_lines.sku (商家编码)
    margin_rate DOUBLE,                 -- per-SKU 毛利率 override (fraction)
    PRIMARY KEY (campaign_id, sku)
);

-- Per-SKU restock settings (补货参数), edited in the app or uploaded; a SKU without a row (or a NULL
-- field) takes the store-wide default (store_settings keys such as 'lead_time_days'), else the code's.
CREATE TABLE IF NOT EXISTS sku_settings (
    store VARCHAR NOT NULL,
    sku VARCHAR NOT NULL,               -- 商品编码 / 商家编码, as in order_lines.sku and inventory_snapshots.sku
    supplier VARCHAR,                   -- 供应商
    lead_time_days INTEGER,             -- 交期（天）
    review_period_days INTEGER,         -- 补货周期（天）
    moq INTEGER,                        -- 最小起订量
    case_pack INTEGER,                  -- 箱规
    service_level DOUBLE,               -- 目标服务水平, fraction in (0, 1)
    unit_cost DECIMAL(18,2),            -- 单位成本（元）
    active BOOLEAN,                     -- false = 已停售 (discontinued)
    source VARCHAR NOT NULL,            -- 'editor' | 'file'
    load_id BIGINT,
    updated_by VARCHAR,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (store, sku)
);

-- Marks on orders that the order tables have no column for, e.g. '聚划算' from the open platform's
-- trade_from / order_from (JHS). A separate table because CREATE TABLE IF NOT EXISTS adds no column to
-- an existing database. Kept by connectors/http_load.py.
CREATE TABLE IF NOT EXISTS order_marks (
    store VARCHAR NOT NULL,
    order_id VARCHAR NOT NULL,
    mark VARCHAR NOT NULL,
    PRIMARY KEY (store, order_id, mark)
);

-- HTTP sync progress: the end of the last committed window per source (sources.toml name) and store.
-- Advanced in the same transaction as that window's rows, so a failed sync resumes where it stopped.
CREATE TABLE IF NOT EXISTS sync_state (
    source VARCHAR NOT NULL,
    store VARCHAR NOT NULL,
    watermark TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (source, store)
);
