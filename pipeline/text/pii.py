"""Personal data found in a normalised turn, as typed spans, and masked.

`find_pii` returns non-overlapping ``(start, end, KIND)`` spans; `mask_pii`
replaces each by its placeholder ``[KIND]``. Rules run from the most specific
to the most general, and a span once taken is never re-read, so an e-mail is
not half-eaten by the messaging rule and an ID number is not read as a phone.
Keyword-anchored rules mask the value only (微信号：[MESSAGING]): the keyword
says what kind of contact the customer gave, which a model may use.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterator

from pipeline.text import name_model, names
from pipeline.text.numerals import CN_DIGITS, SPOKEN_DIGITS
from pipeline.text.placeholders import JDDC_PLACEHOLDERS, JDDC_TOKEN, PLACEHOLDER_TOKEN

_D = r"(?<![0-9A-Za-z])"  # left digit boundary
_E = r"(?![0-9A-Za-z])"  # right digit boundary
_SEP = r"[-\s.]"  # separators people put inside long numbers
_LOOSE_SEP = r"(?:\s{1,3}|[.·•]{1,6}|…{1,2}|\s?[\-·•—–]\s?)"  # wider gaps inside a mobile number

# Kept as they are: company numbers are published, not personal (hotlines
# 400/800, five-digit service lines 95xxx, 12315), and product codes name a
# product (SKU, 商品编号, 条形码, ISBN). Reserved so no later rule masks them.
_KEEP = re.compile(
    r"(?<![0-9A-Za-z·.\-])(?:[48]00[-\s]?\d{3}[-\s]?\d{4}|95\d{3}|96\d{3}|123\d{2})" + _E
    + r"|(?:SKU|sku|商品编号|商品编码|商品号|商品ID|商品id|条形码|条码|货号|型号|ISBN|EAN|发票代码|发票号码|税号"
    r"|券码|兑换码|取件码|提货码|航班号?|车次|注册号|认证编号|证书编号|执照号|批号|批次号"
    # a device's serial number, a repair or after-sales ticket: the product's or the shop's, not the person's
    r"|序列号|串号|(?<![A-Za-z])(?:IMEI|imei|SN|S/N)(?![A-Za-z])码?|机身码|维修单号|售后单号|工单号|服务单号)(?:是|为)?\s*[:：]?\s*[A-Za-z0-9\-_]{4,24}"
    # a lottery's numbers (抽奖号码 07 12 19 23 28 33)
    r"|(?:抽奖|彩票|双色球|大乐透|开奖|中奖)(?:号码?|号)?(?:是|为)?\s*[:：]?\s*(?:\d{2}[\s,，、+]){4,8}\d{2}(?!\d)"
    # an area code named alone (我们这边区号0898); with the number after it, the landline rule masks both
    r"|(?<=区号)(?:是|为)?\s*[:：]?\s*0\d{2,3}(?![0-9])(?![\s,，、]*(?:号码|电话|[0-9]))"
)

_BUSINESS_ADDRESS_OR_HOTLINE = re.compile(
    r"(?:门店|本店|店铺|仓库|售后仓|退货仓|公司注册|售后服务中心|服务中心|营业厅|总部|门市|分店|实体店|专卖店|旗舰店|体验店|网点"
    r"|维修点|售后点|自提点|提货点|4S店|营业点|快递点|驿站"
    # a public place's (医院地址是…, 学校地址:…): the people there are not found by it
    r"|医院|学校|幼儿园|银行|政务服务中心|派出所"
    r"|支行|分行|政务服务大厅|办事大厅|车管所|税务局|社保局|酒店|宾馆|商场|购物中心|广场|超市|新校区)"
    # (a branch named after it: 华为客户服务中心(天河店)在…, 如家酒店(火车站店),…; its address in brackets:
    # 工商银行人民路支行(人民路56号); a move: 4S店搬到了…)
    r"(?:[(（][^()（）\s]{1,12}[)）][,，]|(?:[(（][^()（）\s]{1,12}[)）])?"
    r"(?:的?(?:地址|地点)(?:是|为|在)?\s*[:：]?|\s*[:：]|在|搬到了?|搬去了?|[(（]))\s*"
    r"(?P<v>(?=[^\s,，。;；!！?？()（）]*(?:路|街|道|巷|弄|大厦|广场|中心))(?=[^\s,，。;；!！?？()（）]*\d)[^\s,，。;；!！?？()（）]{4,40})"
    r"|(?:热线|服务电话|门店电话|店里电话|总机)(?:电话|号码)?\s*(?:是|为)?\s*[:：]?\s*(?P<hotline>(?!1[3-9]\d{9})[0-9](?:[0-9\-]| (?=[0-9])){4,14}[0-9])(?![0-9])"  # not a mobile: someone carries it
)

# A long run of digits written (at least partly) in Chinese numerals: 一三九…,
# 幺五幺…, 15九0一8七…, 壹叁玖…, radio style 幺三拐 洞两五六. People write them so
# that a platform's filter misses them.
_CN_DIGIT_CLASS = "[0-9" + "".join(CN_DIGITS) + "]"
# (not a 一 that begins the next word: 四零零 八二零 八八二零一直打不通 is a hotline and 一直)
_CN_NUMBER = re.compile(_CN_DIGIT_CLASS + r"(?:[\s\-·]?" + _CN_DIGIT_CLASS + r"){6,20}(?:\s?叉)?"
                        r"(?!(?<=一)[直下起共样定般点个些会旦切边天次遍])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_DATE = re.compile(r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_OLD_ID_DATE = re.compile(r"\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_ID_CONTEXT = re.compile(r"身份证|证件|实名")

_MESSAGING_KEY = (
    # A keyword in Han may follow a digit directly (身份证…342微信号:…): the other ids
    # are masked by then, and a second cleaning must find the same one.
    r"(?:(?<![A-Za-z0-9_])|(?<=[0-9])(?=[\u4e00-\u9fff]))(?:微信号?|微信id|威信号?|薇信号?|v信号?|V信号?|vx号?|VX号?|Vx号?|wx|WX|Wx|wechat|WeChat|weixin"
    r"|QQ号?码?|qq号?码?|[qQ]号|扣扣号?码?|企鹅号?|加Q(?!Q)|加q(?!q)|支付宝(?:账号|账户|帐号)?|alipay|绿泡泡|卫星"
    r"|抖音号?|小红书号?|钉钉号?|微博号?|快手号?|[Ll]ine的?\s?(?:id|ID)|LINE的?\s?(?:id|ID)|[Ww]hats[Aa]pp|(?<![A-Za-z])[Tt]witter(?=\s*[:：])"
    r"|[vV][❤♥]|(?<![A-Za-z])[vV](?=\s*(?:[:：]|是\s*[A-Za-z0-9_]{5,}))|(?<![A-Za-z])[qQ](?=\d{5,})"
    r"|(?:\+|＋|➕|加我?|加下我?|加个)\s*[Vv](?![A-Za-z0-9])|(?:(?<![\u4e00-\u9fff])|(?<=[的加个我]))薇[❤♥️\s]*(?=[A-Za-z:：])|(?:(?<=加我)|(?<=[,，:：]))[微薇](?=\s?[A-Za-z][A-Za-z0-9]*[_\d])|[Ww]ei\s?信"
    # more spellings: 威心, 微x, 徽信, 微 信, V我, the satellite emoji, Telegram, Skype,
    # Douyin / Xiaohongshu / Weibo / Xianyu / Bilibili nicknames, QQ as 鹅 or 扣 + digits, or 球球 when it is added (加我球球; 我家球球 is a pet)
    r"|威心|微[xX]|徽信|微\s信|微讯|维信|微心|薇芯|(?<![A-Za-z])(?:Line|LINE)(?:帐号|账号|\s?[:：](?=\s?[A-Za-z0-9_])|是(?=\s?[A-Za-z][A-Za-z0-9_.]*[._\d]))|企业微信(?:(?:里|上)?搜)?|企微|旺旺号|[Vv]我|🛰️?|卫星号|[Tt]elegram|(?<![A-Za-z])(?:TG|tg)(?![A-Za-z])|电报号?|[Ss]kype"
    r"|dy号|斗音号?|红书(?:号码?)?|小红书号码|抖音号码|(?<![A-Za-z#])(?:xhs|XHS)(?!(?:19|20)\d{6}(?!\d))(?=\d{6,12}(?!\d))|(?<![A-Za-z])wb(?![A-Za-z])|围脖号?|闲鱼号|[Ll]ine(?:账号|号)|[Bb]站uid|绿色软件搜?"
    r"|(?<![A-Za-z])Q(?=\s\d{5,})|鹅(?=\d{5,})|(?<![扣减])扣(?=\d{7,})|(?:(?<=加)|(?<=加我)|(?<=我的))球球(?=\s?\d{5,})"
    # and more: 加个微, V glued to a lower-case id (Vlinlin8852; not vlan10, vip12), Q: + digits, q + spaced digits,
    # Telegram as 飞机 / 纸飞机, LINE as 赖 in Taiwan, Instagram, Facebook and KakaoTalk before a colon or 是
    # (not Facebook Marketplace, ins风), Steam,
    # Momo, Soul, Tantan, B站UID, and a site's user name with a digit or "_" (用户名:xiaoyu_0618; not 用户名 admin)
    r"|加个[微薇](?![信博])|(?<![A-Za-z@])v(?!ivo|ip)(?=[a-z]{2,}[a-z0-9]*_[a-z0-9_]*[a-z0-9](?![A-Za-z0-9_@.]))"
    r"|(?<=加)威(?=\s?[A-Za-z])|(?<![\u4e00-\u9fff])微(?=\s[A-Za-z][A-Za-z0-9_]*\d)|(?<![A-Za-z@])V(?=[a-z]{4,}[a-z0-9]*[_\d])|(?<![A-Za-z])Q(?=[:：]\s*(?!400|800|95|100|12)\d(?:\s?\d){5,})|(?<![A-Za-z])[qQ](?=\d{3,5} \d)"
    r"|纸飞机号?|飞机号|(?<![坐乘打纸])飞机(?=\s*@[A-Za-z])|(?<![依信耍抵无])[赖賴](?=\s*[:：]\s*[A-Za-z])|(?<![A-Za-z])(?:ins|Ins|INS|IG|[Ii]nstagram|FB|fb|[Ff]acebook|[Kk]akao[Tt]alk|[Kk]akao)(?=\s*(?:[:：]|是|号|账号|帐号|[Ii][Dd]))|(?:脸书(?:账号|帐号|[Ii][Dd])|(?<![A-Za-z])[Ss]team(?:账号|帐号|[Ii][Dd])|游戏(?:账号|帐号))(?![\s:：]*[Ll][Vv]\d)(?=[\s:：]*[A-Za-z][A-Za-z0-9]*[._\d])|(?<=的)[赖賴](?=是\s*[A-Za-z])"
    # (weixin store, 扣:10000 元 are no ids: an id after them holds a digit or "_", a QQ number after 扣: is grouped)
    r"|[Ss]team好友(?:码|代码)|[Ww]ei\s?[Xx]in(?=\s?[:：]?\s?[A-Za-z][A-Za-z0-9]*[_\d])"
    r"|(?<![扣减折])扣(?=[:：]\s*\d{3,5} \d{3,5})|陌陌号?|(?<![A-Za-z])[Ss]oul(?:号|上搜?)?(?![A-Za-z])"
    r"|探探(?:号|[Ii][Dd])?|[Bb]站UID|用户名(?=\s*(?:[:：]|是)\s*[A-Za-z0-9_.]*[\d_])"
    # vx and qq typed letter by letter (v x :a 1 3 8 9, q q 8836 1290); not V and an id after a space
    # (充电器 v pd20w, V ipad2021 怎么样 are products)
    r"|(?<![A-Za-z])(?:[vV] [xX]|[qQ] [qQ])(?![A-Za-z])"
    # WeChat as a verb (有事微我), V after 我 and Facebook or ins with an id after a space (加一下我V hr_wangjing2023,
    # Facebook jenny.wu.92: the id holds a digit, "." or "_"), a Feishu or DingTalk search
    r"|(?<!稍)微我|(?<=我)[Vv](?=\s[A-Za-z][A-Za-z0-9_]*[_\d])"
    r"|(?<![A-Za-z])(?:[Ff]acebook|ins|Ins|IG|Line|LINE|[Kk]akao[Tt]alk|钉我)(?=\s(?![A-Za-z0-9_.]*\.(?:png|jpe?g|gif|webp|pdf|docx?|xlsx?|zip|mp[34]|mov|txt)(?![A-Za-z0-9_]))[A-Za-z][A-Za-z0-9_.]*[._\d])|(?:飞书|钉钉)搜(?=\s*[A-Za-z0-9])"
    r")"
)
# The speaker labels of a customer and of the shop's side in a transcript.
_CUSTOMER = ("客户", "用户", "顾客", "买家")
_AGENT = ("客服", "坐席", "卖家")
_TURN_LABEL = "|".join(_AGENT + _CUSTOMER)
# A handle in any script after the word for it: not a question, a feature of the account or the
# sentence going on (昵称改不了, ID被封, 抖音:今天直播吗), nor a post or a thing (种草笔记, 开箱视频, 官方旗舰店).
_HANDLE_IN_ANY_SCRIPT = (
    r"(?!什么|啥|多少|哪|你|我|他|她|您|手机|电话|邮箱|微信|同名|不是|是不是|忘|不记得|不知道"
    r"|改|换|被|没|不|怎么|在|可以|能|也|都|就|和|跟|太|很|已经|有|要|违规|重复|审核|显示|设置|修改|注册|登录|封"
    r"|今天|明天|昨天|直播|下单|发货|已|看|搜|点|关注|私信|链接|视频|笔记|官方|客服|店|等一下|等等|稍等|应该|好像|用的)"
    r"(?![^\s，,。！？!?)）]*(?:笔记|视频|直播|链接|教程|攻略|推荐|测评|同款|好物|旗舰店|专卖店)(?:$|[\s，,。！？!?)）]))"
    r"[\u4e00-\u9fffA-Za-z0-9_\-]{1,19}[^\s，,。！？!?)）吗呢吧啊]")
_ACCOUNT_WORD = r"(?:号|名|ID|id|账号|帐号|昵称|用户名|会员名)(?:是|叫|\s*[:：])?"
# (a version is no id: 微信 v8.0.49, 钉钉 v6.3.1)
_MESSAGING_ID = (r"(?:live:\.?[A-Za-z0-9.:_]{4,40}|(?![vV]\d+(?:\.\d+)+(?![A-Za-z0-9_\-.]))@?[A-Za-z][A-Za-z0-9_\-.]{3,29}(?<!\.)(?:@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?|\d{5,12}(?:@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?"
                 r"|\d{3,5}(?: \d{2,5}){2,3}(?![\d])|\d{2} \d{4} \d{4}(?![\d])|\d(?: \d){4,11}(?![\d]))")
# A product's, a file's or an error's name with its number (ipad2021, mate60, photo01, error404): no user name.
_PRODUCT_STEMS = (r"(?:ipad|iphone|ipod|mate|nova|redmi|note|galaxy|mp|usb|wifi|ios|win|windows|type|gen|ddr|rtx|gtx|vivo|oppo"
                  r"|honor|pixel|xbox|ps|switch|model|version|ver|vip|top|max|pro|plus|mini|air|watch|band|macbook|thinkpad"
                  r"|android|office|html|python|java|covid|http|www|com|cpu|gpu|ram|rom|ssd|hdd|size|no|num|page|img|pic|photo|xiaomi|huawei|airpods|error|err|code|report|plan|save|summer|spring|coupon|sale)\d")
_LOOSE_ID = r"[A-Za-z][A-Za-z0-9]*(?:[_\-][A-Za-z0-9]+)+|[A-Za-z]+\d[A-Za-z0-9]*|\d+[A-Za-z][A-Za-z0-9]*"
_PASSPORT_WORDS = r"护照|passport|Passport|PASSPORT|通行证|港澳证|回乡证|回乡卡|台胞证|旅行证"
_PASSPORT_KEY = (rf"(?:{_PASSPORT_WORDS}|パスポート)"
                 r"(?:\s*(?:No|no|NO)\.?|\s+(?:number|Number|NUMBER))?(?:\s+is)?")
# The plate characters, and the short names people write for two of them (黔 for 贵, 滇 for 云).
_PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼黔滇"
# A plate's character as it is said: a letter or digit, a letter said with its case (大写的K).
_PLATE_CHARACTER_SAID = rf"(?:(?:大写|小写)的?\s?)?[A-Za-z0-9{SPOKEN_DIGITS}]"
# (a file's name is no address: logo@2x.png)
_NOT_A_FILE = r"(?!(?:png|jpe?g|gif|svg|webp|bmp|pdf|docx?|xlsx?|pptx?|zip|rar|mp[34]|mov|txt)(?![A-Za-z]))"
_EMAIL_DOMAIN = r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\." + _NOT_A_FILE + r"[A-Za-z]{2,}"
_SPOKEN_TLD = r"(?:c\s?o\s?m|康姆|c\s?n|n\s?e\s?t|o\s?r\s?g|e\s?d\s?u)"


def _digits(value: str) -> str:
    # 叉 is how the X that ends some resident IDs is said
    return "".join(CN_DIGITS.get(ch, "X" if ch == "叉" else ch) for ch in value
                   if ch.isdigit() or ch in CN_DIGITS or ch in "Xx叉")


def _luhn(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _id_checksum(number: str) -> bool:
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return "10X98765432"[total % 11] == number[17].upper()


def classify_number(value: str, context: str = "") -> str | None:
    """What a long number is: resident ID, bank card, mobile phone, or None."""
    digits = _digits(value)
    if len(digits) == 18 and digits[:17].isdigit() and _ID_DATE.fullmatch(digits[6:14]) and digits[0] != "0":
        if _id_checksum(digits) or _ID_CONTEXT.search(context):
            return "ID"
    if len(digits) == 15 and digits.isdigit() and digits[0] != "0" and _OLD_ID_DATE.fullmatch(digits[6:12]) \
            and not _luhn(digits):
        return "ID"
    if not digits.isdigit():
        return None
    if 15 <= len(digits) <= 19 and (_luhn(digits) or digits.startswith("62")):
        return "BANKCARD"
    if len(digits) == 11 and re.fullmatch(r"1[3-9]\d{9}", digits):
        return "PHONE"
    if len(digits) == 18 and _ID_DATE.fullmatch(digits[6:14]):
        return "ID"
    return None


@dataclass(frozen=True)
class Rule:
    kind: str
    pattern: re.Pattern[str]
    # Decides the kind from the match (or rejects it with None), or the kind and a narrower
    # span as (kind, start, end); default: `kind`.
    decide: Callable[[re.Match[str], str], str | tuple[str, int, int] | None] | None = None
    # Most rules read Latin letters, digits or "@": a turn of Chinese text alone skips them.
    needs_ascii: bool = True
    # A family of rules runs only when its hint is in the turn (see _HINTS).
    hint: str | None = None
    # Reads the text with what earlier rules took blanked out, as a second cleaning reads it
    # with placeholders there (a run of numerals must not run through a number masked already).
    around_taken: bool = False


def _number_kind(match: re.Match[str], text: str) -> str | None:
    kind = classify_number(match.group(0), text[max(0, match.start() - 12):match.start()])
    # An order number shaped like a mobile or a card (订单号 13920847561, 订单号240611093857126633) is
    # left to the ORDER rule: a long order number passes the card checksum one time in ten.
    return None if kind in ("PHONE", "BANKCARD", "ID") and _named_an_order(match, text) else kind


def _spaced_number_kind(match: re.Match[str], text: str) -> str | None:
    """Digits typed one by one: as any long number, and a landline (0 + area code +
    number, 10 to 12 digits), which no one types so for an order number."""
    kind = _number_kind(match, text)
    digits = _digits(match.group(0))
    if kind is None and digits.startswith("0") and 10 <= len(digits) <= 12 and not _after_an_order_word(match, text):
        return "PHONE"
    return kind


_HOME_NUMBER = re.compile(r"[0-9零〇一二三四五六七八九十百两]\s?(?:号|栋|幢|单元|室|弄|楼|座)")
def _spaced_address(match: re.Match[str], text: str) -> str | tuple[str, int, int] | None:
    """An address typed apart holds a house, building or flat number: 黄浦区 南京路 步行街 names
    a public place, 华东区 2022 2023 two years; nor is it a public place's hall, gate or floor
    (see `_of_a_public_place`). A word before the district typed apart is
    its city only when the tagger knows it, or it with 市, as a place (青岛 市北区, not 打卡 黄浦区)."""
    if not _HOME_NUMBER.search(match.group(0)) or _of_a_public_place(text, match.start(), match.end()):
        return None
    city = match.groupdict().get("city")
    if city and not _known_place(city):
        start = match.end("city")
        while text[start].isspace():
            start += 1
        return "ADDRESS", start, match.end()
    return "ADDRESS"


# Said apart after 微信是, a site or a file is as likely as an id (a p p 点 s t o r e 下载的, w w w 点 q q 点 c o m,
# w i n 下划线 x 6 4 版本).
_A_SITE_SAID_APART = re.compile(r"www\..*|.*\.(?:com|cn|net|org|store|app)")
_A_DOWNLOAD_AFTER = re.compile(r"\s?(?:下载|版本|版的|安装|上买|上下载|官网)")


def _spelled_apart_id(match: re.Match[str], text: str) -> str | None:
    joined = match.group("v").replace(" ", "").replace("点", ".").replace("下划线", "_").lower()
    if _A_SITE_SAID_APART.fullmatch(joined) or _A_DOWNLOAD_AFTER.match(text, match.end("v")):
        return None
    pieces = match.group("v").split(" ")
    letters = [piece for piece in pieces if piece.isascii() and piece.isalpha()]
    if sum(len(piece) for piece in letters) < 2 or len(letters) == len(pieces):
        return None  # digits or numerals too, and more than one letter (企业微信 v 4 1 22 is a version)
    return "MESSAGING" if all(len(piece) == 1 or names.is_pinyin(piece) for piece in letters) else None


_NOT_SPELLED_IDS = frozenset(("vip", "app", "usb", "wifi", "ok", "pdf", "sos", "diy", "nba", "ktv"))
_SPELLED_KEYS = frozenset(("qq", "vx", "wx", "v", "q"))  # the platform spelled before its number (q q 8836 1290)


_AN_EMAIL_GOES_ON = re.compile(r"(?:\s?(?:[A-Za-z0-9" + SPOKEN_DIGITS + r"]|下划线|杠|点))*\s?(?:艾特|小老鼠|圈\s?[aA]|@|at\s|AT\s)")


def _spelled_in_a_turn(match: re.Match[str], text: str) -> str | None:
    """Letters spelled one by one (three at least), or pinyin and numerals joined by 下划线, 杠 or 点:
    an id said aloud, not a version (v 4 1 22), a date, an English phrase, nor an e-mail's user name
    (the e-mail rules take it whole)."""
    value = match.group("v")
    if _AN_EMAIL_GOES_ON.match(text, match.end("v")) or (match.start("v") and text[match.start("v") - 1] in _PLATE_PROVINCES):
        return None  # an e-mail's user name (the e-mail rules take it whole), a plate said apart (闽A 八 八 K 二 六)
    pieces = [piece for piece in re.split(r" |-|下划线|杠|点", value) if piece]
    latin = [piece for piece in pieces if piece.isascii() and piece.isalpha()]
    joined = "".join(latin).lower()
    said = value.replace(" ", "").replace("点", ".").replace("下划线", "_").lower()
    if not latin or joined in _NOT_SPELLED_IDS or joined in _SPELLED_KEYS or _A_SITE_SAID_APART.fullmatch(said) \
            or _A_DOWNLOAD_AFTER.match(text, match.end("v")):
        return None
    if not all(len(piece) == 1 or names.is_pinyin(piece) for piece in latin):
        return None
    if re.search(r"[0-9" + SPOKEN_DIGITS + r"] 点 [0-9" + SPOKEN_DIGITS + r"]", value):
        return None  # a version or a decimal (v 8 点 0 点 4 7)
    letters = sum(len(piece) for piece in latin)
    numerals = sum(ch.isdigit() or ch in SPOKEN_DIGITS for ch in value)
    # letters with numerals or 下划线 (h u a n g 下划线 s h u, x m 九 九 零 六 二 五); a word or an
    # abbreviation spelled out (e x c e l, y y d s, s v i p) is none, nor a model (k f 杠 九 九 五 零)
    if letters >= 3 and (numerals or "下划线" in value or " 点 " in value):
        return "MESSAGING"
    return "MESSAGING" if letters == 2 and numerals >= 4 and "杠" not in value else None


_DATE_OR_COUNT = re.compile(r"(?:19|20)\d{2}[ \-]\d{1,2}[ \-]\d{1,2}|\d{1,3}(?: \d{3})+|0\d.*|\d(?:-\d)+")


def _grouped_messaging_number(match: re.Match[str], text: str) -> str | None:
    """A QQ or WeChat number typed in groups: 7 to 12 digits that are no date, count, landline,
    company hotline or other number of a known shape (a mobile or a card after 微信 is masked as such)."""
    value = match.group("v")
    digits = re.sub(r"[ \-]", "", value)
    if not 7 <= len(digits) <= 12 or _DATE_OR_COUNT.fullmatch(value) or _KEEP.fullmatch(value) or _ID_DATE.fullmatch(digits) \
            or classify_number(digits) or re.match(r"[48]00", digits):
        return None
    return "MESSAGING"


def _number_in_group_v(match: re.Match[str], text: str) -> str | None:
    # the keyword the rule matched is the context: 卡号 does not make a number an ID
    return classify_number(match.group("v"), text[match.start():match.start("v")])


def _keycap_number_kind(match: re.Match[str], text: str) -> str | None:
    return classify_number(match.group(0), text[max(0, match.start() - 12):match.start()])


# The letters a passport or permit number starts with, right before a number read out
# (客服:C七八二九一零三六 对吧, E 幺二 三四 五六 七九): in a text that speaks of such a document, or
# E/G and eight digits, a Chinese passport's shape.
_PASSPORT_LETTERS = re.compile(r"(?<![A-Za-z])(?P<letters>[A-Za-z](?:\s?[A-Za-z])?)\s?(?:[,，]\s?)?(?:然后\s?)?$")
_ORDER_OR_PRODUCT_BEFORE = re.compile(r"单号?|编号|批次|批号|型号|货号|款号")
_A_MODEL_AFTER = re.compile(r"\s?(?:型号|款|批|的型号)")
# anywhere in the text, a passport or permit itself (not a 护照夹 or 证件套)
_PASSPORT_NAMED = re.compile(rf"(?:{_PASSPORT_WORDS})(?![夹套包本壳])")
# A permit of digits only read out right after its name (台胞证，零 九 二 一 七 三 六 四).
_PERMIT_RIGHT_BEFORE = re.compile(_PASSPORT_KEY + r"(?:号码?|号)?(?:是|为)?[\s,，:：]*$")


def _passport_read_out(value: str, start: int, text: str) -> tuple[str, int, int] | None:
    digits = _digits(value)
    if not digits.isdigit() or not 7 <= len(digits) <= 9:
        return None
    if _PERMIT_RIGHT_BEFORE.search(text, max(0, start - 12), start):
        return "PASSPORT", start, start + len(value)
    letters = _PASSPORT_LETTERS.search(text, max(0, start - 6), start)
    if not letters or _ORDER_OR_PRODUCT_BEFORE.search(text, max(0, letters.start() - 8), letters.start()) \
            or _ID_DATE.match(digits) or _A_MODEL_AFTER.match(text, start + len(value)):
        return None  # a batch, an order or a model read out (批次号 E 二零二四 零三 一五, 单号 是 E …)
    # a Chinese passport's shape: E or G and eight digits, E and a letter and seven; any other
    # letter and number in a text that names a passport or permit (not a 护照夹)
    said = letters.group("letters").replace(" ", "").upper()
    shaped = (said in ("E", "G") and len(digits) == 8) or (len(said) == 2 and said[0] == "E" and len(digits) == 7)
    if shaped or _PASSPORT_NAMED.search(text):
        return "PASSPORT", letters.start(), start + len(value)
    return None


def _cn_number_kind(match: re.Match[str], text: str) -> str | tuple[str, int, int] | None:
    value, start = match.group(0), match.start()
    if sum(ch in CN_DIGITS for ch in value) >= 3 and (passport := _passport_read_out(value, start, text)):
        return passport
    if value.endswith("叉"):
        if classify_number(value, text[max(0, start - 12):start]) == "ID":
            return "ID"
        value = value[:-1].rstrip()  # not an ID's X: the number without it
        kind = _spoken_number_kind(value, start, text)
        return (kind, start, start + len(value)) if kind else None
    kind = _spoken_number_kind(value, start, text)
    glued = re.search(r"\s\S$", value)
    if kind is None and glued and _HAN.match(text, match.end()):
        # the last numeral belongs to the word after it (… 0 0 0 三栋二单元), as it is seen once that word is masked
        value = value[:glued.start()]
        kind = _spoken_number_kind(value, start, text)
        return (kind, start, start + len(value)) if kind else None
    return kind


_A_NUMBER_WORD_BEFORE = re.compile(r"号|QQ|qq|扣扣|电话|手机|微信|卡|证")


def _spoken_number_kind(value: str, start: int, text: str) -> str | None:
    digits = _digits(value)
    numerals = sum(ch in CN_DIGITS for ch in value)
    if numerals < 3 and not (numerals and re.fullmatch(r"1[3-9]\d{9}", digits)
                             and not _NAMED_AN_ORDER.search(text[max(0, start - 8):start])):
        # plain digits: the digit rules decide; a numeral or two among them (1 3 零 2 7 7 …) only in a
        # mobile, not in an order number read out (订单号是 1 3 8 零 …)
        return None
    if len(digits) >= 6 and (digits in "0123456789" or digits in "9876543210") \
            and not _A_NUMBER_WORD_BEFORE.search(text, max(0, start - 8), start):
        return None  # counting (一二三四五六七八节课, 倒数十九八七…), no number unless named one (QQ 号 是 九八七 六五 四三二一)
    if re.fullmatch(r"861[3-9]\d{9}", digits):
        return "PHONE"  # the country code said before a mobile (+86 一三三 零五七二 四一九八)
    if _NAMED_AN_ORDER_FIRST.search(text[max(0, start - 8):start]):
        return None  # an order number read out (订单号 幺三八…, 退款单号是 二零二四 …), whatever its shape
    kind = classify_number(value, text[max(0, start - 12):start])
    if kind:
        return kind
    if _KEEP.fullmatch(digits):
        return None  # a company hotline (四零零 六零六 …)
    # A phone, or a QQ number its keyword renames later. Eleven or twelve digits are a mobile (1…)
    # or a landline with its area code (0…): 二零二四零三幺五八八六二 is neither
    return "PHONE" if 7 <= len(digits) <= 10 or (len(digits) <= 12 and digits[0] in "01") else None


def _grouped_number_kind(match: re.Match[str], text: str) -> str | None:
    """A number typed in groups of any size: only a valid check digit makes it a
    card (Luhn, 16-19 digits) or a resident ID (ISO 7064, 18 characters)."""
    digits = _digits(match.group(0))
    if _after_an_order_word(match, text):
        return None  # one grouped number in ten passes Luhn by chance: an order number stays one
    if "、" in match.group(0) and not _CARD_OR_ID_BEFORE.search(text, max(0, match.start() - 12), match.start()):
        return None  # a list (2018、2019、2022、2023年): a card read out so only after 卡号 or 身份证
    if len(digits) == 18 and digits[:17].isdigit() and _ID_DATE.fullmatch(digits[6:14]) and _id_checksum(digits):
        return "ID"
    if digits.isdigit() and 16 <= len(digits) <= 19 and _luhn(digits):
        return "BANKCARD"
    if re.fullmatch(r"1[3-9]\d{9}", digits) and not _named_an_order(match, text) and "、" not in match.group(0) \
            and not _PRODUCT_CODE_BEFORE.search(text[max(0, match.start() - 16):match.start()]) \
            and not _A_UNIT_AFTER.match(text, match.end()):
        return "PHONE"  # a mobile in groups of any size (13 6605 19 283), not a serial or batch number
    return None


_ORDER_WORDS = re.compile(r"单号?|编号|运单|订单")
_PRODUCT_CODE_BEFORE = re.compile(r"序列号|串号|SN|S/N|IMEI|imei|批次|型号|货号|编号|流水号|税号|房号|会员卡|工单|单号"
                                  r"|(?:条形|条|激活|兑换|优惠|券|拼团|取件|提货|验证)码")
_A_UNIT_AFTER = re.compile(r"\s?[件个台只块元次期号]")
_CARD_OR_ID_BEFORE = re.compile(r"卡号|银行卡|身份证|证件号")


def _after_an_order_word(match: re.Match[str], text: str) -> bool:
    """A number right after 订单/运单/单号 is an order or tracking number, whatever its shape."""
    return bool(_ORDER_WORDS.search(text[max(0, match.start() - 8):match.start()]))


# Named as an order number right before it (订单号 13920847561, 您的订单15837264019):
# narrower than _ORDER_WORDS, whose 单 alone also ends 下单 (下单手机是…).
_NAMED_AN_ORDER = re.compile(r"(?:订单|运单|快递单)(?:号|编号|号码)?\s*(?:是|为)?\s*[:：]?\s*(?:[A-Za-z]{0,4}\d{4,24}-)?$"
                             r"|(?:单号|编号)\s*(?:是|为)?\s*[:：]?\s*(?:[A-Za-z]{0,4}\d{4,24}-)?$")


# An order's or a refund's number by name, not 编号 (身份证编号, 会员编号 name a person's numbers).
_NAMED_AN_ORDER_FIRST = re.compile(r"(?:(?:订单|运单|快递单|退款单|售后单)(?:号码?|编号)?|(?<![证卡员])单号)\s*(?:是|为)?\s*[:：]?\s*$")


def _named_an_order(match: re.Match[str], text: str) -> bool:
    # the window holds an order word and a first part of the number before a dash (订单号240612-…)
    return bool(_NAMED_AN_ORDER.search(text[max(0, match.start() - 36):match.start()]))


def _phone_not_after_an_order_word(match: re.Match[str], text: str) -> str | None:
    return None if _after_an_order_word(match, text) else "PHONE"


def _phone_not_named_an_order(match: re.Match[str], text: str) -> str | None:
    return None if _named_an_order(match, text) else "PHONE"


def _o_for_zero_phone(match: re.Match[str], text: str) -> str | None:
    """A mobile number with letters typed for digits: O for zero, l or I for one
    (13O 2233 8756, l38O2l45566)."""
    digits = re.sub(r"[\s.\-]", "", match.group(0)).translate(_LETTER_DIGITS)
    letters = sum(ch in "OolI" for ch in match.group(0))
    return "PHONE" if re.fullmatch(r"1[3-9]\d{9}", digits) and letters else None


_LETTER_DIGITS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1"})


_PHONE_PIECES = re.compile(r"前(?:三|3)位")


def _phone_piece(match: re.Match[str], text: str) -> str | None:
    return "PHONE" if _PHONE_PIECES.search(text) else None


_ID_FIRST_PIECE = re.compile(r"(?:身份证|证件)(?:号码?)?[^。！？\n]{0,12}?(?:前(?:六|6)位|前面|前半截)\s*(?:是|为)?\s*[:：]?\s*\d{6}")


def _id_piece(match: re.Match[str], text: str) -> str | None:
    # Each piece within a few turns of the first one (the first included); the last four
    # alone (身份证后四位231X) is how an ID is referred to, not given.
    first = _ID_FIRST_PIECE.search(text, max(0, match.start() - 60), match.end())
    return "ID" if first and not _PHONE_PIECES.search(text) else None


def _passport_value(match: re.Match[str], text: str) -> str | None:
    return "PASSPORT" if sum(ch.isdigit() for ch in match.group("v")) >= 5 else None


def _cn_passport_value(match: re.Match[str], text: str) -> str | None:
    """Read out after the keyword: in Chinese numerals, or digit by digit (C 7 1 2 0 8 8 3 4)."""
    value = match.group("v")
    spoken = sum(ch in CN_DIGITS for ch in value) >= 3 or value.count(" ") >= 4
    return "PASSPORT" if spoken else None


def _plate_value(match: re.Match[str], text: str) -> str | None:
    plate = match.group(0)
    digits = sum(ch.isdigit() for ch in plate)
    if _PRODUCT_CODE_BEFORE.search(text[max(0, match.start() - 6):match.start()]):
        return None  # a model code shaped like a plate (型号沪A-2000的电动葫芦)
    if "车牌" in text[max(0, match.start() - 6):match.start()]:
        return "PLATE"  # named as a plate: whatever mix of letters and digits it has
    if match.start() > 0 and "\u4e00" <= text[match.start() - 1] <= "\u9fff":
        # Inside a sentence (洗车券用在鄂A5F0D2上): only the unmistakable shape.
        return "PLATE" if digits >= 3 else None
    return "PLATE" if digits >= 2 else None


_SENTENCE_END = re.compile(r"[。！？!?\n]")


def _spoken_plate(match: re.Match[str], text: str) -> str | None:
    """Named a plate earlier in its sentence (not within a count of characters, which
    masking the text before it would change), and the tail ends there."""
    plate, start = match.group(0), match.start()
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    if not re.search(r"车牌|牌照|(?<!购物)车|新能源", text[sentence_start:start]):
        return None
    # The tail may run on into numbers said after it (苏E 五六七八九 三号楼…): the plate ends at
    # its own end, or at a space inside the match, whichever leaves a whole plate.
    filler = bool(re.search(r"那个|后面是|然后|大写|小写", plate))  # 冀A 那个 二八九七五, 浙B那个7D29L: said, so digits as well as numerals (five of them, not 2023 新款)
    for end in [len(plate)] + [i for i in range(len(plate) - 1, 1, -1) if plate[i] == " "]:
        tail = re.sub(r"[\s·•.,，]|那个|后面是|然后是?|大写的?|小写的?", "", plate[:end])[2:]
        ends = re.match(r"\s|[,，。！？!?、;；)）]|$", text[start + end:start + end + 1])
        if ends and len(tail) >= 4 and (sum(ch in SPOKEN_DIGITS for ch in tail) >= 2
                                        or (filler and len(tail) >= 5 and sum(ch.isdigit() for ch in tail) >= 2)):
            return ("PLATE", start, start + end) if end < len(plate) else "PLATE"
    return None


# Words that end an address part, and a compound's building and flat number.
_SPACED_PART_WORD = (r"市|区|县|镇|乡|街道|路|街|大道|巷|弄|号|小区|花园|家园|园|城|苑|院|村|屯|组|队|国际|中心|大厦|广场|社区"
                     r"|公寓|新村|都会|站")
# One part of an address typed with spaces between its parts: a named part, a building
# or flat in digits, or in numerals as said (二号楼, 一五零三).
_SPACED_PART = (r"(?:(?:那个|就是|呃|嗯|然后)\s+)?"  # a filler of speech between two parts
                r"(?:[\u4e00-\u9fff]{1,8}(?:" + _SPACED_PART_WORD + r")(?:\d{1,5}号)?"
                r"|[\u4e00-\u9fff]{0,4}\d[\dA-Za-z\-栋幢号楼座单元室房层弄]{1,20}"
                r"|(?:[零〇一二三四五六七八九十两\d]{1,4}(?:号楼|栋|幢|单元|楼|座|层)){1,3}"
                # a compound's name without its word, when its building follows (丽景湖畔 三号楼)
                r"|(?!那个|就是|然后|这个)[\u4e00-\u9fff]{2,6}(?=\s+[零〇一二三四五六七八九十两\d]{1,4}(?:号楼|栋|幢))"
                r"|[零〇一二三四五六七八九幺洞]{3,4}(?![\u4e00-\u9fff]))")
_COMPOUND = r"(?:小区|花园|家园|新村|新城|名都|华庭|国际|社区|公寓|大厦|宿舍|家属院|号院|山庄|院|苑|园|城|村|里|湾|府|郡|邸|庭|居|阁)"
# Words that end the name of a housing compound (not a hospital's 院, a mall's 城 or a park's 园).
_HOME_COMPOUND = r"(?:花园|家园|新村|新城|山庄|公寓|名都|华庭|苑|湾|府|郡|邸|庭|居|阁)"
# A character of a compound's or street's name: not a verb or particle of the sentence around it.
# 和 is a conjunction, except inside a place's name (呼和浩特, 和平大街, 和谐家园).
_AND_OUTSIDE_A_PLACE = r"和(?!浩特|平|谐)"
_PLACE_CHAR = r"(?:(?![的是在我你他她了到从给寄送往址与就也还要想把被呢吗吧啊放住改成装]|" + _AND_OUTSIDE_A_PLACE + r")[\u4e00-\u9fff])"
_LANDMARK_CUE = (r"(?:送到|送至|送去|送|放到|放在|放|寄到|寄往|寄|发到|我家在|家在|家住|住在|我住|我们住|住|搬到"
                 r"|地址(?:是|就是|写)?[:：]?|地址改成|改到)")
# A character of a landmark or of the way from it: no particle or verb of a sentence around it
# (每一个id后面都是一个家庭, 放在一楼奶奶那里快递还搞错给了隔壁一户人家).
_LANDMARK_CHAR = r"(?:(?![了都是还给把被就也要会能说搞错让叫去来放送寄住搬在])[\u4e00-\u9fffA-Za-z0-9])"
_LANDMARK_WHERE = (r"(?:斜对面|对面|对过儿?|旁边|后面|前面|隔壁|背后|后头|[东南西北]侧|下面|门口往里走|往里走"
                   r"|往[东南西北]走|出口[左右]转|进去)")
_DWELLING_END = (r"(?:栋|幢|号楼|楼|单元|室|号|户|家|门|院|苑|园|小区|公寓|宿舍|平房|房|巷|村|组|手边|隔壁|楼上"
                 r"|[零〇一二三四五六七八九十\d]|[A-Za-z]\d*|城|湾|府|居|庭|阁)")
# A dwelling counted, not named by its kind alone (那栋楼, 宿舍, 美食城 are anyone's).
_DWELLING_NUMBERED = (r"(?:[一二三四五六七八九十两\d]{1,3}(?:栋|幢|号楼|单元|楼|层|户|号)|第[一二三四五六七八九十\d]{1,2}家"
                      r"|(?:左边|右边|东边|西边|那)户)")


def _landmark_home(dwelling_end: str) -> str:
    """A landmark, the way from it and the dwelling at the end, as the span `v`."""
    return (r"(?P<v>(?!我|你|他|她|您|这|那|它|每|一个)(?:(?!号码|手机|身份证|电话|卡号|微信|密码)" + _LANDMARK_CHAR + r"){2,14}?"
            + _LANDMARK_WHERE + r"(?![是加有还就要再说写打填])" + _LANDMARK_CHAR + r"{0,22}?" + dwelling_end +
            r")(?=$|[\s，,。！？!?；;]|就行|就可以|就好|楼下|等|找)")


_TOWNSHIP = (_PLACE_CHAR + r"{2,6}?(?:省|自治区)" + _PLACE_CHAR + r"{2,6}?(?:市|州|盟)" + _PLACE_CHAR
             + r"{1,6}?(?:县|区|旗|市)" + _PLACE_CHAR + r"{1,6}?(?:乡|镇)")
_VILLAGE_GROUP = _PLACE_CHAR + r"{1,6}?(?:村|委|社区)[一二三四五六七八九十\d]{1,3}组"
_CN_BUILDING = r"[一二三四五六七八九十两\d]{1,3}(?:栋|幢|号楼|座)"
_CN_UNIT = r"(?:[一二三四五六七八九十两\d]{1,2}|[甲乙丙丁])(?:单元|门)"
_BUILDING = (r"(?:[A-Za-z]区)?(?:\d{1,3}(?:栋|幢|号楼|座)(?:[A-Za-z]座)?(?:\d{1,2}单元)?\d{2,4}(?:室|房|号)?|[A-Z]座\d{3,4}(?:室|房)?"
             r"|\d{1,3}-\d{1,2}-\d{3,4}|\d{1,2}-\d{3,4}|\d{1,3}号\d{3,4}(?:室|房))(?![0-9])")


# One part of an address said part by part: a named part with its address word, a number with its
# word (九百五十八弄, 十八舍, 三门), a lettered block (B座, W6 区, 12F), a flat read digit by digit, a side
# (东户, 左门), a word of the way (后面, 斜对面), or a landmark or compound named bare (解放碑, 好吃街).
_SPOKEN_NUMERAL = r"[零〇一二三四五六七八九十百千两幺\d]"
_FLAT_DIGITS = r"[零〇一二三四五六七八九幺\d]{3,4}"  # a flat read digit by digit (六零三, 1502)
# (a landmark's name may hold a verb's character: 解放碑, 送变电小区; not a particle or pronoun)
_LANDMARK_NAME_CHAR = r"(?:(?![的是在我你他她了吗呢吧啊您们就也还要想把被给说])[\u4e00-\u9fff])"
_NUMBERED_PART = (_SPOKEN_NUMERAL + r"{1,8}\s?(?:号院|号楼|号|弄|巷|栋|幢|单元|楼|座|层|门|舍|室|户|组|社)|\d{1,3}-\d{1,3}(?:-\d{2,4})?"
                  r"|[A-Za-z]{1,2}\d{0,2}\s?(?:座|塔|栋|幢)|\d{1,2}[Ff](?![A-Za-z])"
                  # (a flat may be followed by 的: 1101的住户)
                  r"|(?<![\u4e00-\u9fff])" + _FLAT_DIGITS + r"(?!(?!的)[\u4e00-\u9fff]|[\d\[A-Za-z])(?!\s?[年月日号元块个件次天点])"
                  r"|[东南西北左右](?:户|门|边|侧)|(?<=[楼层] )[A-Za-z](?![A-Za-z0-9])")
_SPOKEN_PART = (r"(?:(?:那个|就是|呃|嗯|然后)\s+)?(?:" + _NUMBERED_PART
                + r"|[\u4e00-\u9fff]{1,8}?(?:" + _SPACED_PART_WORD + r")(?![\u4e00-\u9fff])"
                r"|[\u4e00-\u9fff]{2,12}?(?:交叉口|路口)|[A-Za-z]{1,2}\d{0,2}\s?区"
                # (a speaker's label is where the next turn starts: 客户 恒大城二期)
                r"|(?:斜对面|后面|旁边|对面|附近|楼上|楼下|里面|往里走|进去)|(?!客户|客服|坐席|用户|顾客)" + _LANDMARK_NAME_CHAR + r"{2,10})")
# (成 too: 成都, 成华区; the other verbs and particles of _PLACE_CHAR stay out, so 送到 does not start it)
_REGION_CHAR = r"(?:(?![的是在我你他她了到从给寄送往址与就也还要想把被呢吗吧啊放住改装])[\u4e00-\u9fff])"
_SPOKEN_ADDRESS = (r"(?:(?P<province>" + _REGION_CHAR + r"{2,3})\s+)?(?:(?P<city>" + _REGION_CHAR + r"{2,3})\s+)?(?:" + _REGION_CHAR + r"{2,6}?(?:省|市|州|盟)\s*){0,2}"
                   # (a district, not a compound's 小区, 社区, 园区 or 校区)
                   + _REGION_CHAR + r"{1,5}?(?:(?<![小社园校军景])区|县|旗)(?:" + _REGION_CHAR + r"{1,6}?(?:镇|乡|街道))?"
                   r"(?:\s+" + _SPOKEN_PART + r"){2,14}")
_NUMBERED_PART_END = re.compile(r"(?:" + _NUMBERED_PART + r")$")
# A place with a name that ends in its kind (紫薇花园, 北京大学, 朱家湾村, 四平路校区), where a home said
# part by part may start with no district before it.
_NAMED_HOME_PLACE = (r"(?:(?<![\u4e00-\u9fff])|(?<=[是在到住址]))" + _LANDMARK_NAME_CHAR + r"{1,10}?"
                     r"(?:花园|家园|新村|新城|小区|苑|园|城|湾|府|邸|庭|居|阁|里|公寓|宿舍|大学|学院|校区|村|镇|路|街|大道)")
_SPOKEN_HOME = _NAMED_HOME_PLACE + r"(?:\s+" + _SPOKEN_PART + r"){1,10}"
# A building, then a floor, flat or household inside it (十四栋 二零三, 三十六楼 四层 四一二, 四组 十九号); a
# building and unit alone is a staircase a notice is about (翠湖花园 三栋 二单元 明天 上午 停水).
_BUILDING_THEN_INSIDE = re.compile(
    _SPOKEN_NUMERAL + r"{1,8}\s?(?:栋|幢|号楼|座|舍|楼|号院|公寓|组)\s?(?:[\s\S]*?)"
    r"(?:" + _SPOKEN_NUMERAL + r"{1,4}\s?(?:层|楼|室|户|号)|(?<![\u4e00-\u9fff])" + _FLAT_DIGITS + r")\s*$")
# A house: a building, unit, flat, lane or household word, or a number after its street (八一路 一百七十七号).
# Stricter than _HOME_NUMBER of typed addresses: a 三号 said alone is as often a date or a gate.
_HOUSE_NUMBER = re.compile(_SPOKEN_NUMERAL + r"\s?(?:栋|幢|单元|舍|室|户|号楼|号院|弄|组|社)|\d-\d"
                           r"|(?:路|街|巷|道|里|村|胡同|段)\s?" + _SPOKEN_NUMERAL + r"{1,8}\s?号"
                           r"|(?:楼|层)\s+" + _FLAT_DIGITS + "$")  # a flat after its floor (四层 四一二)
# A building with its unit or flat (绿地中央广场 二号楼 一五零三): a home or an office, whatever the compound's name.
_BUILDING_OR_FLAT = re.compile(r"号楼|栋|幢|单元|室|舍|" + _FLAT_DIGITS + "$")
_PUBLIC_PLACE = re.compile(r"医院|门诊|商场|广场|地铁|停车场|体育|会展|机场|航站楼|园区|中心|政务|影院|展馆|博览|万象城|仓库|物流|车站|客运站")
_PUBLIC_AFTER = re.compile(r"\s?(?:门|口|厅|馆|窗口|库|线|号线|前台|出口|入口|展位|检票|住院部|之前|之后|以前|以后|恢复|开始|截止)")
_FLOOR = re.compile(_SPOKEN_NUMERAL + r"{1,4}(?:楼|层)|\d{1,2}[Ff]")
_HOME_WORD = re.compile(r"宿舍|公寓|家属|小区|(?<![医学法影剧])院|居民楼|平房|老楼|自建房|那栋|那家|那户|村")
_BUSINESS_BEFORE = re.compile(r"门店|营业厅|网点|分店|店铺|门市|总部|分行|支行|专卖店|旗舰店|体验店|服务中心|售后点|维修点|公司地址")


def _known_place(word: str) -> bool:
    """jieba knows the word, or it with 市, as a place (合肥 is tagged "n", 合肥市 "ns")."""
    return names.is_place(word) or names.is_place(word + "市")


def _flat_turns(masked: str, _pieces) -> Iterator[tuple[int, int, str]]:
    """A customer's turn that gives only the building, unit or flat: right after the same
    customer's turn that gave the address, or after the agent's question for the flat."""
    for match in _FLAT_TURN.finditer(masked):
        said = match.group("v")
        last = _LAST_TURN.search(masked[:match.start()].rstrip())
        if not last:
            continue
        agent = last.group("who") in _AGENT
        previous = last.group("said").strip(" 。.!！?？,，")
        continues = not agent and previous.endswith("[ADDRESS]")
        asked = agent and _ASKS_FOR_A_FLAT.search(previous) and not previous.endswith("[ADDRESS]")
        # (三十八号 only as the answer to 门牌号: 几号 asks for a day)
        if continues and (_FLAT_WORD.search(said) or _ROOM_NUMBER.search(said)) \
                or asked and (_FLAT_ANSWER.search(said) or _ROOM_NUMBER.search(said)
                              or said.endswith("号") and "门牌" in previous):
            yield match.start("v"), match.end("v"), "ADDRESS"


_HOME_BEFORE = re.compile(r"住|我家|寄到|送到|发到|放到|收货|搬到")
_HOME_IN = re.compile(r"栋|幢|号楼|单元|室|房间|宿舍|\d{3,4}(?:房|室)?$")
_OURS = re.compile(r"我们|你们|贵司|本")


def _a_business_not_a_home(match: re.Match[str], text: str) -> str | None:
    """A business's address or phone is kept; not a home inside a compound named like one
    (我住万达广场:万达路8号3号楼2单元1101, 寄到新校区在学府路18号7号楼宿舍312), nor a company
    number the customer is reached on (公司总机… 转我分机)."""
    if match.group("hotline"):
        return None if "转我" in text[match.end():match.end() + 6] else "KEEP"
    before = text[max(0, match.start() - 10):match.start()]
    if _HOME_BEFORE.search(before) and not _OURS.search(before) or _HOME_IN.search(match.group("v")):
        return None  # (退货请寄到我们的售后仓: the shop's still)
    return "KEEP"


# What makes a place someone's address rather than a place named in passing (a county town, a
# disease-control centre, 武汉市中心医院): a number of a house, building, flat or group, or a home's word.
_DWELLING_PART = re.compile(
    r"(?:路|街|道|巷|弄|村|里|同|段|[东西南北]|区|园|院|口|子)\s?\d{1,5}\s?[号號]|\d{1,5}\s?(?:栋|幢|座|单元|室|楼|层|组|排|户|号楼|号院)"
    r"|\d{1,5}[A-Fa-f](?![A-Za-z])|\d{1,3}-\d{1,4}(?![战胜负平比])"
    # (a year, a count or a bus route is no flat: 2023 跨年夜, 2000多家, 123 路公交)
    r"|(?<!\d)\d{3,4}(?!\s?[\d年月日个万元块人例天次名号多路届级家])"
    r"|[-号]\s?\[数字x\]|\[数字x\]\s?[号栋幢单元室楼-]"  # JDDC's masked numbers (…路[数字x]号, 小镇-[数字x])
    r"|[零〇一二三四五六七八九十百两幺]{1,4}(?:号|栋|幢|单元|室|组|弄|巷)|第[一二三四五六七八九十两\d]{1,2}[家户排](?![店分门连])"
    # a compound's word, not a street or a district named after one (花园路, 曹杨新村街道) nor news (老旧小区改造)
    r"|(?:小区|花园|家园|公寓|新村|宿舍|苑|家属院|号院)(?![路街道商改])"
    # a village below its township, or a village's group or hamlet (…镇新华村, 永发村三屯)
    r"|[镇乡](?:(?![各个进行驻野村乡镇县城的是在了和与])[\u4e00-\u9fff]){2,5}(?:村|屯|寨|庄|郢)|村[\u4e00-\u9fff]{1,4}(?:组|屯|社|队)")
# An institution sent to or named (样本送到南昌市疾控中心, 寄到市第一中学): no one's home without a dwelling's part.
_INSTITUTION_END = re.compile(r"(?:医院|中心|学校|大学|中学|小学|幼儿园|校区|景区|政府|银行|机场|车站|局|所|委|馆)$")
# A region named as a kind of place, not a place one lives at (老家在河南一个十八线县城, 我家小县城).
_KIND_OF_PLACE_END = re.compile(r"(?:县城|城区|农村|乡村|乡镇|城市|市区|城镇|集镇)$")
_FIRST_REGION = re.compile(r"省|市|自治区|区|县|镇|乡|$")
_ADDRESS_CUE_BEFORE = re.compile(r"住(?![建院房宿持])|我家|家在|人在|寄到|寄去|寄给|寄往|寄至|送到|送去|送至|发到|发至|发往|发去|放到|收货|搬到"
                                 r"|地址|地点|收件|改成|改为|改到")
# A contact block: a name or a phone (masked by the platform or here) right before the address
# (王女士 1992336** 重庆南岸区…, [PHONE] 四川绵阳市…).
_CONTACT_BEFORE = re.compile(r"(?:\d\*{2,}|\[(?:PHONE|NAME|电话x|姓名x)\]|1[3-9]\d{9})\s?[,，;；]?\s?$")


def _a_dwelling(match: re.Match[str], text: str) -> str | None:
    """A region and the parts after it are an address when they hold a dwelling's part or follow
    a word that gives an address; news and posts name regions, towns and institutions bare."""
    # (a number read out may run past the match: …资江路一百零八号; a cue may sit inside it: 妈住长丰县…)
    if _DWELLING_PART.search(text, match.start(), match.end() + 12) \
            or _CONTACT_BEFORE.search(text, max(0, match.start() - 16), match.start()) \
            or (_ADDRESS_CUE_BEFORE.search(text, max(0, match.start() - 12), match.start() + _FIRST_REGION.search(match.group(0)).start())
                and not _KIND_OF_PLACE_END.search(match.group(0)) and not _INSTITUTION_END.search(match.group(0))):
        return "ADDRESS"
    return None


def _only_regions(said: str) -> bool:
    """Places jieba knows (山东 青岛, 合肥市 蜀山区), the last perhaps a district it does not (济南 历下区)."""
    words = [token.word for token in names.tokens(said.replace(" ", ""))]
    known = 0
    while known < len(words) and _known_place(words[known]):
        known += 1
    return known > 0 and (known == len(words) or bool(_DISTRICT.fullmatch("".join(words[known:]))))


def _of_a_public_place(text: str, start: int, end: int) -> bool:
    """`text[start:end]`, an address's parts up to a number, names a hall, gate or floor of a
    public place (政务 服务 中心 二楼 七号, 社区 医院 三楼, 阿里 园区 五号 楼) and no home or
    building with a flat in it, or a gate, hall or store room follows (地铁站 三号 口, 七号 库)."""
    said = text[start:end]
    return bool(_PUBLIC_AFTER.match(text, end)
                or (_PUBLIC_PLACE.search(said) and not (_HOME_WORD.search(said) or _BUILDING_OR_FLAT.search(said))))


def _spoken_address(match: re.Match[str], text: str) -> tuple[str, int, int] | None:
    """The address from the district (or its city) up to its last numbered part (see
    `_end_at_last_number`). A word before the district is its city only when jieba knows it (or
    it with 市) as a place."""
    start = match.start()
    for word in ("province", "city"):
        said = match.group(word)
        if said and not _known_place(said) and match.end(word) > start:
            start = match.end(word)
            while text[start].isspace():
                start += 1
    end = _end_at_last_number(text, start, match.end())
    return ("ADDRESS", start, end) if end else None


_BLOCK_NUMBER = r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})"


def _block_and_floor(match: re.Match[str], text: str) -> tuple[str, int, int] | None:
    """A flat in a block (see the rule); not a block or floor of a public place or a shop (展馆 第3座 2楼)."""
    start, end = match.span("v")
    if _of_a_public_place(text, start, end) or _BUSINESS_BEFORE.search(text, max(0, start - 12), start):
        return None
    return "ADDRESS", start, end


def _spoken_home(match: re.Match[str], text: str) -> tuple[str, int, int] | None:
    """A compound, campus or village said part by part with no district before it (紫薇花园 十四栋 二零三,
    北京大学 燕园 三十六楼 四层 四一二): only with a building and what is inside it, up to the last number."""
    start = match.start()
    end = _end_at_last_number(text, start, match.end())
    if not end or not _BUILDING_THEN_INSIDE.search(text, start, end):
        return None
    return "ADDRESS", start, end


def _end_at_last_number(text: str, start: int, end: int) -> int | None:
    """Where an address said part by part ends: at its last numbered part (二十二号, 五楼, 六零三, 东户),
    as what is said after it is the sentence going on (谢谢 你们, 你到了 打电话); None when it names
    no house, or a gate, hall or floor of a public place, or a shop."""
    if _BUSINESS_BEFORE.search(text, max(0, start - 12), start):
        return None  # 门店地址 武侯区 人民南路四段 12号 一楼: a shop's address is public
    while end > start:
        if _NUMBERED_PART_END.search(text, start, end):
            said = text[start:end]
            if not _HOUSE_NUMBER.search(said):
                return None  # no house: digits alone (华东区 2022 2023), a date or a gate (朝阳区 这边 三号 之前)
            if _of_a_public_place(text, start, end):
                return None
            parts = said.split()
            # (a flat's letter after its floor, 二十二楼 A, is numbered as the floor is)
            numbered = [bool(_NUMBERED_PART_END.search(part) or re.fullmatch(r"[A-Za-z]", part)) for part in parts]
            last_named = max((i for i, n in enumerate(numbered) if not n), default=-1)
            if all(_FLOOR.fullmatch(part) for part in parts[last_named + 1:]) \
                    and not (last_named >= 0 and _HOME_WORD.search(parts[last_named])):
                return None  # a floor of a mall, a hospital or a tower (太古里 二楼, 门诊 三楼) is anyone's
            return end
        cut = max(text.rfind(" ", start, end), text.rfind("\u3000", start, end))
        if cut <= start:
            return None
        end = cut
        while end > start and text[end - 1].isspace():
            end -= 1
    return None


# Named as an identity card right before the number: a product code (货号 K526018(3), 型号 A239099603)
# can have either shape and pass its check by chance.
_ID_CARD_RIGHT_BEFORE = re.compile(r"(?:身份证|身分证|身分證|身份證|(?<![A-Za-z])HKID|(?<![A-Za-z])ID\s?(?:[Cc]ard|CARD|[Nn]o\.?|[Nn]umber)"
                                   r"|证件|證件)(?:号码?|號碼?|字号|字號)?(?:是|為|为)?\s*[:：]?\s*$")


def _hong_kong_id(match: re.Match[str], text: str) -> str | None:
    """A Hong Kong identity card (K526018(3)): one or two letters, six digits and a check
    character in brackets, valid by its modulus 11 check, named as an identity card."""
    letters, digits, check = match.group("letters").upper(), match.group("digits"), match.group("check").upper()
    values = [36] * (2 - len(letters)) + [ord(ch) - 55 for ch in letters] + [int(d) for d in digits]
    total = sum(value * weight for value, weight in zip(values, range(9, 1, -1)))
    valid = (total + (10 if check == "A" else int(check))) % 11 == 0
    return "ID" if valid and _ID_CARD_RIGHT_BEFORE.search(text, max(0, match.start() - 16), match.start()) else None


_TAIWAN_LETTER_CODES = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36)))


def _taiwan_id(match: re.Match[str], text: str) -> str | None:
    """A Taiwan national ID (A239099603): a letter, 1 or 2, eight digits, valid by its check
    digit, named as an identity card."""
    value = match.group(0).upper()
    code = _TAIWAN_LETTER_CODES[value[0]]
    total = code // 10 + (code % 10) * 9 + sum(int(d) * w for d, w in zip(value[1:9], range(8, 0, -1))) + int(value[9])
    return "ID" if total % 10 == 0 and _ID_CARD_RIGHT_BEFORE.search(text, max(0, match.start() - 16), match.start()) else None


# An organisation's account (@京东客服, @海尔官方微博, //@朱一龙工作室:, //@人民日报:, @人间心事bot): a word for an
# official desk anywhere in the handle (@京东客服回复说会处理 runs on), a word for a medium or a body only at its end
# (a person's 小王的新闻系日常 or 杂志控小美 goes on after it).
_ORGANISATION_WORD = r"官方|客服|工作室|旗舰店|官博|官微|后援会"
_ORGANISATION_END = (r"分会|网宣组|粉丝团|bot|BOT|Bot|新闻|日报|晚报|早报|时报|电视台|卫视|频道|杂志|公安|警方|交警|消防|政府|卫健委"
                     r"|疾控|气象局?|发布|在线|网|社|中央|博物馆|博物院|银行|地铁|铁路|航空|机场|集团|公司|财经")
_NOT_AN_ORGANISATIONS_HANDLE = (r"(?![\u4e00-\u9fffA-Za-z0-9_\-]*?(?:" + _ORGANISATION_WORD + r"))"
                                r"(?![\u4e00-\u9fffA-Za-z0-9_\-]*?(?:" + _ORGANISATION_END + r")[_\d]*(?![\u4e00-\u9fffA-Za-z0-9_\-]))")

RULES: tuple[Rule, ...] = (
    # A shop's or service desk's mailbox (官方邮箱 service@jd.com) is published, not personal: reserved before the
    # e-mail rules. (公司邮箱 is where the customer works: personal.)
    Rule("KEEP", re.compile(r"(?:官方|客服|售后)邮箱(?:地址)?\s*(?:是|为)?\s*[:：]?\s*"
                            r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    Rule("ID", re.compile(r"(?<![A-Za-z0-9])(?P<letters>[A-Z]{1,2})(?P<digits>\d{6})\s?[(（](?P<check>[0-9A])[)）]"), _hong_kong_id),
    Rule("ID", re.compile(r"(?<![A-Za-z0-9])[A-Z][12]\d{8}(?![A-Za-z0-9])"), _taiwan_id),
    # A WeChat internal id has an unmistakable shape; read before the "wx" keyword can split it.
    Rule("MESSAGING", hint="messaging", pattern=re.compile(r"(?<![A-Za-z0-9_])wxid_[A-Za-z0-9_\-]{4,30}(?![A-Za-z0-9_])")),
    # A Discord name with its four-digit tag (moonlight#4821).
    Rule("MESSAGING", needs_ascii=True, pattern=re.compile(
        r"[Dd]iscord(?:\s*(?:id|ID|号))?\s*[:：]?\s*(?P<v>[A-Za-z0-9_.]{2,32}#\d{4})(?![0-9])")),
    # Telegram links name the account.
    Rule("MESSAGING", hint="link", pattern=re.compile(r"(?<![\w.])t\.me/[A-Za-z0-9_]{3,32}")),
    # A link with a path or query can carry a user id; a bare site name (www.jd.com) cannot.
    Rule("URL", hint="link", pattern=re.compile(r"https?://[^\s\u4e00-\u9fff，。！？、]+|www\.[^\s/\u4e00-\u9fff，。！？、]+/[^\s\u4e00-\u9fff，。！？、]*",
                           re.IGNORECASE)),
    # An id typed or said as words, letters and digits apart (wx: lin xiao 1208, 微信号是tang hai yan
    # 0523, w x 1 9 9 0 l x, 抖音号是 dou yin 幺幺 二 幺 七): three pieces at least, Latin letters and
    # digits or numerals both among them, every Latin piece pinyin or a single letter (微信 app 2 0,
    # 微信 iOS 17 2 and wx pay 2 times are no ids); read before the rule below takes its first word alone.
    Rule("MESSAGING", hint="messaging", pattern=re.compile(
        # (also 下划线 and 点 among the pieces: x i a o 下划线 c h e n 九 九; after 的话是, 号啊 叫)
        _MESSAGING_KEY + r"(?:号?\s*[:：,，]\s*|(?:号|的话)?\s*(?:啊\s*)?(?:是|为|号是|叫)\s*|(?:说一下|发你|给你)?\s+)(?:(?:嗯|就是)\s+)?"
        r"(?P<v>(?=[^\u4e00-\u9fff]*?[A-Za-z])(?:[A-Za-z]{1,12}|[0-9" + SPOKEN_DIGITS + r"]{1,8})"
        r"(?: (?:[A-Za-z]{1,12}|[0-9" + SPOKEN_DIGITS + r"]{1,8}|下划线|点(?= [A-Za-z]))){2,19})"
        # (an e-mail's user name said apart goes on with 艾特 or at: the e-mail rules take it whole)
        r"(?<=[0-9" + SPOKEN_DIGITS + r"A-Za-z])(?![A-Za-z0-9_@.])(?!\s?[0-9期个台号岁块元年月日次条种])"
        r"(?!\s(?:[A-Za-z](?![A-Za-z0-9])|下划线|点\s|艾特|小老鼠))"), decide=_spelled_apart_id),
    # The same anywhere in a turn about a messaging account, with words between (我的微信 不是手机号 是字母 h u a n g
    # 下划线 s h u, 客户:x i n 九 二, an agent reading it back: c h e n 杠 l u 杠 一九八八 是吧).
    Rule("MESSAGING", hint="messaging", pattern=re.compile(
        r"(?<![A-Za-z0-9_@.])(?:大写的\s?)?(?P<v>(?:[A-Za-z]{1,12}|[0-9" + SPOKEN_DIGITS + r"]{1,8})"
        r"(?:(?: |-| ?下划线 ?| ?杠 ?| 点 )(?:[A-Za-z]{1,12}|[0-9" + SPOKEN_DIGITS + r"]{1,8})){3,19})(?![A-Za-z0-9_@.])"
        r"(?!\s?[0-9期个台号岁块元年月日次条种])"), decide=_spelled_in_a_turn),
    # A QQ or Douyin number read out in groups of numerals (抖音号是幺二八 九七三 四零六).
    Rule("MESSAGING", needs_ascii=False, hint="messaging", pattern=re.compile(
        _MESSAGING_KEY + r"(?:号?\s*[:：,，]\s*|\s*(?:是|为|号是)\s*|\s+)"
        rf"(?P<v>[{SPOKEN_DIGITS}]{{2,6}}(?:\s[{SPOKEN_DIGITS}]{{1,6}}){{1,4}})(?![0-9{SPOKEN_DIGITS}])"),
        decide=lambda match, text: "MESSAGING" if 5 <= len(_digits(match.group("v"))) <= 12
        and not _ID_DATE.fullmatch(_digits(match.group("v"))) else None),  # (二零二四 零六 一八 is a date)
    # A QQ or WeChat number in groups of any size (扣扣1830-0455-61, 威信13 8 0 2 1 1 6 4 3 7 9); not a
    # date, a company hotline, a landline, a count in thousands or a phone number after 支付宝.
    Rule("MESSAGING", hint="messaging", pattern=re.compile(
        r"(?<!单号)(?<!单号是)(?<!单号为)(?<!单号:)(?<!单号：)(?<!单号 )(?:QQ号?码?|qq号?码?|(?<![A-Za-z])[qQ] [qQ]|扣扣号?码?|微信号?|威信号?|薇信号?|[vV][xX]号?)\s*[:：]?\s*"
        r"(?P<v>\d{2,5}(?:-\d{2,5}){1,2}|\d{1,2}(?: \d){6,11}|\d{3,5}(?: \d{1,5}){1,2})(?![\d])(?!\s?[期个台号岁块元年月日次条种级])"),
        decide=_grouped_messaging_number),
    # Messaging ids before e-mail and phone: an Alipay account shaped like an
    # e-mail or phone is a messaging id.
    Rule("MESSAGING", hint="messaging", pattern=re.compile(
        # a ticket's letters after 单号 (维修单号WX2024…) are no WeChat keyword
        r"(?<!单号)(?<!单号是)(?<!单号为)(?<!单号:)(?<!单号：)(?<!单号 )" + _MESSAGING_KEY + r"(?:\s*[\"']?\s*[:：=|]\s*[\"']?\s*|\s*(?:也是|是|为|号是|[账帐]号是?|同名)?[：:，,]?\s*)"
        r"(?P<v>" + r"1[3-9]\d{9}(?![0-9A-Za-z@])|" + _MESSAGING_ID + r")(?![A-Za-z0-9_@])")),
    # A space typed inside the user name: wu_qiang 2021@163.com, 发到 liu wenjing@126.com.
    # A company's role mailbox (service@jd.com, support@apple.com, kefu@sf-express.com) reaches a desk, not a
    # person: kept. Not at a mail provider, where such a name is somebody's own (service2019@163.com is no role).
    Rule("KEEP", hint="email", pattern=re.compile(
        r"(?<![A-Za-z0-9._%+-])(?:service|support|help|helpdesk|kefu|kf|info|admin|contact|sales|marketing|noreply|no-reply"
        r"|webmaster|customer|customerservice|customer_service|cs|invoice|fapiao|jobs|careers|zhaopin|press|media|pr|news"
        r"|editor|tougao|feedback|complaint|complaints|tousu|jubao|privacy|security|legal|dpo|zhaosheng|admissions|official)"
        r"@(?![A-Za-z0-9.-]*?(?<![A-Za-z0-9-])(?:qq|163|126|sina|sohu|yeah|gmail|googlemail|hotmail|outlook|live|yahoo|foxmail"
        r"|139|189|88|tom|21cn|263|aliyun|icloud|me|msn|proton)\.)"
        r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9])", re.IGNORECASE)),
    Rule("EMAIL", hint="email", pattern=re.compile(r"(?<=[\u4e00-\u9fff\s])(?<![A-Za-z0-9._%+-] )[a-z]{2,12} [a-z0-9._%+-]+@"
                                                   + _EMAIL_DOMAIN)),
    Rule("EMAIL", hint="email", pattern=re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z][A-Za-z0-9%+-]*[._][A-Za-z0-9._%+-]* [A-Za-z0-9._%+-]+@"
                             + _EMAIL_DOMAIN)),
    # A QQ number typed in groups as a phone number is, before the domain (913 6625 08@qq.com, 4471 0928 3 @qq.com)
    Rule("EMAIL", hint="email", pattern=re.compile(_D + r"\d{2,5}(?: \d{1,5}){1,3} ?@ ?" + _EMAIL_DOMAIN)),
    Rule("EMAIL", hint="email", pattern=re.compile(r"[A-Za-z0-9._%+-]+@" + _EMAIL_DOMAIN)),
    # Read out on the phone or typed apart: z h o u m i n 2 0 0 0 @ 1 2 6 . c o m,
    # fan 点 jing 艾特 一二六 点 com, wang xiao ming @ qq . com, yangfan(at)mail.hzu.edu.cn.
    # The user name is spelled letter by letter, or is up to four lower-case words joined by
    # spaces, 点, "_" or 下划线, with numerals said among them — not whatever text stands before it (订单 12345, 型号 X5, at JD dot com).
    Rule("EMAIL", hint="email", pattern=re.compile(
        r"(?<![A-Za-z0-9_.\-])(?<![0-9] )(?:[A-Za-z0-9_](?:(?: | 下划线 | 杠 | 点 )(?:[A-Za-z0-9_]|[" + SPOKEN_DIGITS + r"]{1,8})){2,40}"
        r"|[a-z][a-z0-9_]*(?:\s?(?:点|\.|_|-|下划线|杠)\s?(?:[a-z][a-z0-9_]*|[" + SPOKEN_DIGITS + r"]{1,8})|\s{1,2}[a-z]+|\s{1,2}\d{2,8}|\s?[" + SPOKEN_DIGITS + r"]{2,8}){0,3}"
        # a QQ number said in numerals as the user name, before 艾特 or a bare at (幺七七六零三二九八五 at q q 点 com)
        r"|(?:[" + SPOKEN_DIGITS + r"]{5,12}|[" + SPOKEN_DIGITS + r"]{2,8}(?:\s[" + SPOKEN_DIGITS + r"]{2,8}){1,2})(?=\s(?:at|AT)\s|\s?艾特|\s?@|\s?圈\s?[aA]))"
        # at said bare after a numeral or a letter said alone (s u n h a o at 一二六 点 com), 小老鼠 for @
        r"(?:\s*(?:呃|嗯|然后))?\s*(?:艾特|小老鼠|圈\s?[aA]|@|[(（]\s*at\s*[)）]|(?<=[" + SPOKEN_DIGITS + r"]\s)(?:at|AT)(?=\s)"
        r"|(?<=(?<![A-Za-z])[A-Za-z0-9]\s)(?:at|AT)(?=\s))\s*"
        r"(?:[A-Za-z0-9\-](?:\s?[A-Za-z0-9\-])*|[" + SPOKEN_DIGITS + r"](?:\s?[" + SPOKEN_DIGITS + r"])*|扣扣|企鹅)(?:\s?(?:点|\.|杠)\s?[A-Za-z0-9\-]+)*?"
        # a country's domain after the last (点 com 点 s g)
        r"\s?(?:点|\.|dot)\s?" + _SPOKEN_TLD + r"(?:\s?(?:点|\.)\s?[a-z]\s?[a-z])?(?![A-Za-z0-9])")),
    # A QQ number read out digit by digit before the domain: 8 7 3 2 6 6 1 0 4 @ qq.com.
    Rule("EMAIL", hint="email", pattern=re.compile(_D + r"(?:\d\s){4,}\d\s*@\s*" + _EMAIL_DOMAIN)),
    # Spelled to slip through filters: name#163.com, name at qq dot com, or a space inside.
    Rule("EMAIL", hint="email", pattern=re.compile(r"[A-Za-z0-9._%+-]+\s?[A-Za-z0-9._%+-]*\s*(?:#|＃)\s*" + _EMAIL_DOMAIN)),
    Rule("EMAIL", hint="email", pattern=re.compile(
        r"[A-Za-z0-9._%+-]+\s*(?:\s(?:at|AT)\s|[(\[<{]\s*(?:at|AT)\s*[)\]>}]|艾特|圈\s?[aA]|@)\s*[A-Za-z0-9-]+"
        r"(?:\s*(?:\s(?:dot|DOT)\s|[(\[<{]\s*(?:dot|DOT)\s*[)\]>}]|点|\.|。)\s*" + _NOT_A_FILE + r"[A-Za-z]{2,}){1,2}(?![A-Za-z0-9])")),
    Rule("URL", hint="link", pattern=re.compile(r"(?<![@\w.])(?:[a-z0-9-]+\.)+(?:com|cn|net|org|com\.cn|gov\.cn)/[^\s\u4e00-\u9fff]*(?![\w.])", re.IGNORECASE)),
    # The id a few words after the keyword (vx联系：lily-shop520, 个人微信(如对方提供的tb_shop888)):
    # only an id that mixes letters with digits, "_" or "-", never a word.
    Rule("MESSAGING", hint="messaging", pattern=re.compile(
        # four characters at least: 钉钉考勤机M2 names a device
        # (after 搜 a product's model in capitals: 抖音搜Dior999, 抖音搜iPhone15开箱; not 微信搜Gaojun_kk)
        _MESSAGING_KEY + r"(?!\s?搜\s?(?![^\s，,。！？!?]*[_\-])[^\s，,。！？!?]*[A-Z])(?:(?!型号|商品|附件|套餐|显示|提示|写着|相册|接口|广告|链接|版本|文件|图|直播|买|卖|下单|更新|收到|搜不)[^。！？!?\n]){0,12}?(?<![A-Za-z0-9_\-])(?P<v>(?=[A-Za-z0-9_\-]{4})(?!" + _PRODUCT_STEMS + r")(?:" + _LOOSE_ID + r"))(?![A-Za-z0-9_@.\-])")),
    # A shopping platform's account in any script with "_" in it (淘宝ID小鹿乱撞_2016, 阿里旺旺tb_小熊软糖2019,
    # 旺旺:tb_小熊软糖2019, 拼多多用户名pdd_48291736, 京东账号jd_7f82ab39c1, 闲鱼号xy_旧物小铺),
    # after an account word or glued on as a tb_ handle: what follows 淘宝号 is as often the account's
    # trouble (淘宝号是2019年注册的, 淘宝账号在iPhone上登录不了, 淘宝名 小米14).
    Rule("MESSAGING", needs_ascii=True, pattern=re.compile(
        # on the other platforms only after an account word: 京东:已发货_顺丰, 美团MT_SDK are the app's own words
        r"(?<!你们)(?<!官方)(?:(?:阿里旺旺|旺旺|淘宝)(?:" + _ACCOUNT_WORD + r"|\s*[:：]|(?=[A-Za-z][A-Za-z0-9]*_))"
        r"|(?:拼多多|京东|闲鱼|得物|唯品会|美团|饿了么)" + _ACCOUNT_WORD + r")\s*"
        r"(?P<v>(?!什么|啥|多少|哪|你|我|他|她|您|上|里|的|被|也|都|还|不|没|和|客服|官方|店|旗舰|怎么|密码|显示|_)(?!\d+[年月日号])"
        r"(?=[^\s，,。！？!?)）]*_)[\u4e00-\u9fffA-Za-z0-9_\-]{2,20})(?=$|[\s，,。！？!?)）])")),
    # A Taobao account named by the word for it, in any script (旺旺名hello小葵花, 阿里旺旺:鹿小葵的杂货铺,
    # 淘宝会员名云朵上的猫咪): not 旺旺 alone, a snack's brand (旺旺雪饼).
    Rule("MESSAGING", needs_ascii=False, pattern=re.compile(
        r"(?<!你们)(?<!你们的)(?<!官方)(?:(?:阿里)?旺旺(?:名|号|ID|id|昵称|会员名)?(?:是|叫)?\s*[:：]|(?:阿里)?旺旺(?:名|号|ID|id|昵称|会员名)(?:是|叫)?"
        r"|淘宝(?:会员名|昵称|用户名)(?:是|叫)?\s*[:：]?|淘宝(?:名|[Ii][Dd]|账号)(?:是|叫)?\s*[:：])\s*"
        r"(?P<v>(?!什么|啥|多少|哪|你|我|他|她|您|上|里|的|被|也|都|还|不是|没|和|客服|官方|店铺|旗舰|怎么|密码|显示|改|登)(?!\d+(?:[年月日号天次件个元块秒分]|小时))"
        # (a question about the account's feature: 淘宝会员名在哪里看, 旺旺号忘记了怎么找回, 旺旺名重复了)
        r"(?![^\s，,。！？!?)）]*(?:了|吗|怎么|什么|哪|是不是|能|可以|不|没|被|要|在|下的|旁边|忘|重复|绑定|一直))"
        r"[\u4e00-\u9fffA-Za-z0-9_\-]{1,19}[^\s，,。！？!?)）吗呢吧啊])(?=$|[\s，,。！？!?)）])")),
    # A handle on a social platform, in any script, after a word for the account (我微博叫夏天的鱼2016, 抖音号是阿峰修车):
    # from the naming word up to the next space or punctuation.
    Rule("MESSAGING", needs_ascii=False, pattern=re.compile(
        # (not inside an @handle: //@快手的号是… is a repost of the platform's own account)
        r"(?<!你们)(?<!官方)(?<!@)(?:微博|(?<=我)围脖(?=叫)|抖音|小红书|快手|(?<=我)淘宝(?=叫)|淘宝(?=(?:账号|帐号|ID|id)[\u4e00-\u9fffA-Za-z_]{1,16}\d)|[Bb]站|视频号|知乎|豆瓣|推特|闲鱼|拼多多|飞书|虎牙|斗鱼|(?<![A-Za-z])[Ss]oul)(?:上|里)?(?:他|她|主播)?的?"
        r"(?:(?:账号|帐号|昵称|用户名|ID|id|号)(?:是|叫|名叫|\s*[:：])|名字?(?:是|叫|\s*[:：])|(?:名叫|叫)(?=[^\s，,。！？!?)）]*[0-9A-Za-z])"
        # what one is called there (Soul上我叫月亮不营业, 她在快手上叫王大姐的小菜园)
        r"|(?<=[上里])[我他她]叫(?![好卖了过价车人不外醒苦屈板])"
        # an account named with digits at its end right after its word (淘宝账号小鹿乱撞的猫2016, 豆瓣账号南方有乔木7)
        r"|(?:账号|帐号|用户名|ID|id)(?![^\s，,。！？!?)）]*(?:信用|等级|级|余额|还剩|剩|安全|粉丝|掉粉|涨粉|开通|里|买|卖|[Ll][Vv]|积分|信用分|注册|登录|被封|已))"
        r"(?=[\u4e00-\u9fffA-Za-z_]{1,16}\d{1,8}(?:$|[\s，,。！？!?)）]))"
        # my name there (我抖音叫大胃王小牛, 我淘宝叫快乐的小猪); not a call or a price (我快手叫了客服, 我闲鱼叫价五百).
        # A handle right after 号 in Han is left alone: 抖音号刚注册, 闲鱼号信用极好 read the same way.
        r"|(?:(?<=我抖音)|(?<=我微博)|(?<=我围脖)|(?<=我快手)|(?<=我小红书)|(?<=我淘宝)|(?<=我闲鱼)|(?<=我B站)|(?<=我b站)|(?<=我视频号))叫(?![了过价车人不])(?!客服)"
        # a nickname or ID right after its word (拼多多昵称朵朵爱吃瓜, 知乎ID 一只咸鱼在发呆)
        r"|(?:昵称|ID|id)(?=\s?[\u4e00-\u9fffA-Za-z]))"
        r"\s*(?:嗯\s+)?(?P<v>" + _HANDLE_IN_ANY_SCRIPT + ")"
        r"(?=$|[\s，,。！？!?)）])")),
    # The customer's answer when an agent asks for the account on a platform (客服:请问您的小红书账号是
    # 客户:草莓味的小熊): the whole reply, unless it is a reply and no handle (好的, 稍等, 对, 就是手机号).
    Rule("MESSAGING", needs_ascii=False, pattern=re.compile(
        r"(?:(?:淘宝|小红书|红书|抖音|微博|快手|闲鱼|拼多多|企业微信|旺旺|[Bb]站|知乎|豆瓣)(?:上|里)?的?(?:账号|帐号|昵称|名字?|[Ii][Dd]|号)|企业微信)"
        r"(?:是|叫)?(?:多少|什么)?(?:呢|呀)?[?？。]?\s*(?:" + "|".join(_CUSTOMER) + r")\s*[:：]?\s*(?:嗯\s*)?"
        r"(?P<v>(?!好|对|稍|等|行|哦|额|呃|这个|那个|就是|发|给|马上|一会|查|用|应该|好像|可能|大概|忘|\d*(?:VIP|vip|会员))" + _HANDLE_IN_ANY_SCRIPT + r")(?=$|[\s，,。！？!?)）])")),
    # A form's field named by the platform alone (小红书:一颗卤蛋的日常, 豆瓣:阿泽不吃鱼), at a clause's start:
    # in a Weibo repost (//@贺俊雄的微博:武汉加油) the handle ends in 微博, and its colon starts what was said.
    Rule("MESSAGING", needs_ascii=False, pattern=re.compile(
        r"(?:^|(?<=[\s,，。！？!?;；、|]))(?:微博|围脖|抖音|小红书|红书|快手|[Bb]站|视频号|知乎|豆瓣|闲鱼|咸鱼|拼多多|飞书|(?<![A-Za-z])[Ss]oul)"
        r"\s?[:：]\s*(?P<v>" + _HANDLE_IN_ANY_SCRIPT + r")(?=$|[\s，,。！？!?)）])")),
    # The same platforms without 账号/叫: an @handle (微博@橘子汽水7788, wb @南风知我意_2020), or a
    # nickname that ends in digits (抖音小鹿乱撞2019, 红书搜爱吃鱼的猫123, 快手阿强修车铺7758).
    Rule("MESSAGING", needs_ascii=True, pattern=re.compile(
        r"(?<!你们)(?<!官方)(?:(?:微博|wb|围脖|抖音|dy|斗音|小红书|红书|快手|[Bb]站|视频号|[Tt]elegram|TG|tg|ins|IG)(?:号|昵称|上|里)?"
        # where one shops or reads (闲鱼上卖了iPhone13), only after an account word or before @
        r"|(?:知乎|豆瓣|推特|闲鱼|拼多多|飞书)(?:号|昵称|ID|id|(?=\s*@)))(?P<search>搜一?下?|找)?\s*[:：]?\s*"
        # what is searched for is as often a product with a model's number (抖音搜华为Mate60, 快手搜无人机T40,
        # 抖音搜618): after 搜 only a nickname whose digits follow a Han character or "_" (红书搜爱吃鱼的猫123)
        r"(?(search)(?=[^\s，,。！？!?)）、]*[\u4e00-\u9fff_]\d{2,8}(?:$|[\s，,。！？!?)）、])))"
        r"(?P<v>@(?!卖家|买家|客服|官方|商家|店家|小二|所有人|[了过你我他她您])" + _NOT_AN_ORGANISATIONS_HANDLE + r"[\u4e00-\u9fffA-Za-z0-9_\-.]{2,30}|(?!什么|啥|多少|哪|你|我|他|她|您|官方|客服|旗舰|搜|找)"
        r"[\u4e00-\u9fffA-Za-z_\-]{1,17}\d{2,8})(?=$|[\s，,。！？!?)）、])")),

    # A game's or a chat app's account, in any script (王者ID:小乔今天不上班, 我游戏ID是孤城丶北辰, 和平精英ID沙漠之鹰丶77,
    # dc名字:墨鱼丸子#0377), and a numeric user id (原神UID 187263544, B站UID是210038847).
    Rule("MESSAGING", needs_ascii=False, pattern=re.compile(
        r"(?:游戏|王者荣耀|王者|原神|和平精英|英雄联盟|第五人格|蛋仔派对|蛋仔|吃鸡|永劫无间|绝地求生|光遇"
        r"|(?<![A-Za-z])(?:dc|DC|[Dd]iscord|LOL|lol))(?:里|上)?的?(?:[Ii][Dd]|角色名|昵称|名字)"
        # the name after 是, 叫 or a colon, or one with a digit, "_" or 丶 in it: 游戏昵称最多七个字, lol名字大全 are about names
        r"(?:(?:是|叫)\s*|\s*[:：]\s*|\s?(?=[^\s，,。！？!?)）]*[0-9_丶·]))"
        r"(?P<v>(?!一般|最多|大全|中|好听|英文|中文|不能|几|怎么|可以|随机|大概|要|必须)" + _HANDLE_IN_ANY_SCRIPT + r"(?:#\d{4})?)(?=$|[\s，,。！？!?)）])")),
    Rule("MESSAGING", pattern=re.compile(r"(?<![A-Za-z])(?:UID|uid)(?:是|为)?\s*[:：]?\s*(?P<v>\d{6,12})(?![0-9])(?!\s?(?:以|开头|左右|多))")),
    # Read out in Chinese numerals after the letter (护照号 E 四八二七幺零九三); ten digits after
    # H or M: a Hong Kong or Macau resident's permit with its issue (回乡证号 M 幺 零 二 三 九 四 八 七 六 五).
    Rule("PASSPORT", hint="passport", pattern=re.compile(
        _PASSPORT_KEY + r"(?:号码|号)?(?:是|为)?\s*[:：]?\s*(?:嗯\s*)?(?P<v>[A-Za-z]\s?(?:[A-Za-z]\s)?(?:" + _CN_DIGIT_CLASS
        + r"\s?){7,9}|[HMhm]\s?(?:" + _CN_DIGIT_CLASS + r"\s?){10})(?<!\s)(?![0-9A-Za-z])(?!\s?" + _CN_DIGIT_CLASS + r")"),
        decide=_cn_passport_value),
    Rule("PASSPORT", hint="passport", pattern=re.compile(
        _PASSPORT_KEY + r"(?:号码|号)?(?:是|为)?\s*[:：]?\s*(?P<v>[A-Za-z0-9]{1,5}(?:[ \-][A-Za-z0-9]{2,8}){1,2}|[A-Za-z0-9]{5,12})" + _E),
        decide=_passport_value),
    # A Taiwan permit's eight digits after its name and a comma or with spaces (台胞证,10293846, 台胞证号码0 8 2 7 3 6 1 5),
    # a passport's number named after a comma (英国护照,号码123987456).
    Rule("PASSPORT", hint="passport", pattern=re.compile(
        # (not a date: 台胞证,20190312到期)
        r"台胞证\s?[,，]?\s?(?:号码?|号)?(?:是|为)?[,，:：\s]*(?P<v>\d(?:\s?\d){7})(?!\s?\d)(?!\s?(?:到期|签发|过期|入境|出境|有效|前|之前|截止|止))"
        r"|" + _PASSPORT_KEY + r"[,，]\s*(?:号码|证号|号)(?:是|为)?\s*[:：]?\s*(?P<w>[A-Za-z]{0,2}\d(?:\s?\d){6,9})(?![0-9A-Za-z])"),
        decide=lambda match, text: ("PASSPORT", *match.span("v" if match.group("v") else "w"))),
    # Hong Kong, Taiwan and Macau plates, after a plate word that names the place (香港车牌RX 8823,
    # 台湾车牌 ABC-7283, 澳门车牌MK-72-18): none has a province character.
    Rule("PLATE", re.compile(
        # (not 澳洲车牌, 后台车牌, nor a year, a count or a version after the letters: 香港车牌 HK 2024年)
        # (also 香港牌, 香港车, 澳门牌, 台湾机车牌, 香港那边的牌是)
        r"(?:香港|台湾|澳门|(?<![后平舞站电])[港台]|澳(?!洲|大利))(?:的|籍|那边的)?(?:(?:机车)?车牌|机车牌|牌照?|车(?![辆子型主]))(?:号码?|号)?\s*(?:是|为)?\s*[:：]?\s*"
        r"(?P<v>[A-Z]{1,3}(?:-\d{2}-\d{2}|[\s\-]?\d{1,4})|\d{4}-[A-Z]{2})(?![A-Za-z0-9\-])(?!\s?(?:\d|年|个|版|代|款|左右|元|块|公里|km|KM|cc|CC|毫升|马力))")),
    Rule("PLATE", re.compile(
        rf"[{_PLATE_PROVINCES}][·•.\s]?[A-Za-z](?:[·•.\s-]?[A-Za-z0-9]){{4,6}}[港澳学警挂领使]?(?![A-Za-z0-9])"),
        _plate_value),
    # Read out after the word 车牌 (苏E 五六七八九, 京 N 幺二三四五, 鄂A 二B 三C 四, 桂A 大写的K 八 五 一 四).
    Rule("PLATE", re.compile(rf"[{_PLATE_PROVINCES}][·•.\s]?(?:(?:大写|小写)的?\s?)?[A-Za-z](?:[,，]?\s?(?:那个|后面是|然后是?)\s?|[·•.])?(?:\s?{_PLATE_CHARACTER_SAID}){{4,6}}"
                             rf"(?![A-Za-z0-9{SPOKEN_DIGITS}])"), _spoken_plate),
    Rule("KEEP", _KEEP),
    # A shop's, a warehouse's or a company's registered address, or a hotline, is the business's, not a person's
    # (a company address a parcel goes to is where the customer works: that stays personal).
    Rule("KEEP", _BUSINESS_ADDRESS_OR_HOTLINE, _a_business_not_a_home, needs_ascii=False),
    # A public landline given as such (健康咨询电话,号码为0551-…, 服务热线:0571-…(天街店)0571-…(南市店)), and a hospital's or
    # an office's number in brackets after its name (黄陂区人民医院(027-8593…)). A mobile stays masked: someone carries it.
    Rule("KEEP", re.compile(
        r"(?:服务热线|咨询热线|官方热线|官方电话|(?:官方|健康|防控|疫情)咨询电话|客服电话|举报电话|投诉电话|值班电话|订票电话|热线电话"
        r"|(?:医院|卫生院|疾控中心)电话)[,，]?(?:号码)?(?:为|是)?\s*[:：]?\s*"
        r"0\d{2,3}-?\d{7,8}(?:\s*[(（][^()（）\s]{1,8}[)）]\s*[、,，]?\s*0\d{2,3}-?\d{7,8})*(?![0-9])"
        r"|(?:医院|卫生院|保健院|疾控中心|诊所|社区卫生服务中心|指挥部|派出所|监管局|招生办)[(（]\s*(?:电话\s*[:：]?\s*)?"
        r"0\d{2,3}-?\d{7,8}(?:\s+\d{7,8})?(?![0-9])"), needs_ascii=True),
    # Digits typed as keycap emoji (1️⃣5️⃣6️⃣ 2️⃣7️⃣3️⃣8️⃣): read as the number they spell.
    Rule("NUMBER", re.compile(r"(?:[0-9]\ufe0f?\u20e3[\s\-]?){6,18}[0-9]\ufe0f?\u20e3"), _keycap_number_kind),
    Rule("PHONE", re.compile(r"(?<![0-9A-Za-z+])(?:(?:\+|00|➕)(?:86|852|853|886)|(?:\+|➕)[1-9]\d{0,2}(?=[\s-])|\((?:\+?86|852|853|886)\))"
                             + _SEP + r"?(?:\(0\)\s?)?(?:\(\d{1,4}\)|\d{1,4})(?:" + _SEP + r"?\d{3,4}){1,3}" + _E)),
    Rule("PHONE", re.compile(r"(?<![0-9A-Za-z])86-1[3-9]\d{9}" + _E)),
    # A mobile number in three groups split by slashes or commas: 139 / 0256 / 7718, 138,1055,2769.
    Rule("PHONE", re.compile(_D + r"1[3-9]\d\s*([/,，、])\s*\d{4}\s*\1\s*\d{4}" + _E)),
    Rule("NUMBER", re.compile(_D + r"\d{2,6}(?:(?:\s{1,2}|[.\-、])\d{1,6}){2,7}[Xx]?" + _E), _grouped_number_kind),
    Rule("PHONE", re.compile(r"(?<![0-9A-Za-z])[1lI][3-9Oo](?:[\s.\-]?[\dOolI]){9}(?![0-9A-Za-z])"), _o_for_zero_phone),
    Rule("PHONE", re.compile(r"(?<![0-9A-Za-z+])(?:852|853)[\s\-][5-9]\d{3}[\s\-]?\d{4}" + _E
                             + r"|(?<![0-9A-Za-z+])886[\s\-]9\d{2}[\s\-]?\d{3}[\s\-]?\d{3}" + _E), _phone_not_after_an_order_word),
    # Digits typed one by one with spaces: 1 3 8 0 2 7 5 9 1 4 6.
    Rule("NUMBER", re.compile(_D + r"\d{1,3}(?:\s?-?\s\d{1,3}){4,12}" + _E), _spaced_number_kind),
    # An id or card read out digit by digit (身份证号码是 3 2 0 5 8 3 …), once named: a long
    # run of single digits alone is as often a list of scores.
    Rule("NUMBER", re.compile(r"(?:身份证|证件|卡号|银行卡|卡)(?:号码|号)?(?:是|为)?\s*[:：]?\s*(?P<v>\d(?: \d){13,17}(?: [Xx])?)" + _E),
         _number_in_group_v),
    # Long numbers with or without separators: ID (checksum or context), bank
    # card (Luhn or 62 prefix), mobile phone.
    Rule("NUMBER", re.compile(_D + r"\d{3,6}(?:(?:\s?-\s?|\s)?\d{2,6}){1,5}[\dXx]?" + _E), _number_kind),
    Rule("NUMBER", re.compile(_D + r"\d{15,19}[Xx]?" + _E), _number_kind),
    # A mobile read out in groups of numerals with commas, or a 嗯, between them (一八六,二零三九,七七五一):
    # only a mobile's shape, since a list of numerals is read so as well.
    Rule("PHONE", re.compile(rf"(?<![0-9{SPOKEN_DIGITS}])[{SPOKEN_DIGITS}]{{3,4}}(?:[,，]\s?(?:嗯[,，]\s?)?[{SPOKEN_DIGITS}]{{3,4}}){{2}}"
                             rf"(?![0-9{SPOKEN_DIGITS}])"),
         lambda match, text: "PHONE" if re.fullmatch(r"1[3-9]\d{9}", _digits(match.group(0)))
         and not _after_an_order_word(match, text) else None, needs_ascii=False),
    Rule("NUMBER", _CN_NUMBER, _cn_number_kind, needs_ascii=False, around_taken=True),
    Rule("PHONE", re.compile(_D + r"(?:86[-\s]?)?1[3-9]\d" + _SEP + r"?\d{4}" + _SEP + r"?\d{4}" + _E),
         _phone_not_named_an_order),
    Rule("PHONE", re.compile(
        _D + r"(?:\(0\d{1,3}\)\s?|0\d{1,3}\s?[-\s]\s?)\d{3,4}[-\s]?\d{3,4}(?:\s?(?:-|转|分机)\s?\d{1,5})?" + _E)),
    # A mobile typed with wider gaps: two spaces, middle dots, a run of dots (182  8545  3833, 188......8579......0323).
    Rule("PHONE", re.compile(_D + r"1[3-9]\d" + _LOOSE_SEP + r"\d{4}" + _LOOSE_SEP + r"\d{4}" + _E),
         _phone_not_named_an_order),
    # A landline run together with its area code, given with an extension (04512819033分机9205).
    Rule("PHONE", re.compile(_D + r"0\d{9,11}\s?(?:转|分机|ext\.?|EXT\.?)\s?\d{1,5}" + _E)),
    # A mobile given in pieces (手机号前三位185 中间4487 后四位7090): each piece once the turn
    # names the first three digits (尾号/后四位 alone is how a card or an order is referred to).
    Rule("PHONE", re.compile(r"(?:前(?:三|3)位|中间(?:(?:四|4)位)?|后(?:四|4)位)\s*(?:是|为)?\s*[:：]?\s*(?P<v>\d{3,4})(?![0-9])"),
         _phone_piece),
    # A resident ID given in pieces (前六位110108 中间19660321 后四位4526, 身份证前面是220102198
    # 后面是906275314): each piece near a first piece that follows an ID word (see _id_piece).
    Rule("ID", re.compile(r"(?:前(?:六|6)位|中间(?:(?:八|8)位)?|后(?:四|4)位|前面|后面|前半截|后半截)\s*(?:是|为)?\s*[:：]?\s*"
                          r"(?P<v>\d{6}|\d{8,12}|\d{3}[\dXx]|\d{5,11}[Xx])(?![0-9A-Za-z])"), _id_piece),
    # The first seven digits of a mobile after a phone word (电话1577916, 新号码是150 7774):
    # the rest, sent apart, is caught below once the text holds such a start.
    Rule("PHONE", re.compile(r"(?:电话|号码|手机号?|打)(?:号码?)?(?:是|为)?\s*[:：]?\s*(?P<v>1[3-9]\d(?:\s?\d{4}))(?![0-9])")),
    # A landline without its area code, named as one (家里座机6243 0917), and an area code given apart.
    Rule("PHONE", re.compile(r"(?:座机|固话|固定电话|家里电话|办公室?电话|宅电)(?:号码?)?\s*(?:是|为)?\s*[:：]?\s*"
                             r"(?P<v>[2-9]\d{2,3}[\s\-]?\d{4})(?![0-9])"), needs_ascii=True),
    # Eight digits after any phone word: a landline without its code, or a Hong Kong or Macau number
    # (联络电话6283 7451, 我香港屋企电话2836 5510); a hotline is 400-… or 95xxx, never this shape.
    Rule("PHONE", re.compile(r"(?:电话|联络电话|屋企电话)(?:号码?)?\s*(?:是|为)?\s*[:：]?\s*"
                             r"(?P<v>(?![48]00|95)(?!(?:19|20)\d\d[\s\-]?[01]\d[0-3]\d)[2-9]\d{3}[\s\-]?\d{4})(?![0-9]|\s\d)"),
         needs_ascii=True),
    Rule("PHONE", re.compile(r"区号\s*(?:是|为)?\s*[:：]?\s*0\d{2,3}\s*[,，、]?\s*(?:号码|电话)\s*(?:是|为)?\s*[:：]?\s*"
                             r"(?P<v>[2-9]\d{2,3}[\s\-]?\d{4})(?![0-9])"), needs_ascii=True),
    Rule("PHONE", re.compile(r"区号\s*(?:是|为)?\s*[:：]?\s*(?P<v>0\d{2,3})(?![0-9])"), needs_ascii=True),
    Rule("ORDER", re.compile(r"(?:订单|单号|运单|快递单)(?:号|编号|号码)?\s*[:：是为]?\s*(?P<v>[A-Za-z]{0,4}\d{6,24})" + _E)),
    # A bare long digit run left over is most likely an order or tracking number.
    Rule("ORDER", re.compile(_D + r"\d{10,}" + _E)),
    # An address said part by part, as a speech transcript writes it (上海 闵行区 莘庄 莘松路 九百五十八弄
    # 二十二号 六零三; 兰州 城关区 张掖路 步行街 后面 金塔巷 二十七号): from the district on, to its last
    # house, building, floor or flat number (see _spoken_address).
    Rule("ADDRESS", re.compile(_SPOKEN_ADDRESS), _spoken_address, needs_ascii=False),
    Rule("ADDRESS", re.compile(_SPOKEN_HOME), _spoken_home, needs_ascii=False),
    # A flat as Hong Kong, Macau and Guangdong write it: a block (座) and its floor, after the estate
    # (澳门氹仔海洋花园第三座12楼C, 沙田第一城 三十二座十七楼H), or a block named and its room (禾輋邨丰盛楼1507室).
    Rule("ADDRESS", re.compile(
        r"(?:^|(?<=[\s,，。:：;；])|(?<=地址)|(?<=[在到寄送]))(?P<v>(?![我你他她住在到寄送])[\u4e00-\u9fff\U00020000-\U0002ffff0-9]{0,24}?"
        r"(?:第?" + _BLOCK_NUMBER + r"\s?座\s?" + _BLOCK_NUMBER + r"\s?[楼层](?:\s?[A-Za-z](?![A-Za-z])|\s?\d{1,4}室)?"
        r"|[\u4e00-\u9fff]{2}[楼座]\s?\d{3,4}室))"), _block_and_floor, needs_ascii=False),
    # An address typed with spaces between its parts (广东省 深圳市 龙岗区 枫林路95号 翠苑小区 27-6-1806).
    Rule("ADDRESS", re.compile(
        r"[\u4e00-\u9fff]{2,6}(?:省|市|自治区|自治州)(?:\s+" + _SPACED_PART + r"){2,8}"), needs_ascii=False),
    Rule("ADDRESS", re.compile(
        r"(?:(?![的是在我你他她了到从给寄送往址与就也还要想把被呢吗吧啊]|" + _AND_OUTSIDE_A_PLACE + r")[\u4e00-\u9fff]){2,8}"
        r"(?:省|市|自治区|(?<!小)区|县|镇|乡)"
        r"(?:[\u4e00-\u9fff\dA-Za-z\-]{0,20}?"
        r"(?:路|街道|街|大道|巷|弄|号院|号楼|小区|大厦|商务楼|公寓|花园|广场|园|城|中心|国际|村|屯|栋|幢|单元|座|层|室|宿舍楼|校区|园区|社区|[A-Za-z0-9]区|\d+号(?![柜箱])|"
        r"\d{1,3}-\d{1,3}-\d{2,4})){1,6}"
        r"(?:[\dA-Za-z\-#号院楼栋幢座单元室房层组队门舍区之零〇幺一二三四五六七八九十]|附(?!近)){0,20}(?:车位[A-Za-z0-9\-]{1,10}|[东南西北]门|[东南西北]塔\d{1,3}[FfLl层]?)?"
    ), _a_dwelling, needs_ascii=False),
    # A room in a university's dormitory (武汉大学信息学部二舍A区314, 浙江大学紫金港校区蓝田3舍2楼207).
    Rule("ADDRESS", re.compile(
        _PLACE_CHAR + r"{2,8}大学[\u4e00-\u9fffA-Za-z0-9]{0,16}?(?:舍|栋|幢|楼|公寓|寝室|宿舍|区)\s?"
        r"(?:[A-Za-z]区|\d{1,2}楼)?\d{3,4}(?:寝室|室)?(?![0-9级年届])")),
    # A residential compound with its building and flat, no city before it (送到御景园15栋6单元3202,
    # 我住的是水岸新城25-1-1806, 育才路84号丽景湾7幢2606室).
    Rule("ADDRESS", re.compile(
        _PLACE_CHAR + r"{1,6}(?:路|街|大道)\d{1,4}号" +
        _PLACE_CHAR + r"{0,8}?" + _COMPOUND +
        r"(?:[东南西北]门)?" + _BUILDING +
        r"|" + _PLACE_CHAR + r"{1,8}?" + _COMPOUND +
        r"(?:[一二三四五六七八九十\d]{1,2}期)?(?:[东南西北]门)?" + _BUILDING
        # a building and floor: of a home compound (阳光花园4栋7楼), or of any compound something is sent to
        # (寄到天府软件园E区4栋7楼); a hospital's 5号楼2楼 is anyone's
        + r"|(?:" + _PLACE_CHAR + r"{1,8}?" + _HOME_COMPOUND + r"|(?:(?<=送到)|(?<=寄到)|(?<=发到)|(?<=寄至)|(?<=送至)|(?<=住在)|(?<=家住))"
        + _PLACE_CHAR + r"{1,8}?" + _COMPOUND + r"(?:[A-Za-z]区)?)"
        r"(?:[一二三四五六七八九十\d]{1,2}期)?\d{1,3}(?:栋|幢|号楼)\d{1,2}楼(?![0-9])"),
         needs_ascii=True),
    # Typed with spaces from the district on (武侯区 高攀路 26号 1栋 2单元), or a compound's
    # name, then building, unit and flat apart (翠湖天地 8号楼 2单元 901).
    Rule("ADDRESS", re.compile(
        r"(?:" + _PLACE_CHAR + r"{2,6}(?:省|市)\s*|(?P<city>" + _PLACE_CHAR + r"{2,3})\s+(?=" + _PLACE_CHAR + r"{1,4}(?:区|县)\s))*"
        + _PLACE_CHAR + r"{1,4}(?:(?<![小社园校军景])区|县)(?:\s+" + _SPACED_PART + r"){2,8}"
        r"|" + _PLACE_CHAR + r"{2,8}\s+\d{1,3}(?:栋|幢|号楼)\s*(?:\d{1,2}单元\s*)?\d{3,4}(?:室|房)?(?![0-9元块]|\s?(?:元|块|公里)|\[)"),
        _spaced_address, needs_ascii=False),
    # A building, unit and flat with nothing before them (7栋2单元1103), a street and number (中山路288号).
    Rule("ADDRESS", re.compile(r"(?<![0-9])\d{1,3}(?:栋|幢|号楼|座)(?:\s?\d{1,2}单元\s?)?\d{3,4}(?:室|房)?(?![0-9]|\s?[元块万米平个件台]|\s?公里)"
                               r"|" + _PLACE_CHAR + r"{2,6}(?:路|街|大道)\d{1,5}(?:号|弄)(?![院楼柜箱]|店|那家|门店|分店|故障)")),
    # The same said in numerals (中山路二百一十七号附三号, 七栋二单元十二楼一号), and a named
    # compound with its building (云顶山庄9栋, 城西花园三期14栋; a bare 小区 3栋 stays).
    Rule("ADDRESS", re.compile(
        _PLACE_CHAR + r"{1,6}(?:路|街|大道)[零〇一二三四五六七八九十百千两]{1,8}号(?:院|附[一二三四五六七八九十\d]{1,3}号)?"
        # (after a verb or 的 too: 我是三栋二单元九零二的, 住在七栋二单元…; a flat read digit by digit needs no 号)
        r"|(?:(?<![\u4e00-\u9fff\d])|(?<=[是在住到送的]))[一二三四五六七八九十]{1,3}(?:栋|幢|号楼)[一二三四五六七八九十]{1,2}单元"
        r"(?:(?:[一二三四五六七八九十]{1,3}楼)?[零〇一二三四五六七八九十幺]{1,4}(?:号|室)"
        r"|[零〇一二三四五六七八九幺]{3,4}(?![零〇一二三四五六七八九十幺百千万年月日号点个块元]))"
        r"|" + _PLACE_CHAR + r"{2,8}?" + _HOME_COMPOUND + r"(?:[一二三四五六七八九十\d]{1,2}期)?\d{1,3}(?:栋|幢|号楼)"
        r"(?![0-9]|\[)"), needs_ascii=False),
    # A compound's building and unit said in numerals, with the floor or flat after them
    # (锦江花园十四幢三单元六零二室, 长虹小区十九号楼六单元五零二, 桃源居十二栋甲单元十五楼B):
    # a named compound's building, unit and flat or floor is a home (not 物业说三栋二单元, 我们小区五栋三单元,
    # nor a notice about a whole staircase: 翠湖花园三栋二单元明天上午停水).
    Rule("ADDRESS", re.compile(
        r"(?!们|小区|第|这|那|每|各|本|该|楼)" + _PLACE_CHAR + r"{1,10}?" + _COMPOUND +
        r"(?:[一二三四五六七八九十\d]{1,2}期)?" + _CN_BUILDING + _CN_UNIT +
        r"(?:(?:[零〇一二三四五六七八九十两]{1,3}楼)?(?:[零〇一二三四五六七八九幺]{3,4}(?:室|号)?"
        r"|[零〇一二三四五六七八九十]{1,3}号)|[零〇一二三四五六七八九十两]{1,3}楼)(?:[东西南北]户|[A-Z](?![A-Za-z0-9]))?"
        r"(?![零〇一二三四五六七八九十百千万年月日号点个块元])"), needs_ascii=False),
    # A compound's phase, then its building (锦绣花城二期12栋, 翠湖天地2期9座, …3期B区5号楼2单元802):
    # whatever the compound's name ends in, the building ending the clause (not 二期12座城市巡演, 第3期);
    # and a village's group with a house number (红星村五组十八号), not 农村3组数据.
    Rule("ADDRESS", re.compile(
        r"(?!们)" + _PLACE_CHAR + r"{2,8}?(?<!第)(?<!分)[一二三四五六七八九十\d]{1,2}期(?:[A-Za-z东南西北]区)?\d{1,3}(?:栋|幢|号楼|座)"
        r"(?:\d{1,2}单元)?(?:\d{3,4}(?:室|房)?)?(?![0-9])(?=$|[\s,，。!！?？、]|门口|楼下|单元)"
        r"|(?!们)" + _PLACE_CHAR + r"{1,6}村[一二三四五六七八九十\d]{1,3}组[零〇一二三四五六七八九十百\d]{1,4}号"), needs_ascii=False),
    # A home told by a landmark, after a word that sends, places or houses something there
    # (送到人民医院对面的锦华苑3栋, 我家在菜市场旁边那个巷子进去第二家): a landmark, where from it,
    # and a dwelling at the end (not 我在医院旁边的药店买的, 马路对面的工地天天施工). What an earlier
    # rule masked of it (the compound's building) joins it.
    Rule("ADDRESS", re.compile(_LANDMARK_CUE + r"\s*" + _landmark_home(_DWELLING_END)),
         needs_ascii=False, hint="landmark"),
    # At the start of a clause or after 我在 (where one only stands: 学校对面的电影院, 我在医院旁边的
    # 药房), only a numbered dwelling is a home (长途汽车站对面的时代华庭九栋, 加油站对面那个红砖房的二楼).
    Rule("ADDRESS", re.compile(
        r"(?:我在|(?:^|(?<=[\s,，。！？!?；;]))(?![就请麻帮给再还都先把送放寄住搬店])(?=[\u4e00-\u9fff]))\s*"
        + _landmark_home(_DWELLING_NUMBERED)), needs_ascii=False, hint="landmark"),
    # A province, city, county and township where one lives, ending the clause (我住黑龙江省绥化市望奎县
    # 灵山乡; not 产地：云南省普洱市思茅区倚象镇, a product's origin, or a trip to 乌镇), or down to a village
    # committee's group, said however (…松江河镇前进委二十三组): four or five levels down name a home.
    Rule("ADDRESS", re.compile(
        r"(?:住在?|(?<![厂商店作专国大卖东])家在|老家(?:在|是)?|地址(?:是|在)?\s*[:：]?|寄到|送到|发到|收货(?:地|地址)?\s*[:：]?"
        r"|户籍(?:地)?(?:是|在)?)\s*(?P<v>" + _TOWNSHIP + r"(?:" + _VILLAGE_GROUP + r")?)"
        # ending the clause: 镇的营业厅, 镇发布通知 name an office or an authority
        r"(?=$|[\s,，。!！?？;；])"), needs_ascii=False),
    Rule("ADDRESS", re.compile(_TOWNSHIP + _VILLAGE_GROUP + r"(?=$|[\s,，。!！?？;；])"), needs_ascii=False),
    # An address written in English (Room 1203, No. 88 Xianxia Road, Changning District, Shanghai; Flat 5B,
    # 23 Tai Hang Road, Causeway Bay, Hong Kong): from the flat to the last place name, a street or building among them.
    Rule("ADDRESS", re.compile(
        r"(?:Room|Flat|Unit|Apt\.?|Suite|Rm\.?)\s+[0-9A-Z][0-9A-Za-z\-]{0,5}"
        # a numbered street, a housing estate or a district among the parts (not Unit 6, Part A, Main Street; Room 201, Building 3)
        r"(?=(?:,\s*[A-Za-z0-9 .'\-]{1,40}){0,6}?,\s*(?:(?:No\.\s*)?\d{1,5}[A-Za-z]?\s+(?:[A-Z0-9][A-Za-z0-9'\-]*\s+){1,4}"
        r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln)\b|(?:[A-Z][A-Za-z'\-]*\s+){1,4}(?:Estate|District)\b))"
        r"(?:,\s*(?:No\.\s*)?[A-Z0-9][A-Za-z0-9 .'\-]{0,39}(?:(?<=[A-Z]\.)|(?<![ .])))+")),
    # Hong Kong and Macau: no province or city word, street and number first.
    Rule("ADDRESS", re.compile(
        r"(?:香港|澳门|九龙|新界)[\u4e00-\u9fff]{0,12}?(?:道|路|街|里)\d+号"
        r"(?:[\u4e00-\u9fff\dA-Za-z\-]{0,16}?(?:中心|大厦|广场|花园|楼|室|座))*(?:[\dA-Za-z]+室)?")),
    # A Hong Kong public estate's block and flat (观塘秀茂坪宝达邨达喜楼2514室, …楼12楼B室): 邨 names nothing
    # else; a floor alone is a shop or an office in it (杏花邨酒楼3楼宴会厅).
    Rule("ADDRESS", re.compile(
        _PLACE_CHAR + r"{2,12}?邨" + _PLACE_CHAR + r"{1,4}?楼(?:\d{1,2}楼[A-Za-z]室?|(?:\d{1,2}楼)?\d{3,4}[A-Za-z]?室?)(?![0-9号楼]|[年月日个层次])")),
    # An address in English that starts with its street number, after a word that gives it (Ship to: 1234
    # Maple Street, Apt 4B, Seattle, WA 98101; 地址是 45 Collins Street, Melbourne VIC 3000).
    Rule("ADDRESS", re.compile(
        r"(?:[Aa]ddress(?:\s+is|\s+to)?|[Ss]hip(?:ping)?\s+to|[Dd]eliver(?:y)?\s+to|[Ss]end\s+(?:it\s+)?to|地址(?:是|为)?|寄到|送到)"
        # a name between the number and the street word, and a comma or the end after it (not Deliver to
        # 12 Street Food stalls, ship to 7 Eleven Street stores); the places after it in capitalised words
        r"\s*[:：]?\s*(?P<v>\d{1,5}[A-Za-z]?\s+(?:[A-Z0-9][A-Za-z0-9'\-]*\s+){1,4}"
        r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Place|Pl|Court|Ct|Crescent|Terrace)\b\.?"
        r"(?=,|\s*$|[;；。，)]|\.(?:\s|$))(?:,\s*(?:[A-Z][A-Za-z.'\-]+|\d[A-Za-z0-9\-]*)(?:\s+(?:[A-Z][A-Za-z.'\-]+|\d[A-Za-z0-9\-]*)){0,3})*)")),
)

# A Chinese passport number has an unmistakable shape (E/G, 8 digits) even in a
# bare list; an @handle names an account (微博 @小熊不吃鱼_, //@用户名: in reposts, 回复@用户名: in replies).
_SHAPED = (
    ("PASSPORT", re.compile(r"(?<![A-Za-z0-9])[EG][A-Za-z]?\d{7,8}(?![A-Za-z0-9])")),
    ("MESSAGING", re.compile(r"(?<=//@|回复@)(?!所有人|全体成员)" + _NOT_AN_ORGANISATIONS_HANDLE + r"[\u4e00-\u9fffA-Za-z0-9_\-]{2,30}(?=[:：])")),
    # Taobao's default user names (tb_lijuan68, tb_小熊软糖2019)
    ("MESSAGING", re.compile(r"(?<![A-Za-z0-9_])tb_(?=[\u4e00-\u9fffA-Za-z_]*\d)(?:[A-Za-z0-9_]{3,20}|[\u4e00-\u9fff]{1,8}[A-Za-z0-9_]{0,8})(?![A-Za-z0-9_])")),
)

# Lower-case product and version stems that run into a number (ipad2021, mate60, win11).
# Once a turn talks about a messaging account or a passport, a user name
# (xiaowei_2008) or a passport-shaped number (旧的是G29384716) elsewhere in it is one too.
_IN_CONTEXT = (
    ("MESSAGING", re.compile(_MESSAGING_KEY), re.compile(
        r"(?<![A-Za-z0-9_\-.@])[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]*\d[A-Za-z0-9_]*(?![A-Za-z0-9_\-@.])")),
    # ... and so is one in lower case with digits or joined by "_" (the old one: 旧的hongyunfa88登不上了; an
    # agent reading one back: huahua0618对吧), not a product's (ipad2021, mate60) nor a file's name.
    ("MESSAGING", re.compile(_MESSAGING_KEY), re.compile(
        r"(?<![A-Za-z0-9_\-.@/])(?!" + _PRODUCT_STEMS + r")(?:[a-z]{3,}\d{2,}[a-z0-9]*|[a-z]{2,}_[a-z]{2,}(?:_[a-z]+)*)"
        r"(?![A-Za-z0-9_\-@./])")),
    # ... and so is a second number named as the other account (大号是602718439, 群里的号是736152948)
    ("MESSAGING", re.compile(_MESSAGING_KEY), re.compile(r"(?:(?<=大号是)|(?<=小号是)|(?<=群里的号是)|(?<=大号)|(?<=小号))\s?[:：]?\s?\d{5,12}(?![0-9])")),
    ("PASSPORT", re.compile(_PASSPORT_KEY), re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,2}\d{7,10}(?![A-Za-z0-9])")),
    # 台胞证 … 证件号08821637: a permit number of digits only, named as a document number.
    ("PASSPORT", re.compile(_PASSPORT_KEY), re.compile(r"(?<=证件号|号码是|证号是)\d{8,9}(?![0-9A-Za-z])|(?<=证件号:|证件号：)\d{8,9}(?![0-9A-Za-z])")),
    # The last four digits of a mobile sent apart, once the text gave its first seven
    # (电话1577916 … 客户:7944, 新号码是150 7774 … 后面还有5960).
    ("PHONE", re.compile(r"(?:电话|号码|手机号?|打)(?:号码?)?(?:是|为)?\s*[:：]?\s*1[3-9]\d\s?\d{4}(?![0-9])"),
     re.compile(r"(?:(?<=客户:)|(?<=客户：)|(?<=客户: )|(?<=还有)|(?<=剩下)|(?<=后面是))\d{4}(?![0-9年月日号元块个])")),
    # An @handle where the turn says it is a contact (微博私信我 @小熊不吃鱼_); an
    # @brand in a complaint (@京东客服) is left as it is.
    ("MESSAGING", re.compile(r"微博|抖音|小红书|快手|私信|加我|找我|联系我"),
     re.compile(r"(?<=@)(?!所有人|全体成员|[了过你我他她您])" + _NOT_AN_ORGANISATIONS_HANDLE + r"[\u4e00-\u9fffA-Za-z0-9_\-]{2,30}")),
)

# The street part of an address after a masked city/district (JDDC masks only the
# first part: "厦门[地址x] 湖里区 [姓名x]街道高林中路[数字x]号"): segments that end in
# an address word, with spaces and other placeholders, are folded into the mask; not
# across 的 or a pronoun (…九零二的 我家楼上漏水).
_SPEAKER = r"(?:客户|客服|用户|顾客|买家|卖家|商家|坐席)"
_ADDRESS_TAIL = re.compile(
    r"\[ADDRESS\](?:(?:\s|\[(?:NAME|NUM|ADDRESS|ORG)\]|(?![的我你他她家])(?!" + _SPEAKER + r")[\u4e00-\u9fff]|[\dA-Za-z\-#]){0,12}?"
    r"(?:街道|大道|小区|大厦|花园|公寓|广场|单元|区|县|镇|乡|路|街|巷|弄|(?<![税账帐单型编])号|栋|幢|室|楼|村))+"
)

# A flat, shop or unit glued to a masked address (…主楼[ADDRESS]1806, [ADDRESS]塔2705, [ADDRESS]18D,
# [ADDRESS]铺), or read out in numerals after it ([ADDRESS] 五零二); not when a Han character,
# a colon or a dash follows the digits (2023年, 18:00, 100元).
_ADDRESS_FLAT = re.compile(
    r"(?<=\[ADDRESS\])(?:[东南西北][苑区塔座]|[A-Za-z]?塔|出租[屋房](?=\d))?(?:[A-Za-z]?\d{3,5}[A-Za-z]?|\d{1,2}[A-Za-z]|[A-Za-z](?![A-Za-z]))?"
    r"(?:室|铺|仓|社|房|厂房|铺面|库|[东南西北]?户)?(?<!\])(?![0-9A-Za-z\u4e00-\u9fff]|[:：.\-/]\d)"
    r"|(?<=\[ADDRESS\])\s[零〇一二三四五六七八九幺洞]{3,4}(?:(?![\u4e00-\u9fff])|(?=[吗吧呢啊]))"
    # a flat typed apart after it, with a wing before it or not ([ADDRESS] 1808, [ADDRESS] 西塔 2105,
    # [ADDRESS] A12, [ADDRESS] 25-6), where a sentence or a clause ends; not a count (…1号 300 件)
    r"|(?<=\[ADDRESS\])\s(?:[东南西北][塔座区]\s)?(?:[A-Za-z]\d{2,4}|\d{3,5}|\d{1,2}-\d{1,4})[A-Za-z]?"
    r"(?=$|[,，。;；!！?？)）]|\s(?![\d零一二三四五六七八九十百两]*\s?(?:元|块|件|个|天|年|月|日|号|次|分|秒|米|斤|公斤|公里|kg|KG|ml)))"
    # building, unit and flat typed apart after it ([ADDRESS] 8-2-301, [ADDRESS] B座 1203)
    r"|(?<=\[ADDRESS\])\s\d{1,3}-\d{1,2}-\d{3,4}(?![0-9\-])|(?<=\[ADDRESS\])\s?[A-Z]座\s?\d{3,4}(?:室)?(?![0-9])"
    # glued on in numerals, after a Beijing-style 门 (unit) or not ([ADDRESS]三门二零一, [ADDRESS]四〇二)
    r"|(?<=\[ADDRESS\])(?:[一二三四五六七八九十]{1,2}门)?[零〇一二三四五六七八九幺]{3,4}(?![\u4e00-\u9fff0-9])")
# A village's group or hamlet glued to the village ([ADDRESS]何家组, [ADDRESS]西李庄), not 小组 or a 组长;
# only after a village (…路700号工作组, …88号饭庄 name a team and a restaurant at an address).
# The province, city or district typed right before an address masked from the street on
# (福建省泉州市晋江市 [ADDRESS]): they are its first parts.
_ADDRESS_HEAD = re.compile(r"(?:" + _PLACE_CHAR + r"{2,6}?(?:省|自治区))?" + _PLACE_CHAR + r"{2,6}?(?:市|州|盟)"
                           r"(?:" + _PLACE_CHAR + r"{1,6}?(?:区|县|旗|市))?\s?(?=\[ADDRESS\])")
# A compound's name glued before its building masked alone, after a word that sends or houses
# something there (放锦绣江南[ADDRESS], 取件地址是绿地新都会[ADDRESS], 阳光100[ADDRESS]).
_COMPOUND_BEFORE = re.compile(_LANDMARK_CUE + r"\s*(?P<v>(?!隔壁|楼下|楼上|对面|对门|旁边|门口|附近|家里|公司|单位|这|那)" + _PLACE_CHAR + r"{2,8}?\d{0,4}"
                              r"(?:[一二三四五六七八九十\d]{1,2}期)?(?:[东南西北]门)?)(?=\[ADDRESS\])")
# The same parts typed apart from it by spaces or a comma (成都 [ADDRESS], 江苏省南京市鼓楼区,[ADDRESS],
# 就是 苏州工业园区 [ADDRESS]): the places right before it, up to the first word that is none.
# (a comma only after a province, city or district named as such: 发货 广州, [ADDRESS] is where it comes from)
_SPACED_HEAD = re.compile(r"(?P<v>[\u4e00-\u9fff]{2,10}(?:\s[\u4e00-\u9fff]{2,10}){0,3})(?:\s|(?<=[省市区县])\s?[，,]\s?)(?=\[ADDRESS\])")
# In a transcript, a customer's turn that names only a province, a city or a district, right before
# the customer's next turn that gives the rest of an address (客户:合肥市蜀山区 客户:[ADDRESS]): its first parts.
_CUSTOMER_SAYS = r"(?:" + "|".join(_CUSTOMER) + r")\s*[:：]?\s*"
_REGION_TURN = re.compile(r"(?:^|(?<=\s))" + _CUSTOMER_SAYS + r"(?:嗯\s*|就是\s*)?(?P<cue>送到\s*|寄到\s*|我家在\s*|住在\s*)?"
                          r"(?P<v>[\u4e00-\u9fff]{2,8}(?: [\u4e00-\u9fff]{2,8}){0,2})\s+(?=" + _CUSTOMER_SAYS + r"\[ADDRESS\])")
# ... and a customer's turn that gives only the building, unit, floor or flat, once the transcript has
# masked an address or the agent asks for one (客服:几栋? 客户:二期12栋 / 客户:[ADDRESS] 客户:1单元2302).
_NUMBER_SAID = r"(?:[0-9]{1,4}|[零〇一二三四五六七八九十百幺两]{1,5})"
_FLAT_PIECE = (r"(?:" + _NUMBER_SAID + r"\s?(?:栋|幢|号楼|楼|单元|室|层|户|座|期|号)|[东西南北](?:边|户|单元)|[0-9]{1,2}-[0-9]{1,4}"
               r"|" + _NUMBER_SAID + r")")
_FLAT_TURN = re.compile(r"(?:^|(?<=[\s。？?！!，,]))" + _CUSTOMER_SAYS + r"(?:对\s*|嗯\s*|就是\s*)?"
                        r"(?P<v>" + _FLAT_PIECE + r"(?:\s?" + _FLAT_PIECE + r"){0,3})"
                        r"(?=\s*[。.!！]?\s*(?:$|(?:" + _TURN_LABEL + r")\s*[:：]?))")
# (a floor alone is no address: 客服:几楼 客户:三楼)
# (a count of seats, units of a lesson or households is no flat: 7座, 5单元, 120户)
_FLAT_WORD = re.compile(r"栋|幢|号楼|室|单元\s?(?:[0-9]{3,4}|[零〇一二三四五六七八九幺两]{3,4})")
_ROOM_NUMBER = re.compile(r"(?:^|\s|[^0-9零〇一二三四五六七八九十百幺两])(?:[0-9]{3,4}|[零〇一二三四五六七八九幺两]{3,4})$")
# The turn right before: who spoke and what was said.
_LAST_TURN = re.compile(r"(?:^|(?<=[\s。？?！!，,]))(?P<who>" + _TURN_LABEL + r")\s*[:：]?"
                        r"(?P<said>(?:(?!(?:" + _TURN_LABEL + r")\s*[:：]).)*)$")
# (the question ends the agent's turn: 地址记下了,您的取件码是? asks for a code)
_ASKS_FOR_A_FLAT = re.compile(r"(?:几栋|几幢|几号楼|哪栋|哪一栋|房号|房间号|门牌号?|几单元|地址)(?:是|呢|是多少|多少|是什么|说一下)?[?？]?$")
_FLAT_ANSWER = re.compile(r"栋|幢|号楼|单元|室")
_ABOUT_AN_ADDRESS = re.compile(r"地址|寄到哪|送到哪|寄哪|送哪|住哪|住在哪|家在哪|在哪(?!个)")
_DISTRICT = re.compile(r"[\u4e00-\u9fff]{1,5}(?:区|县|市|旗)")
# A campus or a compound named right after the street number that ends a masked address (…74号黑龙江大学,
# …3399号虹桥天地); after a city or a district alone ([ADDRESS]医院) it is a public place's name.
_ADDRESS_CAMPUS = re.compile(r"(?<=\[ADDRESS\])(?:(?![的我你他她家])[\u4e00-\u9fff]){0,8}?(?:大学|学院|校区|天地|宿舍|家属院)")
# The way in from a lane that ends a masked address, to the door ([ADDRESS]子进去第二家, [ADDRESS]里 左手边第四家).
_ADDRESS_WAY_IN = re.compile(r"(?<=\[ADDRESS\])子?(?:进去|往里走?|里)?\s?(?:左手边?|右手边?|左边|右边)?\s?"
                             r"第[一二三四五六七八九十\d]{1,2}(?:家|户|间|栋)")
_ADDRESS_HAMLET = re.compile(r"(?<=\[ADDRESS\])(?!小组)[\u4e00-\u9fff]{1,3}?(?:组|庄|屯)(?![长员织合件成])")
_VILLAGE_END = re.compile(r"(?:村|乡|镇|委|社区)$")

# The rest of a phone number said in pieces, next to a piece already masked (an
# extension is not personal data, as in the other sets): the last digits sent apart (后面是 九五七三, 客户:0283), a prefix
# said before a self-correction (幺三九 然后 …); and a mobile's first digits after a
# phone word (手机号 159, 前半截1590271), which the pieces after it then join.
_PIECE = _CN_DIGIT_CLASS + r"(?:\s?" + _CN_DIGIT_CLASS + r"){1,7}"
_MOBILE_START = r"[1一幺]\s?[3-9三四五六七八九](?:\s?" + _CN_DIGIT_CLASS + r"){1,5}"
_PIECE_END = (r"(?!\s?[" + _CN_DIGIT_CLASS[1:-1] + r"年月日号点时分秒元块个台件次天周岁期楼栋层])"
              r"(?=$|[\s,，。.!！?？、;；\[]|[对嗯啊吧哦呢哈])")
_PHONE_PIECES_AROUND = (
    re.compile(r"\[PHONE\](?:\s|[,，.。…、:：]|然后|后面是?|后四位是?|最后|剩下的?|还有|再加"
               r"|[嗯对是]|(?:客户|用户|顾客)[:：]|中间){0,5}?(?P<v>" + _PIECE + r")" + _PIECE_END),
    re.compile(r"(?<![0-9A-Za-z])(?P<v>" + _MOBILE_START + r")(?:\s|[,，]|不对|然后|嗯|等一下|我看一下|[对是]){1,6}\[PHONE\]"),
    re.compile(r"(?:手机号?码?|电话(?:号码?)?|号码|前半截|前半段|前面几位|先记)(?:是|为)?\s*[:：]?\s*"
               r"(?P<v>" + _MOBILE_START + r")" + _PIECE_END),
    # a wrong start said at the start of a turn, or after 是 or a phone word, before a longer pause or a
    # correction (客户 一五九 说错了 是一三九…, 是 一七七……呃……); not a price or a size before a number
    # (价格159啊 138…, 尺码选的 165 呃 138…)
    re.compile(r"(?:^|(?<=[是码话机:：])|(?<=[是码话机:：]\s)|(?<=(?:客户|用户|顾客)\s))(?P<v>" + _MOBILE_START + r")"
               r"(?:\s|[,，.。…]|不对|不是|然后|嗯|呃|啊|等一下|我看一下|说错了|[对是]){1,16}\[PHONE\]"),
)
# A mobile said in pieces with words between them (电话138开头,后面是5527 4409, 电话是138(这是前三位)
# 2096(中间)5521, 13571......026384): runs of digits in one sentence, a few
# characters apart, that make up one mobile number together, with a phone word right before them
# or a word that counts a number's digits between them (然后, 后面, 尾号 join amounts as often).
# Not a decimal, a date, a price or a count.
_DIGIT_RUN = re.compile(r"(?<![0-9A-Za-z])(?<!\d\.)\d+(?: \d+)*(?![0-9A-Za-z])"
                        r"(?!\s?[年月日号点时分秒元块个台件次天周岁期楼栋层%:：])")
_PIECE_GAP = re.compile(r"[^0-9A-Za-z。！？!?\n\[\]]{1,14}")
_PIECE_WORD = re.compile(r"开头|前[三四七347]位|后[四八48]位|中间[四4]位|[.…·]{2,}")
_PHONE_WORD_BEFORE = re.compile(r"(?:电话|手机号?|号码|联系方式|前[三四七347]位)(?:号码?)?(?:是|为)?\s*[:：]?\s*$")


def _mobile_in_pieces(text: str) -> Iterator[list[tuple[int, int]]]:
    runs = list(_DIGIT_RUN.finditer(text))
    for i, first in enumerate(runs):
        digits = first.group(0).replace(" ", "")
        if not re.fullmatch(r"1[3-9]\d{1,6}", digits) or _named_an_order(first, text):
            continue
        pieces, cued = [first], bool(_PHONE_WORD_BEFORE.search(text, max(0, first.start() - 10), first.start()))
        for following in runs[i + 1:]:
            gap = text[pieces[-1].end():following.start()]
            if len(digits) >= 11 or not _PIECE_GAP.fullmatch(gap):
                break
            cued |= bool(_PIECE_WORD.search(gap))
            digits += following.group(0).replace(" ", "")
            pieces.append(following)
        if len(pieces) > 1 and len(digits) == 11 and cued:
            yield [(piece.start(), piece.end()) for piece in pieces]


# A resident ID or a bank card given in pieces, in one sentence or over the turns of a transcript, in
# digits or numerals (前六位500103 中间19910814 后四位5521; 客户:130102 客户:198610 客户:254811; 客服 嗯
# 客户 六二二八 客户 四八零三 …): pieces a few characters apart whose digits, put together, carry the
# check digit of an ID (with a province code and a birth date) or, on a text that speaks of a card, pass Luhn. One
# grouping of unrelated numbers in ten passes Luhn by chance; one in eleven an ID's check, and then
# only with a valid date in it.
_NUMBER_PIECE = re.compile(rf"(?<![0-9A-Za-z¥￥$])[0-9{SPOKEN_DIGITS}](?:\s?[0-9{SPOKEN_DIGITS}])*(?:\s?[Xx叉])?(?![0-9A-Za-z])"
                           r"(?!\s?[年月日号点时分秒元块个台件次天周岁期楼栋层%:：])(?!\.\d{1,3}(?![\dXx]))")
# pieces with only a separator between them are one value typed in groups: one span
_GROUP_SEPARATOR = re.compile(r"[\s\-.·]{1,2}")
# The province codes a resident ID starts with.
_ID_REGION = re.compile(r"1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5]|71|8[12]")
_NUMBER_PIECE_GAP = re.compile(r"[^0-9A-Za-z。！？!?\n\[\]]{1,14}")
_ANY_DIGIT = re.compile(rf"[0-9{SPOKEN_DIGITS}]")
_CARD_WORD = re.compile(r"卡|[Cc]ard|CARD")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _checked_number_pieces(text: str, apart_by_words: bool = False) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """With `apart_by_words`, only values whose pieces have words between them (客户 六零六二三四八七叉 …
    嗯 …): read before the rules for whole numbers, which would take a long piece for a phone."""
    if len(_ANY_DIGIT.findall(text)) < 16:
        return
    runs = []
    for run in _NUMBER_PIECE.finditer(text):
        value = run.group(0)
        # a numeral or two inside a word (一下, 第二次, 三四天) is no piece
        if not re.search(r"\d", value) and len(value) < 3 and (
                _HAN.match(text, run.end()) or (run.start() and _HAN.match(text, run.start() - 1))):
            continue
        runs.append(run)
    run_digits = [_digits(run.group(0)) for run in runs]
    card_text = bool(_CARD_WORD.search(text))
    i = 0
    while i < len(runs):
        if _ORDER_WORDS.search(text, max(0, runs[i].start() - 10), runs[i].start()):
            i += 1  # pieces of an order or a waybill number (快递单 前六位 430102 …)
            continue
        digits, found = "", None
        for j in range(i, len(runs)):
            if j > i and not _NUMBER_PIECE_GAP.fullmatch(text, runs[j - 1].end(), runs[j].start()):
                break
            if len(run_digits[j]) >= 15:
                break  # a whole number by itself: the rules for whole numbers decide on it
            digits += run_digits[j]
            if len(digits) > 19:
                break
            if j == i:
                continue
            if len(digits) == 18 and digits[:17].isdigit() and _ID_REGION.match(digits) \
                    and _ID_DATE.fullmatch(digits[6:14]) and _id_checksum(digits):
                found = ("ID", j)
            elif digits.isdigit() and len(digits) >= 16 and _luhn(digits) and (card_text or digits.startswith("62")):
                found = ("BANKCARD", j)
        if found and apart_by_words and any(_GROUP_SEPARATOR.fullmatch(text, runs[k].end(), runs[k + 1].start())
                                            or not text[runs[k].end():runs[k + 1].start()].strip(" ,，、")
                                            for k in range(i, found[1])):
            found = None
        if found:
            kind, last = found
            pieces = [(runs[i].start(), runs[i].end())]
            for run in runs[i + 1:last + 1]:
                if _GROUP_SEPARATOR.fullmatch(text, pieces[-1][1], run.start()):
                    pieces[-1] = (pieces[-1][0], run.end())
                else:
                    pieces.append((run.start(), run.end()))
            yield kind, pieces
            i = last + 1
        else:
            i += 1


# An id typed with spaces inside it (微信 Rain_ Day_ 33, 加Q 401 726 938): the pieces
# right after a masked id that hold a digit or "_" belong to it.
_MESSAGING_REST = re.compile(r"\[MESSAGING\]\s(?P<v>[A-Za-z0-9_]*[0-9_][A-Za-z0-9_]*(?:\s[A-Za-z0-9_]*[0-9_][A-Za-z0-9_]*)?)"
                             r"(?![A-Za-z0-9_@.])(?!\s?[年月日号点时分秒元块个台件次天])")

# A value given in pieces across the turns of a transcript, after a turn that asks for
# or names its field (客服:请问您的联系电话 客户:嗯 幺五幺 客户:二七零四 …, 客户:车牌 粤A
# 客户:D0987): each later customer turn that is nothing but a piece of that value.
# A chat export may glue the next label to the end of a sentence (客服:请问卡号?客户:436742).
_TURN = re.compile(rf"(?:(?<=\s)|(?<=[。？?！!])|^)(?P<who>{_SPEAKER})\s*[:：]\s*(?P<body>.*?)"
                   rf"(?=\s+{_SPEAKER}\s*[:：]|(?<=[。？?！!]){_SPEAKER}\s*[:：]|$)", re.S)
# Speech-recognition output often drops the colon (客户 六二二八 客服 嗯 客户 四八零三): a label
# standing alone between spaces; read so only when the text has no label with a colon.
_BARE_TURN = re.compile(rf"(?:(?<=\s)|^)(?P<who>{_SPEAKER})\s+(?P<body>.*?)(?=\s+{_SPEAKER}\s|$)", re.S)


def _transcript_turns(text: str) -> re.Pattern[str] | None:
    """How the text's speaker turns are written, if it has at least two."""
    if _TURN.search(text, 1):
        return _TURN
    if _BARE_TURN.search(text, 1):
        return _BARE_TURN
    return None
_FIELDS = tuple((kind, re.compile(words)) for kind, words in (
    ("EMAIL", r"邮箱|[Ee]-?mail|EMAIL"),
    ("PASSPORT", _PASSPORT_KEY),
    ("PLATE", r"车牌"),
    ("MESSAGING", r"微信号|[vV][xX]号|(?<![A-Za-z])(?:QQ|qq)号|扣扣号|企鹅号|抖音号|快手号|钉钉号|小红书号|支付宝(?:账号|账户|帐号)|旺旺号"
                  r"|(?<![A-Za-z])(?:[Ll]ine|LINE)的?(?:ID|id|号|账号)|[Tt]elegram的?(?:ID|id|号|账号)|微博(?:名|号)|淘宝(?:账号|帐号|会员名)"),
    # a bare 微信 or QQ is as often how one pays: a field only when an agent asks for it (方便留个微信吗)
    # (qq 点 com is an e-mail's domain)
    ("MESSAGING_ASKED", r"微信|[vV][xX]|(?<![A-Za-z])(?:QQ|qq)(?!\s*(?:点|\.|dot|DOT))|扣扣"),
    ("ID", r"身份证|证件号"),
    # a shop's own cards (会员卡号, 礼品卡号) are no bank card
    ("BANKCARD", r"(?<!会员)(?<!礼品)(?<!购物)(?<!充值)(?<!积分)(?<!优惠券)卡号|银行卡"),
    # 号码 of an order, waybill, invoice, room or another field's number is no phone
    ("PHONE", r"电话|手机号码?|(?<![单票间员卡证照牌箱])号码|新号|联系方式"),
    # an address told part by part (客服:请问您的收货地址 客户:无锡市滨湖区 客户:[ADDRESS]); a shop's,
    # a warehouse's or a return address is asked for as 退货地址 or 仓库地址 and given by the agent
    ("ADDRESS", r"(?<!退货)(?<!仓库)(?<!门店)(?<!邮箱)(?<!网)(?<!寄回)(?<!发货)(?<!寄件)(?<!售后)(?<!公司)地址|住址|哪个小区|几栋几单元"
                r"|门牌号"),
))
# What may follow the field's word for the turn to ask for or give that field: a
# question or request (请问您的电话, 车牌号多少, 邮箱发一下), nothing, or the value.
_FIELD_ASKED = re.compile(r"(?:是|为)?(?:多少|什么|几号)?(?:呢|呀|啊|吗)?[?？。.!！]*"
                          # asked with the reason after it (您的微信号是多少我加您发一下图片)
                          r"|(?:是|为)?多少(?![钱个天次年岁块元号位])[,，]?[\u4e00-\u9fff]{1,12}[?？。.!！]*"
                          # where, or asked again in more detail (收货地址哪里, 地址麻烦详细一点, 地址再确认一下)
                          r"|(?:在|是)?(?:哪里|哪儿)(?:呢|呀|啊)?[?？。.!！]*"
                          r"|(?:麻烦|请)?(?:您)?(?:再)?(?:说得?|写得?)?(?:详细|确认|核对)(?:一下|一点|点)?[?？。.!！]*"
                          r"|(?:能|可以|麻烦|请)?(?:发|报|给|说|念|告诉|提供|留)(?:一下|下)?(?:给)?(?:我|我们|你|您)?"
                          r"(?:了|吧|呢|吗)?[?？。.!！]*")
# A part of a home address as it is answered to 地址: a name and its address word (无锡市, 滨湖区,
# 梁溪路, 碧桂园), or a number with or without its word (28号, 3栋, 2单元, 1502). The answer is made of
# such parts only: a sentence around them (我忘了是几号楼, 上次寄到隔壁村, 订单尾号是8832) is no address.
# (都 only in a place's name: 成都市, 郫都区, 都江堰)
_ADDRESS_PART_CHAR = r"(?:(?![我你他她您们的是在了吗呢吧啊不没问看等忘寄放装住说到去那这哪个得想要就还再也把给被让找取])(?!都(?![市区县江]))[\u4e00-\u9fffA-Za-z])"
_ADDRESS_PART = (r"(?:" + _ADDRESS_PART_CHAR + r"{1,10}?(?:省|市|区|县|镇|乡|街道|路|段|街|巷|弄|村|组|小区|花园|家园|苑|园|城|大厦"
                 r"|公寓|宿舍|邨)|" + "(?!军区|部队|学校|单位|机关|医院|工厂|公司|政府)" + _ADDRESS_PART_CHAR + r"{2,10}?(?:大院|家属院)|(?<=号)大院"
                 # a plaza, centre or tower only with its floor or room after it (运达国际广场二十二楼; 五一广场 is anyone's)
                 r"|" + _ADDRESS_PART_CHAR + r"{1,10}?(?:广场|中心|大楼)(?=[\s\-,，、]?[A-Za-z]?[\d零〇一二三四五六七八九十百幺两])|[A-Za-z]?[\d零〇一二三四五六七八九十百幺两]{1,6}[A-Za-z]?(?:号楼|号|栋|幢|楼|单元|室|期|座|户|组|门)?"
                 r"|\d{1,3}-\d{1,4})")
_FIELD_PIECE = {
    "PHONE": re.compile(rf"[0-9{SPOKEN_DIGITS}](?:\s?[0-9{SPOKEN_DIGITS}]){{2,10}}"),
    "ID": re.compile(rf"[0-9{SPOKEN_DIGITS}](?:\s?[0-9{SPOKEN_DIGITS}]){{2,17}}[Xx]?|[0-9]{{2,3}}[Xx]"),
    "BANKCARD": re.compile(rf"[0-9{SPOKEN_DIGITS}](?:\s?[0-9{SPOKEN_DIGITS}]){{3,18}}"),
    "PASSPORT": re.compile(rf"[A-Za-z](?:\s?[A-Za-z])?(?:\s?[0-9{SPOKEN_DIGITS}]){{0,9}}|[0-9{SPOKEN_DIGITS}](?:\s?[0-9{SPOKEN_DIGITS}]){{2,8}}"),
    # a plate's tail holds a digit (TESLA is no plate)
    # a plate whole or in parts, its characters said one by one (桂A 大写的K 八 五 一 四, 粤A,D,五 八)
    "PLATE": re.compile(rf"[{_PLATE_PROVINCES}]\s?{_PLATE_CHARACTER_SAID}(?:[\s,，]{{0,2}}{_PLATE_CHARACTER_SAID}){{0,6}}[港澳]?"
                        rf"|(?=[A-Za-z\s大写小的,，]*[0-9{SPOKEN_DIGITS}]){_PLATE_CHARACTER_SAID}(?:[\s,，]?{_PLATE_CHARACTER_SAID}){{3,5}}[港澳]?"),
    # an account: Latin letters with digits or "_" (not a version, v2.0), or a QQ number of five digits
    # or more (a price after 微信 or 支付宝 is no account)
    "MESSAGING": re.compile(r"(?![vV]?\d+(?:\.\d+)+$)(?=[A-Za-z0-9_.\-]*[A-Za-z])(?=[A-Za-z0-9_.\-]*[0-9_])"
                            r"[A-Za-z0-9_][A-Za-z0-9_.\-]{3,29}|\d{5,12}|(?=(?:\d ?){5,12}$)\d{2,5}(?: \d{2,5}){1,3}"
                            # a QQ number read out in numerals, a few at a time (客户:三八七 客户:零二二 …)
                            rf"|[{SPOKEN_DIGITS}]{{3,12}}"
                            # an id given a part at a time: a part after "_" (客户:shine 客户:_0512), letters and
                            # digits or numerals said apart (w j 1314, w x 一 九 九 零 l x, l i n 下划线 h a o 八 八)
                            r"|_[A-Za-z0-9_]{1,29}|(?=.*\d)[A-Za-z0-9_]{1,12}(?: [A-Za-z0-9_]{1,12}){1,5}"
                            rf"|(?=.*[0-9{SPOKEN_DIGITS}])(?:[A-Za-z0-9_{SPOKEN_DIGITS}]|下划线)(?:[\s,，]{{1,2}}(?:[A-Za-z0-9_{SPOKEN_DIGITS}]{{1,12}}|下划线)){{2,20}}"
                            # letters said one by one and joined by 点 or 下划线 (t a i p e i 下划线 m e i, f e n g 点 y u n)
                            r"|[A-Za-z](?: [A-Za-z]){1,15} (?:下划线|点)(?: [A-Za-z0-9]){2,15}"
                            # a QQ number said in groups (三八七,五零二,九一六四)
                            rf"|(?=(?:[^0-9{SPOKEN_DIGITS}]*[0-9{SPOKEN_DIGITS}]){{5,12}}[^0-9{SPOKEN_DIGITS}]*$)[0-9{SPOKEN_DIGITS}]{{2,6}}(?:[\s,，]{{1,2}}[0-9{SPOKEN_DIGITS}]{{2,6}}){{1,4}}"),
    # a part of a home address: ends in an address word, or is a building or flat
    "ADDRESS": re.compile(_ADDRESS_PART + r"(?:(?:[\s\-]|[,，、]\s?)?" + _ADDRESS_PART + r")*"),
    # a piece of an address: with @, a dot, "_" or a digit, or a lower-case user name
    "EMAIL": re.compile(rf"@?[A-Za-z0-9._\-]*[@._0-9][A-Za-z0-9._\-@]*"
                        rf"|[a-z]{{2,20}}[0-9{SPOKEN_DIGITS}]{{2,12}}"
                        rf"|(?=.*(?:@|艾特|(?<![A-Za-z])at\s|点\s?(?:com|cn|net|org)))(?:[A-Za-z0-9._\-@{SPOKEN_DIGITS}]|艾特|点|下划线|\s)+"),
}
# Parts that are an id's or an e-mail's only when more of it follows in the next customer turns: a
# lower-case word, a letter or digit alone (客户:w 客户:x 客户:19900214lx), a user name a word at a time
# or in numerals before its domain (客户 pan 客户 jing 客户 艾特 一二六 点 com); alone they are as often
# a reply (客户:okok, 客户:haha, 客户:emm).
_LEADING_PIECE = {
    "MESSAGING": re.compile(r"(?!(?:okay|yes|thx|thanks|hello|sorry|wait|haha|hhhh|emmm*|none|null)$)[a-z]{4,20}|[A-Za-z0-9]"),
    "EMAIL": re.compile(rf"[a-z]{{3,20}}|[{SPOKEN_DIGITS}]{{3,12}}|[A-Za-z0-9_.](?:\s[A-Za-z0-9_.{SPOKEN_DIGITS}]{{1,12}}){{1,30}}"),
}
# What shows that the rest follows: an id's part with a digit or "_", an e-mail's domain.
_FOLLOWED_BY = {
    "MESSAGING": re.compile(r"\[MESSAGING\]"),
    "EMAIL": re.compile(r"@|艾特|(?<![A-Za-z])at\s|点\s?(?:com|cn|net|org)|\[EMAIL\]"),
    # a province alone, before the letter in the next turn (客户:京 客户:Q 客户:三七二八幺)
    "PLATE": re.compile(r"^(?:(?:大写|小写)的?\s?)?[A-Za-z]|^\[PLATE\]"),
}


def _rest_follows(turns: list[re.Match[str]], i: int, field: str) -> bool:
    """Whether the customer turns right after turn `i`, each a part of the value, show that
    the rest of it follows (see `_LEADING_PIECE`)."""
    for turn in turns[i + 1:i + 6]:
        if turn.group("who") not in _CUSTOMER:
            return False
        value = _FILLED_VALUE.fullmatch(turn.group("body")).group("value")
        if _FOLLOWED_BY[field].search(value) or (field == "MESSAGING" and _FIELD_PIECE[field].fullmatch(value)):
            return True  # (an id's part with a digit or "_" is a whole piece: 客户:w 客户:x 客户:19900214lx)
        if field == "PLATE" or not (_LEADING_PIECE[field].fullmatch(value) or _FIELD_PIECE[field].fullmatch(value)):
            return False
    return False
# A turn's value between the fillers said before it and the punctuation after it.
_HAS_NONE = re.compile(r"没|不|无|忘")
_PUBLIC_PLACE_ASKED = re.compile(r"商场|商店|营业厅|网点|现场|景点|景区|医院|门诊|诊所|机构|会场|活动|采样点|取票|开会|门店|店铺|店的|公司|单位|学校|银行|仓")
# A customer who offers an account and gives it next (客户:加个微信吧 客服:好的您说 客户:cherry_).
_ADD_ME = re.compile(r"加(?:我|个|下|一下)?的?\s*(?:微信|[vV][xX]|QQ|qq|扣扣)(?:吧|呗|啊|哈)?[。.!！]*$")
_FILLED_VALUE = re.compile(r"(?:(?:嗯|呃|啊|额|那个|就是|是|对|可以|好的|不是|等下|等一下|前面是?|开头是?|后面是?|然后|吧|(?:写|填|留)的是?|的话是?"
                           r"|前[三四六七]位是?|中间(?:是生日)?是?|最后(?:一位|四位)?是?|后[四八]位是?)"
                           r"[\s,，.。…]*)*(?P<value>.*?)[\s,，.。…]*", re.S)
_PLACEHOLDER_ONLY = re.compile(r"(?:\[[A-Z]+\]\s?)+")
_NAME_OR_ADDRESS_MASKED = re.compile(r"\[(?:NAME|ADDRESS)\]")
# An agent's turn that only asks the customer to go on (嗯 您说) keeps the field open.
_GO_ON = re.compile(r"(?:嗯|好|好的|对)?\s*[,，]?\s*(?:您说|请说|您继续|请继续|继续|还有呢|后面呢|然后呢)[。.]?")
# How many digits and letters a whole value of the field has (a plate counts its province). Until the
# pieces add up to the fewest, an agent's bare 嗯 keeps the field open (客户:电话[PHONE] 客服:嗯
# 客户:二零三七); once they do, it closes it, so a price said after a whole number stays. A piece
# shorter than the field's pieces (客户:343 after four groups of a card, 客户:7L of a plate) is taken
# only as the rest of a value begun, and only while it does not make the value too long.
_WHOLE_LENGTH = {"PHONE": (11, 12), "ID": (18, 18), "BANKCARD": (16, 19), "PASSPORT": (8, 10), "PLATE": (7, 8)}
_VALUE_CHARACTER = re.compile(rf"[0-9A-Za-z{SPOKEN_DIGITS}{_PLATE_PROVINCES}叉]")
_MM_HUM = re.compile(r"(?:嗯|嗯嗯|好|好的|对|嗯好|嗯对)[。.，,]?")
_SHORT_PIECE = {
    kind: re.compile(rf"[0-9{SPOKEN_DIGITS}](?:\s?[0-9{SPOKEN_DIGITS}]){{0,2}}") for kind in ("PHONE", "BANKCARD", "PASSPORT")
} | {
    "ID": re.compile(rf"[0-9{SPOKEN_DIGITS}](?:\s?[0-9{SPOKEN_DIGITS}]){{0,2}}(?:\s?[Xx叉])?|[Xx叉]"),
    "PLATE": re.compile(rf"[{_PLATE_PROVINCES}]|(?:(?:大写|小写)的?\s?)?[A-Za-z]|(?=.*[0-9{SPOKEN_DIGITS}])[0-9A-Za-z{SPOKEN_DIGITS}](?:\s?[0-9A-Za-z{SPOKEN_DIGITS}]){{1,2}}"),
}


# (with the end of its street, which the address's tail is folded into later: [ADDRESS]段四百七十八号,…)
# (a city and a zone alone, 杭州 西湖景区, name no home)
_STREET_OR_NUMBER = re.compile(r"[镇乡村组路街巷弄]|[\d零一二三四五六七八九十百]+(?:号|栋|幢|楼|室|单元)")
_ADDRESS_MASKED_FIRST = re.compile(r"\[ADDRESS\](?:[^\s,，、\[\]]{0,10}?(?:号|段|路|街|巷|弄|栋|楼|室))?[,，、\s]+")
# A city named without 市 before the parts of an address (成都 郫都区 犀浦镇 百草路), known to the tagger as a place.
_CITY_APART = re.compile(r"(?P<city>[\u4e00-\u9fff]{2,4})\s")
# A value an agent reads back (客服:387022915 after 客户:三八七 客户:零二二 客户:九一五): a run of its
# characters that spells what the pieces spelled, in whatever digits and spacing.
_READ_BACK = re.compile(rf"[0-9A-Za-z{SPOKEN_DIGITS}{_PLATE_PROVINCES}叉](?:[\s\-._]?[0-9A-Za-z{SPOKEN_DIGITS}{_PLATE_PROVINCES}叉])*")


def _spelled(value: str) -> str:
    return "".join(CN_DIGITS.get(ch, "X" if ch == "叉" else ch.upper()) for ch in _VALUE_CHARACTER.findall(value))


def _spelled_masked(original: str) -> str:
    """As `_spelled`, where a placeholder in the text itself (cleaned a second time) stands for a whole value."""
    return _spelled(PLACEHOLDER_TOKEN.sub("X" * 20, original))


def _field_pieces(masked: str, original: str, pieces, turns: re.Pattern[str] = _TURN) -> Iterator[Span]:
    """Pieces of a value whose field a turn asked for or gave (see `_FIELDS`), each in a
    customer turn of its own, until a turn says anything else. `original` and `pieces`
    (from `_Spans.render`) tell how long the pieces masked already were."""
    field, spelled = None, ""
    all_turns = list(turns.finditer(masked))
    for i, turn in enumerate(all_turns):
        body, start = turn.group("body"), turn.start("body")
        customer = turn.group("who") in _CUSTOMER
        if not customer and field is not None and len(spelled) >= 5:
            for run in _READ_BACK.finditer(body):
                if _spelled(run.group(0)) == spelled:
                    yield start + run.start(), start + run.end(), field
        named = [(m.end(), kind) for kind, words in _FIELDS for m in words.finditer(body)]
        if named:
            end, field = max(named)
            spelled = ""
            if field == "ADDRESS" and _PUBLIC_PLACE_ASKED.search(body, 0, end):
                field = None  # 商场地址是哪里, 活动现场的地址: a public place's, not the customer's
                continue
            if customer and _HAS_NONE.search(body, 0, end):
                field = None  # 我没邮箱, 不用微信: nothing follows
                continue
            rest = re.match(r"(?:号码|号|地址|账号|帐号|是|为|[:：\s])*", body[end:])
            body, start = body[end + rest.end():], start + end + rest.end()
            if field == "MESSAGING_ASKED":
                asked = not customer and body and _FIELD_ASKED.fullmatch(body)
                field = "MESSAGING" if asked or (customer and _ADD_ME.search(turn.group("body"))) else None
                continue
            if _FIELD_ASKED.fullmatch(body):
                if customer and "吗" in body:
                    field = None  # the customer asks a question (可以打电话吗), gives nothing
                continue  # asked for, or named alone: the value follows
            if not customer:
                field = None  # named in passing (电话已记录,请问您买了几件)
                continue
        elif field is None:
            continue
        elif not customer:
            fewest, _ = _WHOLE_LENGTH.get(field, (0, 0))
            if not (_GO_ON.fullmatch(body) or (0 < len(spelled) < fewest and _MM_HUM.fullmatch(body))):
                field = None
            continue
        filled = _FILLED_VALUE.fullmatch(body)
        value_start, value = start + filled.start("value"), filled.group("value")
        if _PLACEHOLDER_ONLY.fullmatch(value) and not _NAME_OR_ADDRESS_MASKED.search(value.replace(f"[{field}]", "")):
            if f"[{field}]" in value:
                o_start, o_end = _to_original(pieces, value_start, value_start + len(value))
                spelled += _spelled_masked(original[o_start:o_end])
            continue  # masked already (a piece of this value, an order): the rest may follow
        _, most = _WHOLE_LENGTH.get(field, (0, 0))
        if field == "ADDRESS" and (head := _ADDRESS_MASKED_FIRST.match(value)) and _FIELD_PIECE[field].fullmatch(value, head.end()):
            yield value_start + head.end(), value_start + len(value), field  # [ADDRESS],水南花园三栋五零二: the rest after it
            continue
        if field == "ADDRESS" and (city := _CITY_APART.match(value)) and names.is_place(city.group("city")) \
                and _FIELD_PIECE[field].fullmatch(value, city.end()) and _STREET_OR_NUMBER.search(value, city.end()):
            yield value_start, value_start + len(value), field  # 成都 郫都区 …: a city, then the parts of an address
            continue
        if value and (_FIELD_PIECE[field].fullmatch(value)
                      or (spelled and len(spelled + _spelled(value)) <= most and field in _SHORT_PIECE
                          and _SHORT_PIECE[field].fullmatch(value))
                      or (field in _LEADING_PIECE and _LEADING_PIECE[field].fullmatch(value) and _rest_follows(all_turns, i, field))
                      or (field == "PLATE" and not spelled and value in _PLATE_PROVINCES and _rest_follows(all_turns, i, field))):
            spelled += _spelled(value)
            yield value_start, value_start + len(value), field
        elif (parts := _parts_of_a_value(value, field, spelled, most,
                                         paused=bool(_PAUSED.match(body, filled.end("value"))))) is not None:
            if not parts:
                spelled += _spelled(value)[:1]  # E 开头: the value's first letter, told before the rest
            for part_start, part_end in parts:
                spelled += _spelled(value[part_start:part_end])
                yield value_start + part_start, value_start + part_end, field
        else:
            field = None


# Within one turn, a value said in parts with a pause, a filler or a wrong start between them and a word on
# it after (粤A D 七 七,呃,重新说,粤A D 七 七 三 八 六,新能源的; 湘A 八 八......然后九 D 二; 浙A 幺 二 三 四 五,浙江的浙).
_BETWEEN_PARTS = re.compile(r"(?:\s*(?:[,，、。]|\.{2,}|…+)\s*|\s*(?:然后|后面是?|接着是?)\s*"
                            rf"|\s+(?=(?![{SPOKEN_DIGITS}]|下划线|点|杠|艾特)[\u4e00-\u9fff]))+")
# a few words on the value (L是大写的, 中间有个点, 新能源的, 是个绿牌) or a filler (呃, 重新说): no numerals (零三,
# 一五是我下单日期 is a date), no question back (三八七,五零二,这是你们工号吗), no other number named
_WORDS_ON_A_VALUE = re.compile(r"(?![^\n]*(?:[二三四五六七八九零〇两幺洞拐]|一(?![下个点会])|吗|呢|什么|怎么|是不是|日期|时间|订单|单号|工号|验证码|价格|钱))"
                               r"(?:[A-Za-z]是)?[\u4e00-\u9fff]{1,8}")


_PAUSED = re.compile(r"[\s,，]*(?:…|\.{2,})")
_STARTS_WITH = re.compile(r"\s*(?:开头|打头)")
# An id or e-mail said in parts with words after it: only said one character at a time (Z H Y 零 八 一 二
# 大写的); iPhone 15 大的那个, KS2024 后面是 0001 name a product or an order.
_SAID_BY_CHARACTER = re.compile(rf"[A-Za-z0-9_{SPOKEN_DIGITS}](?:\s(?:[A-Za-z0-9_{SPOKEN_DIGITS}]|下划线|点))+")


def _parts_of_a_value(value: str, field: str, spelled: str, most: int, paused: bool) -> list[tuple[int, int]] | None:
    """The parts of a value in `value`; None when anything in it is neither a part nor a few words, or
    nothing in it is a part (an empty list: only what the value starts with, the field stays open).
    A value of a known length must be whole in the parts that end it, with what earlier turns gave
    (2024 年,5 月,20 号 is a date, 400 800,然后 8888 a hotline, not an ID or a phone)."""
    if field == "ADDRESS":
        return None  # an address's parts are words themselves (杭州 西湖景区 names no home): see above
    before, parts, lengths, position, starts_with, words, masked_part = spelled, [], [], 0, False, False, False
    for cut in [*_BETWEEN_PARTS.finditer(value), None]:
        end = cut.start() if cut else len(value)
        part = value[position:end]
        said = _spelled(part)
        if PLACEHOLDER_TOKEN.fullmatch(part):
            masked_part = True
        elif part:
            if len(said) < 2 and _STARTS_WITH.match(value, end):
                starts_with = True  # E 开头 tells what the value starts with: no part of it
            elif (_FIELD_PIECE[field].fullmatch(part) or (
                    spelled and field in _SHORT_PIECE and _SHORT_PIECE[field].fullmatch(part)
                    and len(spelled + said) <= most)) \
                    and (field in _WHOLE_LENGTH or _SAID_BY_CHARACTER.fullmatch(part)):
                parts.append((position, end))
                lengths.append(len(said))
                spelled += said
            elif _WORDS_ON_A_VALUE.fullmatch(part):
                words = True
            else:
                return None
        position = cut.end() if cut else end
    # (a turn of nothing but parts that breaks off (C,然后六 八 二 一......) is continued in the next; parts masked
    # already have a length unknown here)
    if field in _WHOLE_LENGTH and parts and (words or not paused) and not masked_part:
        fewest, _ = _WHOLE_LENGTH[field]
        if not (fewest <= len(before) + sum(lengths) <= most
                or any(fewest <= sum(lengths[i:]) <= most for i in range(len(lengths)))):
            return None
    return parts if parts or starts_with else None


Span = tuple[int, int, str]
_ASCII = re.compile(r"[0-9A-Za-z@]")
# One cheap test per family of rules instead of running each of them.
_HINTS = {
    "email": re.compile(r"[@#＃]|\b(?:at|AT)\b|[(\[<{]\s*(?:at|AT)|艾特|圈\s?[aA]|小老鼠"),
    "link": re.compile(r"/"),
    "messaging": re.compile(_MESSAGING_KEY),
    "passport": re.compile(_PASSPORT_KEY),
    "landmark": re.compile(_LANDMARK_WHERE),
}


class _Spans:
    """Non-overlapping spans over one text, and the text with them masked."""

    def __init__(self, text: str):
        self.text = text
        self.taken = bytearray(len(text))
        self.spans: list[Span] = []

    def free(self, start: int, end: int) -> bool:
        return start < end and not any(self.taken[start:end])

    def add(self, start: int, end: int, kind: str | None) -> bool:
        if not self.free(start, end):
            return False
        self.taken[start:end] = b"\x01" * (end - start)
        if kind is not None:  # None reserves text that must stay as it is
            self.spans.append((start, end, kind))
        return True

    def render(self) -> tuple[str, list[tuple[int, int, int, int]]]:
        """Masked text and its pieces: (masked start, end, original start, end, is placeholder)."""
        out, pieces, pos, at = [], [], 0, 0
        for start, end, kind in sorted(self.spans):
            if start > pos:
                out.append(self.text[pos:start])
                pieces.append((at, at + start - pos, pos, start, False))
                at += start - pos
            token = f"[{kind}]"
            out.append(token)
            pieces.append((at, at + len(token), start, end, True))
            at += len(token)
            pos = end
        if pos < len(self.text):
            out.append(self.text[pos:])
            pieces.append((at, at + len(self.text) - pos, pos, len(self.text), False))
        return "".join(out), pieces


def _to_original(pieces, start: int, end: int) -> tuple[int, int]:
    """Map a range of the masked text back to the original, widening to whole placeholders."""
    o_start = o_end = None
    for m_start, m_end, s, e, placeholder in pieces:
        if o_start is None and m_start <= start < m_end:
            o_start = s if placeholder else s + (start - m_start)
        if m_start < end <= m_end:
            o_end = e if placeholder else s + (end - m_start)
    return o_start, o_end


def _mask_on_rendered(spans: _Spans, find) -> None:
    """Add what `find` sees in the masked text, mapped back to the original, until
    nothing new is found: each span masked can put the next one beside a placeholder
    (a phone piece beside [PHONE], a name beside [NAME]), so a second cleaning finds nothing.
    `find` is given the masked text and its pieces (see `_Spans.render`)."""
    for _ in range(4):
        masked, pieces = spans.render()
        added = False
        for start, end, kind in find(masked, pieces):
            o_start, o_end = _to_original(pieces, start, end)
            if o_start is not None and o_end is not None:
                added |= spans.add(o_start, o_end, kind)
        if not added:
            return


def _phone_and_messaging_pieces(masked: str):
    for kind, patterns in (("PHONE", _PHONE_PIECES_AROUND), ("MESSAGING", (_MESSAGING_REST,))):
        for pattern in patterns:
            for match in pattern.finditer(masked):
                yield match.start("v"), match.end("v"), kind


def find_pii(text: str) -> list[Span]:
    """Personal data in a normalised turn, as sorted non-overlapping (start, end, KIND) spans."""
    spans = _Spans(text)
    for match in JDDC_TOKEN.finditer(text):
        spans.add(match.start(), match.end(), JDDC_PLACEHOLDERS[match.group(1)])
    has_ascii = bool(_ASCII.search(JDDC_TOKEN.sub("", text) if spans.spans else text))
    for kind, pieces in _checked_number_pieces(text, apart_by_words=True):
        if all(spans.free(start, end) for start, end in pieces):
            for start, end in pieces:
                spans.add(start, end, kind)
    hints: dict[str, bool] = {}
    for rule in RULES:
        if rule.needs_ascii and not has_ascii:
            continue
        if rule.hint is not None:
            if rule.hint not in hints:
                hints[rule.hint] = bool(_HINTS[rule.hint].search(text))
            if not hints[rule.hint]:
                continue
        view = text
        if rule.around_taken and any(spans.taken):
            view = "".join("\x00" if taken else ch for ch, taken in zip(text, spans.taken))
        for match in rule.pattern.finditer(view):
            kind = rule.decide(match, view) if rule.decide else rule.kind
            if kind is None:
                continue
            group = "v" if "v" in rule.pattern.groupindex and match.group("v") else 0
            start, end = match.start(group), match.end(group)
            if isinstance(kind, tuple):  # the rule decided the span too
                kind, start, end = kind
            if kind == "ADDRESS" and not spans.free(start, end):
                # An address running into a number already taken ends there, as it
                # will when the text is cleaned again and the number is a placeholder.
                end = spans.taken.find(b"\x01", start, end)
                if not any(s <= end < e for s, e, _ in spans.spans):
                    continue  # it runs into what a KEEP rule reserved: a public place's address
                while end > start and text[end - 1].isspace():
                    end -= 1
            spans.add(start, end, None if kind == "KEEP" else kind)
    for kind, shape in _SHAPED:
        if has_ascii or kind == "MESSAGING":
            for match in shape.finditer(text):
                spans.add(match.start(), match.end(), kind)
    for kind, keyword, shape in _IN_CONTEXT:  # a second id of the kind the turn already talks about
        if (has_ascii or "@" in text) and keyword.search(text):
            for match in shape.finditer(text):
                spans.add(match.start(), match.end(), kind)
    for kind, pieces in _checked_number_pieces(text):
        if all(spans.free(start, end) for start, end in pieces):
            for start, end in pieces:
                spans.add(start, end, kind)
    for pieces in _mobile_in_pieces(text):
        if all(spans.free(start, end) for start, end in pieces):
            for start, end in pieces:
                spans.add(start, end, "PHONE")
    turns = _transcript_turns(text)
    if turns is not None:  # a transcript: at least two speaker turns
        _mask_on_rendered(spans, lambda masked, pieces: _field_pieces(masked, text, pieces, turns))
    if "[PHONE]" in text or any(kind in ("PHONE", "MESSAGING") for *_, kind in spans.spans) \
            or _PHONE_PIECES_AROUND[2].search(text):
        _mask_on_rendered(spans, lambda masked, _: _phone_and_messaging_pieces(masked))
    _join_neighbours(spans, "MESSAGING")
    if "[MESSAGING]" in text or any(kind == "MESSAGING" for *_, kind in spans.spans):
        _mask_on_rendered(spans, lambda masked, _: [(*m.span("v"), "MESSAGING") for m in _CORRECTED_ID.finditer(masked)])
    for kind in ("BANKCARD", "ID"):
        _join_neighbours(spans, kind, _COMMA_IN_A_NUMBER)
    _mask_repeats(spans)
    # The rules see a cue; the learned tagger (if shipped) scores names without one.
    tagger = name_model.active()
    def names_in(masked: str) -> list[tuple[int, int]]:
        found = names.find_names(masked) + (tagger.find(masked) if tagger else [])
        return found + names.hesitated_surnames(masked, found)
    _mask_on_rendered(spans, lambda masked, _: [(start, end, "NAME") for start, end in names_in(masked)])
    if "[ADDRESS]" in text or any(kind == "ADDRESS" for *_, kind in spans.spans):
        masked, pieces = spans.render()
        for match in _ADDRESS_TAIL.finditer(masked):
            _fold_into_address(spans, *_to_original(pieces, match.start(), match.end()))
        masked, pieces = spans.render()
        for match in _ADDRESS_FLAT.finditer(masked):
            if match.group(0).strip():
                _fold_into_address(spans, *_to_original(pieces, match.start() - len("[ADDRESS]"), match.end()))
        masked, pieces = spans.render()
        for match in _ADDRESS_HEAD.finditer(masked):
            head_start = _to_original(pieces, match.start(), match.end())[0]
            _fold_into_address(spans, head_start, _to_original(pieces, match.end(), match.end() + len("[ADDRESS]"))[1])
        masked, pieces = spans.render()
        for match in _COMPOUND_BEFORE.finditer(masked):
            building_start, building_end = _to_original(pieces, match.end(), match.end() + len("[ADDRESS]"))
            if text[building_start:building_start + 1].isdigit():
                _fold_into_address(spans, _to_original(pieces, match.start("v"), match.end("v"))[0], building_end)
        masked, pieces = spans.render()
        for match in _SPACED_HEAD.finditer(masked):
            words = match.group("v").split()
            places = 0
            while places < len(words) and _only_regions(words[len(words) - 1 - places]):
                places += 1
            if places:
                head = " ".join(words[len(words) - places:])
                head_start = match.end("v") - len(head)
                _fold_into_address(spans, _to_original(pieces, head_start, match.end("v"))[0],
                                   _to_original(pieces, match.end(), match.end() + len("[ADDRESS]"))[1])
        masked, pieces = spans.render()
        for match in _REGION_TURN.finditer(masked):
            # (only where an address is asked for or given: 客服:您买的是什么车? 客户:长城 names no place of the customer's)
            last = _LAST_TURN.search(masked[:match.start()].rstrip())
            about_an_address = match.group("cue") or (last and _ABOUT_AN_ADDRESS.search(last.group("said")))
            if about_an_address and _only_regions(match.group("v")):
                _fold_into_address(spans, *_to_original(pieces, match.start("v"), match.end("v")))
    if _transcript_turns(text) is not None:
        _mask_on_rendered(spans, _flat_turns)
    if "[ADDRESS]" in text or any(kind == "ADDRESS" for *_, kind in spans.spans):
        masked, pieces = spans.render()
        for match in _ADDRESS_CAMPUS.finditer(masked):
            address_start, address_end = _to_original(pieces, match.start() - len("[ADDRESS]"), match.start())
            if text[address_end - 1:address_end] == "号":
                _fold_into_address(spans, address_start, _to_original(pieces, match.start(), match.end())[1])
        masked, pieces = spans.render()
        for match in _ADDRESS_WAY_IN.finditer(masked):
            lane_start, lane_end = _to_original(pieces, match.start() - len("[ADDRESS]"), match.start())
            if text[lane_end - 1:lane_end] in ("巷", "弄", "同", "里"):  # a lane: 巷, 弄, 胡同, 永安里
                _fold_into_address(spans, lane_start, _to_original(pieces, match.start(), match.end())[1])
        masked, pieces = spans.render()
        for match in _ADDRESS_HAMLET.finditer(masked):
            village_start, village_end = _to_original(pieces, match.start() - len("[ADDRESS]"), match.start())
            if _VILLAGE_END.search(text[village_start:village_end]):
                _fold_into_address(spans, village_start, _to_original(pieces, match.start(), match.end())[1])
    _join_neighbours(spans, "ADDRESS")  # parts typed apart and masked apart (…东海街道 东海湾小区 3号楼 801)
    return sorted(spans.spans)


_DIGIT_OR_NUMERAL = re.compile(r"\d|[" + SPOKEN_DIGITS + r"]{2}")
_REPEATED_KINDS = ("PHONE", "MESSAGING", "EMAIL", "ID", "BANKCARD", "PASSPORT", "PLATE")


_ASCII_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _standing_alone(value: str, text: str):
    """Starts of `value` in `text` with no ASCII letter or digit against either end: a
    search, not a pattern compiled per value (one per masked value overflowed the regex cache)."""
    at = text.find(value)
    while at != -1:
        end = at + len(value)
        if not (at and text[at - 1] in _ASCII_ALNUM) and text[end:end + 1] not in _ASCII_ALNUM:
            yield at
            at = text.find(value, end)
        else:
            at = text.find(value, at + 1)


# An id said again corrected, or offered as the other one it may be, after an id masked
# (微信号[MESSAGING]不对不对,是zxy1126; [MESSAGING] 吧,还是qiqi5927): only an id that mixes
# letters with digits or "_", never a word.
_CORRECTED_ID = re.compile(r"\[MESSAGING\][^\[\]]{0,10}?(?:不对|说错了|错了|还是|或者)[^\[\]A-Za-z0-9]{0,8}?"
                           r"(?P<v>" + _LOOSE_ID + r")(?![A-Za-z0-9_@.])")


def _mask_repeats(spans: _Spans) -> None:
    """A number or an id with digits said again in the same text (the agent reading it back:
    坐席 wei xiao bao 八八 是吧) is masked as the first one was. A handle without digits
    (//@海南航空: … 海南航空) is as often an organisation named again, and stays; so does an
    @handle, which the @ rules decide on wherever it stands."""
    for start, end, kind in list(spans.spans):
        value = spans.text[start:end]
        if kind not in _REPEATED_KINDS or len(value.replace(" ", "")) < 6 or not _DIGIT_OR_NUMERAL.search(value) \
                or spans.text[start - 1:start] == "@":
            continue
        for again in _standing_alone(value, spans.text):
            spans.add(again, again + len(value), kind)
    # ... and the same value said again in other digits or spacing (z h a o 幺 二 三 四 五 … zhao12345 是吧,
    # 抖音号是幺二八 九七三 四零六 … 128973406对吧, m e i 点 s h o p 点 h k … mei.shop.hk)
    said = {_spelled(spans.text[start:end]): kind for start, end, kind in spans.spans if kind in _REPEATED_KINDS}
    said = {value: kind for value, kind in said.items() if len(value) >= 6 and re.search(r"\d", value)}
    if said:
        for run in _READ_BACK.finditer(spans.text):
            kind = said.get(_spelled(run.group(0)))
            if kind and (run.start() == 0 or spans.text[run.start() - 1] != "@"):
                spans.add(run.start(), run.end(), kind)


# A card or an ID read out in one go, its groups apart by commas (六二一四,八三四四,五二五四,…).
_COMMA_IN_A_NUMBER = re.compile(r"\s?[,，]\s?")


def _join_neighbours(spans: _Spans, kind: str, gap: re.Pattern[str] | None = None) -> None:
    """One span for the pieces of one value typed with spaces (XiaoMa 0827 → one [MESSAGING]),
    so the space between them is not left standing as if it were not part of the id; with
    `gap`, pieces apart by what it matches too."""
    ordered = sorted(s for s in spans.spans if s[2] == kind)
    for (a_start, a_end, _), (b_start, b_end, _) in zip(ordered, ordered[1:]):
        between = spans.text[a_end:b_start]
        if b_start >= a_end and (not between.strip() or (gap is not None and gap.fullmatch(between))):
            spans.spans.remove((a_start, a_end, kind))
            spans.spans.remove((b_start, b_end, kind))
            spans.taken[a_end:b_start] = b"\x01" * (b_start - a_end)
            spans.spans.append((a_start, b_end, kind))
            return _join_neighbours(spans, kind, gap)


def _fold_into_address(spans: _Spans, start: int, end: int) -> None:
    """One ADDRESS span from start to end, in place of the spans wholly inside it; no fold
    where the range holds anything else taken: what a KEEP rule reserved (a public place's
    address: 新校区在[reserved] must stay) or a span reaching out of it."""
    inside = [s for s in spans.spans if s[0] >= start and s[1] <= end]
    if sum(spans.taken[start:end]) > sum(e - s for s, e, _ in inside):
        return
    for span in inside:
        spans.spans.remove(span)
    spans.taken[start:end] = b"\x00" * (end - start)
    spans.add(start, end, "ADDRESS")


def mask_pii(text: str, counts: Counter | None = None) -> str:
    """Replace personal data by typed placeholders such as ``[PHONE]``."""
    found = find_pii(text)
    if not found:
        return text
    spans = _Spans(text)
    for start, end, kind in found:
        spans.add(start, end, kind)
        if counts is not None:
            counts[kind] += 1
    return spans.render()[0]
