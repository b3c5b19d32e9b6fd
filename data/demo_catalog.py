"""The fictional store's fixed facts: identity, product catalogue, people and places to draw from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

DEMO_STORE = "示例家居旗舰店"
DEMO_SHOP_ID = "586913427"


@dataclass(slots=True, eq=False)
class Sku:
    """One sellable SKU (商家编码) of an item (商品ID); prices in cents."""

    code: str
    style: str
    item_id: str
    title: str
    spec: str
    props: str
    price: int
    weight: float
    winter: float = 0.0
    launch: date | None = None
    discontinue: date | None = None
    presale: bool = False

    def on_sale(self, day: date) -> bool:
        """True when the SKU can be bought on `day`."""
        if self.launch is not None and day < self.launch:
            return False
        return self.discontinue is None or day < self.discontinue


# style code, title, property name, item id, winter seasonality, [(suffix, spec, price yuan, weight)]
_STYLES: list[tuple[str, str, str, str, float, list[tuple[str, str, int, float]]]] = [
    (
        "NS-1001",
        "北欧风陶瓷马克杯 350ml",
        "颜色分类",
        "684203517729",
        0.0,
        [
            ("GR", "雾霾灰", 39, 9.0),
            ("WH", "奶油白", 39, 10.0),
            ("BL", "湖水蓝", 39, 6.0),
            ("PK", "樱花粉", 39, 5.0),
        ],
    ),
    (
        "NS-1002",
        "日式粗陶餐盘 8英寸",
        "颜色分类",
        "684203518835",
        0.0,
        [("WH", "米白", 49, 5.0), ("BK", "墨黑", 49, 3.5)],
    ),
    (
        "NS-1003",
        "玻璃密封罐 厨房储物罐",
        "容量",
        "691537240416",
        0.0,
        [("S", "500ml", 19, 7.0), ("M", "1000ml", 25, 6.0), ("L", "1500ml", 32, 4.0)],
    ),
    (
        "NS-1004",
        "北欧风陶瓷饭碗 4.5英寸 2只装",
        "颜色分类",
        "702166395082",
        0.0,
        [("WH", "奶油白", 45, 3.0), ("GR", "雾霾灰", 45, 2.5)],
    ),
    (
        "NS-2001",
        "60支长绒棉四件套 1.8m床",
        "颜色分类",
        "659807123364",
        0.35,
        [("WH", "奶白", 299, 3.0), ("BL", "雾蓝", 299, 2.2), ("OT", "燕麦", 299, 2.0)],
    ),
    (
        "NS-2002",
        "记忆棉慢回弹枕头",
        "款式",
        "659807125517",
        0.2,
        [("ST", "标准款", 159, 3.0), ("NK", "护颈款", 189, 2.2)],
    ),
    (
        "NS-2003",
        "纯棉毛巾浴巾套装",
        "颜色分类",
        "671245980093",
        0.0,
        [("GR", "浅灰", 89, 3.5), ("PK", "浅粉", 89, 2.0), ("WH", "纯白", 89, 3.0)],
    ),
    (
        "NS-2004",
        "冬季加厚珊瑚绒毛毯 150x200cm",
        "颜色分类",
        "671245982210",
        1.2,
        [("GR", "高级灰", 129, 3.0), ("BL", "雾霾蓝", 129, 2.2)],
    ),
    (
        "NS-3001",
        "大豆蜡香薰蜡烛 200g",
        "香型",
        "695318702451",
        0.25,
        [("WT", "白茶", 69, 3.5), ("FG", "无花果", 69, 3.0), ("CD", "雪松", 69, 2.0)],
    ),
    (
        "NS-3002",
        "亚麻桌布 北欧ins风",
        "颜色分类",
        "637740256108",
        0.0,
        [("BE", "米色", 89, 2.5), ("CK", "格纹", 89, 2.0)],
    ),
    (
        "NS-3003",
        "竹纤维收纳盒 三件套",
        "颜色分类",
        "695318705576",
        0.0,
        [("WH", "米白", 29, 5.5), ("GR", "浅灰", 29, 4.0)],
    ),
    (
        "NS-4001",
        "316不锈钢保温杯 500ml",
        "颜色分类",
        "713904682235",
        0.3,
        [
            ("BK", "曜石黑", 99, 4.0),
            ("WH", "月光白", 99, 4.0),
            ("GN", "松石绿", 99, 2.5),
            ("PK", "蜜桃粉", 99, 2.5),
        ],
    ),
    (
        "NS-4002",
        "手冲咖啡壶套装 600ml",
        "颜色分类",
        "713904685518",
        0.0,
        [("CU", "玫瑰金", 199, 1.8), ("SV", "银色", 199, 1.5)],
    ),
    (
        "NS-4003",
        "耐热玻璃公道杯 350ml",
        "款式",
        "713904689902",
        0.0,
        [("RD", "圆口", 49, 1.6), ("SP", "尖嘴", 49, 1.4)],
    ),
    (
        "NS-5001",
        "羊毛混纺客厅地毯 160x230cm",
        "颜色分类",
        "648812095573",
        0.5,
        [("GR", "烟灰", 399, 1.5), ("BE", "燕麦米", 399, 1.3)],
    ),
    (
        "NS-5002",
        "懒人沙发豆袋 单人",
        "颜色分类",
        "648812097741",
        0.1,
        [("GR", "深灰", 359, 1.2)],
    ),
    (
        "NS-6001",
        "陶瓷超声波香薰机 静音",
        "颜色分类",
        "735520418806",
        0.2,
        [("WH", "素白", 149, 3.0), ("WD", "原木色", 149, 2.5)],
    ),
]

# SKUs that launch late (days before end_date) and styles/SKUs discontinued (days before end_date).
_NEW_STYLE = "NS-6001"
_NEW_STYLE_DAYS = 62
_NEW_SKUS = {"NS-4001-PK": 84, "NS-1001-YL": 35}
_DISCONTINUED = {"NS-3002-BE": 150, "NS-3002-CK": 150, "NS-2003-PK": 118}
_PRESALE_STYLES = {"NS-2001", "NS-2002", "NS-2004", "NS-4001", "NS-5001", "NS-4002", "NS-6001"}


def build_catalog(end_date: date) -> list[Sku]:
    """The ~40 SKUs with their launch and discontinue dates relative to `end_date`."""
    skus: list[Sku] = []
    for style, title, prop_name, item_id, winter, variants in _STYLES:
        for suffix, spec, price, weight in variants:
            code = f"{style}-{suffix}"
            sku = Sku(
                code=code,
                style=style,
                item_id=item_id,
                title=title,
                spec=spec,
                props=f"{prop_name}：{spec}",
                price=price * 100,
                weight=weight,
                winter=winter,
                presale=style in _PRESALE_STYLES,
            )
            if style == _NEW_STYLE:
                sku.launch = end_date - timedelta(days=_NEW_STYLE_DAYS)
            if code in _NEW_SKUS:
                sku.launch = end_date - timedelta(days=_NEW_SKUS[code])
            if code in _DISCONTINUED:
                sku.discontinue = end_date - timedelta(days=_DISCONTINUED[code])
            skus.append(sku)
        if style == "NS-1001":
            skus.append(
                Sku(
                    code="NS-1001-YL",
                    style=style,
                    item_id=item_id,
                    title=title,
                    spec="奶黄",
                    props=f"{prop_name}：奶黄",
                    price=39 * 100,
                    weight=6.0,
                    launch=end_date - timedelta(days=_NEW_SKUS["NS-1001-YL"]),
                )
            )
    return skus


# SKU codes that the 聚水潭 export writes with a stray trailing space or tab.
DIRTY_SKU_CODES = {"NS-1003-M": "NS-1003-M ", "NS-2002-ST": "NS-2002-ST\t", "NS-4003-SP": "NS-4003-SP "}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建文斌宇浩凯欣怡晨悦琪婷雪梅琳佳嘉子涵梓轩雨萱博文思远俊熙一诺可馨诗雅"
NICK_WORDS = [
    "小鹿",
    "橘子",
    "柠檬",
    "喵喵",
    "阿狸",
    "木子",
    "清风",
    "米粒",
    "糖糖",
    "豆豆",
    "向日葵",
    "小确幸",
    "大白",
    "花卷",
    "可乐",
    "奶茶",
    "星星",
    "暖暖",
    "𠮷祥",
]
NICK_SUFFIX = ["酱", "家", "的小窝", "呀", "_", "大人", "同学", "妈妈", "宝贝", ""]
PINYIN = [
    "xiaoyu",
    "momo",
    "lucky",
    "sunny",
    "amy",
    "kiki",
    "dabai",
    "mia",
    "leo",
    "coco",
    "yoyo",
    "echo",
    "jenny",
]
MAIL = ["163.com", "qq.com", "126.com", "sina.com", "hotmail.com"]

# province, [(city, [districts], zip prefix)], weight
PLACES: list[tuple[str, list[tuple[str, list[str], str]], float]] = [
    (
        "广东省",
        [
            ("广州市", ["天河区", "海珠区", "番禺区"], "510"),
            ("深圳市", ["南山区", "福田区", "龙岗区"], "518"),
        ],
        12,
    ),
    (
        "浙江省",
        [("杭州市", ["西湖区", "余杭区", "滨江区"], "310"), ("宁波市", ["鄞州区", "海曙区"], "315")],
        9,
    ),
    ("江苏省", [("南京市", ["鼓楼区", "江宁区"], "210"), ("苏州市", ["工业园区", "姑苏区"], "215")], 9),
    ("上海", [("上海市", ["浦东新区", "徐汇区", "闵行区", "静安区"], "200")], 7),
    ("北京", [("北京市", ["朝阳区", "海淀区", "丰台区"], "100")], 6),
    ("山东省", [("济南市", ["历下区", "槐荫区"], "250"), ("青岛市", ["市南区", "黄岛区"], "266")], 6),
    ("四川省", [("成都市", ["武侯区", "锦江区", "高新区"], "610")], 5),
    ("湖北省", [("武汉市", ["洪山区", "江汉区", "武昌区"], "430")], 4),
    ("福建省", [("厦门市", ["思明区", "湖里区"], "361"), ("福州市", ["鼓楼区", "仓山区"], "350")], 4),
    ("河南省", [("郑州市", ["金水区", "二七区"], "450")], 4),
    ("湖南省", [("长沙市", ["岳麓区", "雨花区"], "410")], 3),
    ("陕西省", [("西安市", ["雁塔区", "未央区"], "710")], 3),
    ("天津", [("天津市", ["南开区", "河西区"], "300")], 2),
    ("重庆", [("重庆市", ["渝北区", "江北区"], "400")], 3),
    ("辽宁省", [("沈阳市", ["和平区", "浑南区"], "110"), ("大连市", ["甘井子区"], "116")], 2),
    ("新疆维吾尔自治区", [("乌鲁木齐市", ["天山区", "沙依巴克区"], "830")], 0.6),
    ("西藏自治区", [("拉萨市", ["城关区"], "850")], 0.2),
]
REMOTE_PROVINCES = {"新疆维吾尔自治区", "西藏自治区"}
STREETS = [
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "文三路",
    "长江路",
    "学院路",
    "科技路",
    "和平路",
    "新华路",
    "滨河路",
]
ESTATES = [
    "阳光花园",
    "翠苑小区",
    "锦绣华庭",
    "万科城",
    "碧桂园",
    "金地名轩",
    "保利香槟",
    "绿城桂花园",
    "世纪新城",
]
MESSAGES = [
    "请尽快发货",
    "麻烦包装好一点，谢谢",
    "送人的，不要放发票和价格单",
    '请发"顺丰"，可以补运费',
    "周末不在家，请工作日送达",
    "麻烦包装结实点,谢谢",
    "不要放小卡片",
]
MEMOS = ["已备注赠品", "老客户，优先发货", "地址已电话确认", "缺货，延迟发货已沟通"]
CARRIERS = [
    ("中通快递", "7", 14, 4.0),
    ("圆通速递", "YT", 13, 3.0),
    ("韵达快递", "4", 14, 2.0),
    ("申通快递", "77", 13, 1.0),
]
SF = ("顺丰速运", "SF", 13)
WAREHOUSES = ["杭州主仓", "广州分仓", "成都云仓"]
