"""Person names in a turn: jieba's part-of-speech tagger plus context rules.

A name is masked where the context says a person is named: a label (收件人：,
姓名, 户名, 乘机人), a self-introduction (我叫, 我是), a relative (我老公, 我妈妈),
an honorific after a surname (王先生 → [NAME]先生; the honorific stays, it
carries politeness and gender, not identity), or a name standing next to other
personal data in a record (张伟 / [PHONE]). jieba decides where a name ends;
a surname list (not a name dictionary) decides where one may start.

An agent's own work nickname (我是客服小王, 在线客服阿杰) is not masked: it names
a role on the shift, not a person outside it, and it starts with 小/阿, not a
surname. Staff numbers (工号1234) stay for the same reason.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pipeline.text.numerals import SPOKEN_NUMBER_CHARACTERS

# Common Chinese surnames (single and compound). Characters that are mostly
# function words in chat (和, 但, 由, 都, 来, 那, 时, 向, 成, 单 ...) are left out:
# after a cue they start a sentence far more often than a name.
SINGLE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫"
    "孔汤常温康施文牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕"
    "季裴霍涂苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝赖丘"
    "封谈匡鞠惠荆冀郁胥班储栗燕楚鄢劳谌奚皮粟冼蔺闻厉伊仝郜阚权屠朴盖廉禹井祖漆巴丰卿狄宣晋扈晁芮"
    "阙浦戈伏鹿薄邸雍辜羊乌裘亓邰赫杭况逯隆茹诸慕嵇哈湛宾戎勾茅揭尉冶斯束檀昝衡尧阎傅洪"
    # rare surnames of the Hundred Family Surnames that are no word of chat (笪, 厍, 訾 ...; not 萧,
    # which 萧山 makes a place as often)
    "厍笪訾宓禚仉菅庹蒯隗逄缑郄亢郗郏谯禤璩邴眭郦郇佴酆殳芈钭琚竺荀闾糜聿邛麴蒉隰濮"
)
COMPOUND_SURNAMES = frozenset((
    "欧阳", "上官", "司徒", "诸葛", "司马", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "宇文", "长孙",
    "夏侯", "端木", "独孤", "南宫", "西门", "轩辕", "申屠", "太史", "呼延", "闻人", "万俟", "濮阳", "澹台",
    "公冶", "宗政", "单于", "仲孙", "钟离",
))
HONORIFICS = (
    "先生", "女士", "小姐", "太太", "夫人", "阿姨", "叔叔", "大爷", "大妈", "老师", "同学", "师傅", "经理",
    "主管", "主任", "总监", "工程师", "律师", "医生", "护士", "教授", "老板", "总", "姐", "哥",
    "大姐", "大哥", "小哥", "科长", "店长", "队长", "班长", "护士长", "婶", "姨", "教练", "会计", "大夫", "警官", "阿婆",
)
# Formal titles after which even a surname that is mostly a common word (单, 成,
# 时) is a surname: 单先生 names a person, 单手 does not reach this rule.
_FORMAL_TITLES = ("先生", "女士", "小姐", "太太", "夫人")
_AMBIGUOUS_SURNAMES = frozenset("单成时向明原海国平花信全应商云水南普和宿寿区")
# After these the next words name a person outright.
# Form labels: after them the next words name a person outright.
_LABEL_CUES = (
    "收件人", "收货人", "寄件人", "联系人", "紧急联系人", "姓名", "名字", "全名", "户名", "开户名", "收款人",
    "乘机人", "乘客", "旅客", "机主", "车主", "业主", "投诉人", "代收人", "签收人", "下单人",
    "报名人", "入住人", "持卡人", "英文名", "名字拼音", "姓名拼音", "名前", "护照名", "拼音名", "甲方", "乙方",
    "落款", "署名",
    "Guest", "guest", "Passenger", "passenger", "Holder", "holder",
)
# People named by their role in the case (申请人傅嘉琪, 快递员马志远, 对方叫…).
_ROLE_NOUNS = (
    "申请人", "订购人", "报案人", "转账人", "取件人", "取车人", "投保人", "被保险人", "监护人", "开户人", "托运人",
    "乘车人", "订房人", "预订人", "出行人", "经办人", "负责人", "委托人", "领取人", "付款人", "购买人", "报修人",
    "快递员", "配送员", "快递小哥", "骑手", "司机", "学员", "店员", "业务员", "安装工", "维修工", "师傅是", "对方",
    "代办人", "代理人", "理赔员", "查勘员", "外卖员", "送货员", "收银员", "营业员", "网格员", "楼长",
)
# Words that label a name only in a form, with a colon or a space after them
# (客户：熊建华), and are ordinary words otherwise (客户申请退款).
_FIELD_CUES = ("客户", "用户", "买家", "卖家", "家属", "实名", "抬头", "顾客", "客人", "信息", "name", "Name", "NAME",
               "contact")
_SELF_CUES = ("我叫", "叫", "名叫", "我是", "本人", "免贵姓", "我姓", "姓", "改成", "改为")
_RELATIVE_CUES = (
    "老公", "老婆", "丈夫", "妻子", "爱人", "媳妇", "妈妈", "母亲", "爸爸", "父亲", "婆婆", "公公", "岳母",
    "岳父", "女儿", "儿子", "朋友", "同事", "弟弟", "哥哥", "姐姐", "妹妹", "外婆", "奶奶", "爷爷",
    "侄子", "侄女", "外甥", "外甥女", "孙子", "孙女", "表哥", "表姐", "表弟", "表妹", "堂哥", "堂弟", "嫂子",
    "舅舅", "姑姑", "室友", "邻居", "同学", "领导", "闺蜜", "男朋友", "女朋友", "对象",
    "姥姥", "姥爷", "外公", "孩子", "家长", "助理",
)
_SURNAME_CLASS = "[" + "".join(sorted(SINGLE_SURNAMES)) + "]|" + "|".join(COMPOUND_SURNAMES)
_HAN = r"[\u4e00-\u9fff]"
_SEPARATOR = r"[\s,，、/|｜:：;；()（）\"'=<>]"
_SENTENCE_END = r"[。！？!?…~～]|吗"  # after a name too: 是侯文静吗, 户名余欣然!!
_LABEL_SEPARATOR = r"[\s:：\"'=]"
_FIELD_WORDS = "|身份证号?|电话|手机号?|护照号?|证件号?|号码|邮箱|卡号"
_OUR_PLACEHOLDER = r"\[(?:PHONE|EMAIL|MESSAGING|ID|PASSPORT|PLATE|BANKCARD|ADDRESS|ORDER|NAME)\]"

# Who speaks, at the start of a line of a transcript (客户：… 客服：…).
_SPEAKER_LABEL = re.compile(r"(?:(?<=\s)|^)(?:客户|客服|用户|顾客|买家|卖家|商家|坐席)\s*[:：]", re.M)
# Every cue starts with one of these: a position whose character is not among
# them is skipped at once (the alternation below is slow to try everywhere).
_CUE_FIRST = "".join(sorted({w[0] for w in _LABEL_CUES + _FIELD_CUES + _RELATIVE_CUES + _ROLE_NOUNS}
                            | set("人免我姓叫名本改写填")))
_CUE = re.compile(
    rf"(?=[{re.escape(_CUE_FIRST)}])(?:(?P<label>{'|'.join(sorted(_LABEL_CUES, key=len, reverse=True))})\d?(?:姓名)?(?:\(拼音\))?(?:{_LABEL_SEPARATOR}|是|为|个人)*"
    rf"|(?P<record>(?:{'|'.join(_FIELD_CUES)}|(?<=[\u4e00-\u9fff])人)(?:[:：=]|】)\s*(?:个人\s*)?)"
    rf"|(?P<surname_only>(?:免贵姓|(?<![百贵个])姓)(?![名氏]))"
    rf"|(?P<named>(?:(?<=[他她我方人员个位工主手字家])叫|名叫)\s*)"
    rf"|(?P<self>我是|本人|改成|改为|写成|写给|填写?|写的是?|{'|'.join(_FIELD_CUES[:6])})"
    rf"|(?P<role>(?:{'|'.join(_ROLE_NOUNS)})(?:是|[:：]\s*)?)"
    rf"|(?P<relative>(?:{'|'.join(_RELATIVE_CUES)}|我[妈爸哥姐弟妹](?![妈爸哥姐弟妹])|(?<=[和跟与])我)(?:叫|是)?))"
)
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){1,2}(?![A-Za-z])")
_TRANSLITERATED = re.compile(rf"{_HAN}{{2,5}}·{_HAN}{{2,5}}")
_NOT_IN_DOTTED_NAME = frozenset("的是在了我你他她和与跟给叫说位个有")
_DOTTED_CHAR = rf"(?:(?![{''.join(sorted(_NOT_IN_DOTTED_NAME))}]){_HAN})"
# A dotted name stands where a name can end: a separator, the end, or what a person does
# next (吐尔逊的订单, 哈斯木是我爱人); a product title runs on (詹姆斯球衣有没有, 赫本同款).
_DOTTED = re.compile(rf"{_DOTTED_CHAR}{{2,6}}(?P<dot>·){_DOTTED_CHAR}{{2,5}}(?:·{_DOTTED_CHAR}{{2,5}})*"
                     r"(?=$|[\s,，。！？!?、:：;；()（）\"'“”]|[的是说在也帮已让跟和给把要签收])")
_DOTTED_WORD_FREQ = 20
# Passport and ticket spelling of a name: ZHANG/XIAOLIN.
_TRAVEL_NAME = re.compile(r"(?<![A-Za-z0-9/\]\-])[A-Z]{2,}/[A-Z]{2,}(?: [A-Z]{2,})?(?![A-Za-z0-9/])")
_TRAVEL_CONTEXT = re.compile(r"护照|机票|乘机|登机|航班|拼音|英文|姓名|名字|[Pp]assport|PASSPORT|[Nn]ame|NAME")
# After a strong cue and up to a separator, a name need not start with a listed
# surname (次仁央宗, 扎西顿珠, 普文斌): any 2-4 characters that are no common word.
_ANY_DELIMITED = re.compile(rf"{_HAN}{{2,4}}(?=$|{_SEPARATOR}|\[)")
_AMBIGUOUS_TITLED = re.compile(
    rf"(?<![\u4e00-\u9fff])[{''.join(sorted(_AMBIGUOUS_SURNAMES))}](?={'|'.join(_FORMAL_TITLES)})")
# What may follow a name's last character that jieba cut off: the clause's end, or 的 and a
# relative (王梓 + 涵的妈妈: the parent of a child named in full).
_CLAUSE_OR_KIN_AFTER = re.compile(rf"$|{_SEPARATOR}|{_SENTENCE_END}|\[|的(?:妈妈|爸爸|家长|母亲|父亲|奶奶|爷爷|外婆|姥姥)")
# Word classes no name without a listed surname holds (jieba's tags): verbs, prepositions,
# adverbs, pronouns, particles, conjunctions.
_NOT_IN_A_DELIMITED_NAME = ("d", "p", "c", "r", "u")
_NOT_IN_AN_UNLISTED_NAME = ("v", "p", "d", "r", "u", "c")
_NAME_START = re.compile(rf"{_HAN}|[A-Z][A-Za-z]+ [A-Z]")
# After a weak cue (我是, 朋友) only a surname, listed or ambiguous, can start a name.
_SURNAME_START = re.compile(rf"(?:{_SURNAME_CLASS})|[{''.join(sorted(_AMBIGUOUS_SURNAMES))}]|{_HAN}{{2,5}}·")
_PARTLY_MASKED = re.compile(rf"(?:{_SURNAME_CLASS})(?:\*\*(?!\*)|\*{_HAN}|\*(?![\u4e00-\u9fff*]))")
_ANY_HONORIFIC = re.compile("|".join(HONORIFICS))
_HONORIFIC_CANDIDATE = re.compile(rf"(?:{_SURNAME_CLASS}){_HAN}{{0,2}}?(?:{'|'.join(HONORIFICS)})")
# A name standing next to other masked data in a record: [ID] 段晓峰 / 黄磊，[PHONE].
# A platform's half-masked mobile (1353319**, 138****6621) next to a name in a
# recipient record: 梁晓思1353319**, 朱朱 1314948**, …1321063**郭奉文.
_MASKED_MOBILE = r"(?<![0-9])1[3-9]\d{1,5}\*{2,4}\d{0,4}(?![0-9*])"
_RECORD_CANDIDATES = (
    re.compile(rf"{_OUR_PLACEHOLDER}{_SEPARATOR}+(?P<name>(?:{_SURNAME_CLASS}){_HAN}{{1,3}})(?=$|{_SEPARATOR}|\[)"),
    re.compile(rf"(?P<name>(?:{_SURNAME_CLASS}){_HAN}{{1,3}})(?={_SEPARATOR}+(?:{_FIELD_WORDS}){_SEPARATOR}*{_OUR_PLACEHOLDER})"),
    re.compile(rf"{_MASKED_MOBILE}{_SEPARATOR}*(?P<name>(?:{_SURNAME_CLASS}){_HAN}{{1,3}})(?=$|{_SEPARATOR}|\[)"),
    re.compile(rf"(?P<name>(?:{_SURNAME_CLASS}){_HAN}{{1,3}})(?={_SEPARATOR}*{_MASKED_MOBILE})"),
)
_FORM_WORDS = frozenset(("Passport", "No", "Name", "Tel", "Phone", "Mobile", "Email", "Address", "Order", "Date",
                         "Dear", "Holder", "Card", "Number", "Account", "Customer", "Service"))
# Countries and places written in title case after a masked value (passport [PASSPORT], United States).
_PLACE_WORDS = frozenset(("United", "States", "Kingdom", "Republic", "America", "China", "Japan", "Korea", "Canada",
                          "Australia", "Zealand", "Singapore", "Malaysia", "Hong", "Kong", "Macau", "Macao", "Taiwan",
                          "Germany", "France", "Street", "Road", "Avenue", "City", "District"))
# Words of products, shops, teams and greetings written in title case (Apple Store, Sales Team,
# iPhone Pro Max, Good Morning): no person's name holds them.
_NOT_A_PERSONS_WORDS = frozenset((
    "Store", "Team", "Support", "Center", "Centre", "Pro", "Max", "Plus", "Air", "Mini", "Ultra", "Lite", "Edition",
    "Group", "Company", "Shop", "Mall", "Studio", "Club", "Bank", "Hotel", "Pay", "Music", "Cloud", "Home", "Watch",
    "Phone", "Book", "Pad", "Box", "Care", "Online", "Official", "Express", "Delivery", "Global", "International",
    "Design", "Office", "Day", "Morning", "Night", "You", "Birthday", "Happy", "Thank", "Love", "Good", "New", "Year",
    "Christmas", "The", "And", "Of", "Series", "Model", "Galaxy", "Note", "Mate", "Edge", "Smart", "Jordan", "Food",
    "Eats", "Drive", "Play", "Manager", "Sales", "Director", "Department", "Assistant", "Officer", "Engineer", "Lead",
    "Leader", "Head", "Specialist", "Representative", "Desk"))
# where a Latin name a weak cue introduced ends (我是Andrew Ho, / 客户Anna Petrova说; not 我是Microsoft Teams的用户)
_AFTER_A_LATIN_NAME = re.compile(rf"$|\s*(?:[,，、/|｜:：;；()（）]|{_SENTENCE_END}|[和与跟及说是在都也要让])")
_LATIN_AFTER_PLACEHOLDER = re.compile(rf"{_OUR_PLACEHOLDER}{_SEPARATOR}+(?P<name>[A-Z][a-z]+(?: [A-Z][a-z]+){{1,2}})(?![A-Za-z])")
# A romanised full name right after a word that names a person, or anywhere in a
# turn about a passport. Pinyin in capitals (PARK JIHOON, ZHENG LIMING) after any
# such word; title case (Emily Carter) only after one that names nothing else:
# after 客户 or 老师 it is as often a brand or a course (Apple Store, Good Morning).
_LATIN_PERSON_CUE = re.compile(
    r"(?:(?<![A-Za-z])(?:[Nn]ame|NAME|Dear|Guest|Mrs?\.?|Ms\.?|Miss|[Cc]ontact [Pp]erson)|外籍人士|拼音|英文名|配偶"
    r"|太太|丈夫|司机|收件人|收货人|持卡人|乘客|旅客|籍)\s*(?:is\s+)?[:：,，]?\s*")
# Chinese words for a person's role before a Latin name (我老板Jason Tan让…, 客户Anna Petrova说, 发给Emily Wong,):
# a product or a service is as often named after them (我老板Microsoft Teams登不上, 客户Royal Caribbean的船票),
# so the name must end where a person's name does (see _AFTER_A_LATIN_NAME); not 叫 or 帮 (叫Uber Eats, 帮Google Play充值).
_LATIN_ROLE_CUE = re.compile(r"(?:老板|先生|老公|老婆|同事|助理|部门的|客人|客户|学员|老师|发给)\s*")
_LATIN_PERSON_AFTER = re.compile(r"是我们的?|是我的|答应")  # not 帮我 or 告诉我: Google Assistant帮我
_LATIN_TITLED_SURNAME = re.compile(r"(?<![A-Za-z])(?:Mrs?|Ms|Miss|Dr)\.?\s(?P<s>[A-Z][a-z]+)(?![A-Za-z])(?!\s[A-Z])")
_CAPITALS_CUE = re.compile(r"(?:客户|客人|老师|助理|叫)\s*[:：,，]?\s*")
_LATIN_FULL_NAME = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+){1,3}(?![A-Za-z])|[A-Z]{2,}(?: [A-Z]{2,}){1,2}(?![A-Za-z])")
_PASSPORT_CONTEXT = re.compile(r"护照|[Pp]assport|PASSPORT")
# Asking for a person (找丁晓雨就行): only a word jieba itself tags as a name follows.
_ASKED_FOR = re.compile(r"(?<![寻查])找(?=[\u4e00-\u9fff])")
_LIST_NEXT = re.compile(rf"(?:[、和与跟及]|以及)(?P<name>(?:{_SURNAME_CLASS}))")
_WINDOW = 8  # characters tagged after a cue: a name and what ends it
# A surname spelled out on the phone: 查是查字典的查, 严 严格的严 (a word holding it, then
# 的 and the character), or by its parts: 侯是单人旁那个侯, 覃 西字头一个早.
_EXPLAINED_BY_WORD = re.compile(
    rf"(?:(?<![\u4e00-\u9fff])|(?<=[姓是叫]))(?P<s>{_SURNAME_CLASS})(?=(?:是|就是|\s|[,，])+(?=[\u4e00-\u9fff]{{2,4}}的)[\u4e00-\u9fff]{{0,3}}(?P=s)"
    r"[\u4e00-\u9fff]{0,3}的(?P=s))")
_EXPLAINED_BY_PARTS = re.compile(
    rf"(?:(?<![\u4e00-\u9fff])|(?<=[姓是叫]))(?P<s>{_SURNAME_CLASS})(?=(?:\s|是|就是)+(?:[^\s，,。！？]{{1,6}}\s?)?"
    r"(?:[^\s，,。！？]{1,3}(?:旁|字头|字底)|下面一个|上面一个|加个|加一个))")
# 老 or 小 before a surname, after a word that points at a person (转告老黄, 邻居小周, 送货的老余人,
# 让老唐下来拿, 问问老郑是不是, 的老刘昨天来修过). Not at a clause's start: there 小白 (a novice),
# 小黄人, 老姜 and an agent's 亲,小孙在的呢 are as common as a name.
_OLD_OR_YOUNG = re.compile(
    rf"(?:(?<=转告|告诉|通知|问问|隔壁)|(?<=[找让和跟给叫的居事友傅机员卫管儿是]))[老小阿](?P<s>{_SURNAME_CLASS})"
    # (not 跟 or 不: 我家的小黄跟我一样怕热 is a dog, 小黄人不会发光 a toy, 小高跟鞋 a shoe)
    r"(?=$|[\s,，。！？!?、:：]|[的说在也都人帮他她是去来下上替昨今明和把家啊呢吗还让就又没答媳问打送那了])")
# The same at a clause's start, only when jieba cuts 老X/小X off and the next word tells
# what the person did or is (小郑帮我下的单, 老蔡说明天过来, 小杨人挺好的): 小白说明书 (one
# word 说明书 after it) and a clause that is the agent's (亲,小孙说明天发) stay.
_SELF_INTRODUCED = re.compile(r"(?:我|这边|这里)是$")
_DID_AFTER_是 = frozenset("帮送说来修做办接下弄给处打发拿装")
_OLD_OR_YOUNG_AT_START = re.compile(rf"(?:^|(?<=[\s,，。！？!?、~]))[老小](?P<s>{_SURNAME_CLASS})")
_DID_OR_IS = frozenset(("说", "讲", "讲过", "说过", "昨天", "今天", "明天", "前天", "上次", "刚才", "答应", "帮", "帮我",
                        "给我", "人", "来过", "去过", "帮忙", "替", "替我", "送", "送的"))
_SERVES_YOU = re.compile(r"[^。！？!?\n]{0,12}?(?:您|你|这边)")
_AGENT_CLAUSE = re.compile(r"(?:客服|坐席|商家|售后|亲|您好|亲爱的|抱歉|久等了|收到)\s*[-:：,，~!！]?\s*$")
_LAST_SPEAKER = re.compile(r"(?:^|\s)(客户|客服|用户|顾客|买家|卖家|商家|坐席|售后)\s*[:：]")
_AGENTS = ("客服", "卖家", "商家", "坐席", "售后")
# A child's or relative's pet name, one character said twice, after a word for them
# (我们家悦悦, 我外甥球球, 让欣欣下楼): not an adverb (天天, 刚刚), nor a kin or pet word.
# Not before 的 or 地: 儿子帅帅的, 孩子胖胖的 describe, they do not name.
_PET_NAME = re.compile(
    rf"(?:{'|'.join(_RELATIVE_CUES)}|我们家|我家|咱家|[让给跟叫找])(?P<s>(?P<c>[\u4e00-\u9fff])(?P=c))"
    r"(?=$|[\s,，。！？!?、:：]|[说在也都帮他她是去来下上把让给还就又已没不要会拿打昨今明刚替和跟])")
_REPEATED_CHARACTER = re.compile(r"([\u4e00-\u9fff])\1")
_NOT_PET_NAMES = frozenset(("宝宝", "狗狗", "猫猫", "娃娃", "妈妈", "爸爸", "哥哥", "姐姐", "弟弟", "妹妹", "爷爷", "奶奶",
                            "姥姥", "舅舅", "叔叔", "婶婶", "伯伯", "姑姑", "公公", "婆婆", "太太", "星星", "人人", "家家",
                            # chat spellings of kin words, and endearments
                            "麻麻", "粑粑", "嬢嬢", "仔仔", "猪猪", "囡囡", "崽崽", "宝贝", "亲亲"))
_NOT_PET_NAME_FLAGS = ("d", "t", "v", "u", "m", "r", "b", "q", "p", "c", "o", "y", "e", "f")
_PET_NAME_MAX_FREQ = 500  # 悠悠 (369) may name a child; 宝贝 (1,073) and 哥哥 do not
# The end of a role noun, or a verb that takes a person (快递员施师傅, 找毕老板), not 补漆师傅.
_BEFORE_A_PERSON = frozenset("员找叫让问给和跟")
_SPOKEN_NUMBER = re.compile(f"[{SPOKEN_NUMBER_CHARACTERS}]+")
_ANIMAL = re.compile(r"狗|猫|宠物|鸟|兔|仓鼠")  # 我家狗叫豆豆: an animal's name
_AGENT_BEFORE = re.compile(r"(?:客服|坐席|商家|售后)\s*[-:：,，]?\s*(?:亲\s*[,，]?\s*)?$")
_NON_NAME_FLAGS = ("u", "c", "p", "d", "y", "r", "m", "q", "x", "e", "o", "f", "v")
_NON_NAME_FLAGS_SINGLE = ("u", "c", "p", "y", "r", "m", "q", "x", "e", "o", "f")
# What may follow a name: a separator, a placeholder, the end of the text or of a
# sentence, a particle that cannot be part of a given name.
_NAME_END = re.compile(rf"$|{_SEPARATOR}|{_SENTENCE_END}|\[|[的和与跟及说是在都也]")
_SPACED_GIVEN = re.compile(rf"(?: {_HAN}){{1,2}}(?=$|{_SEPARATOR}|{_SENTENCE_END}|\[)| {_HAN}{{2}}(?=$|{_SEPARATOR}|{_SENTENCE_END}|\[)")
_DELIMITED_NAME = re.compile(rf"(?:{_SURNAME_CLASS}){_HAN}{{1,2}}(?=$|{_SEPARATOR}|{_SENTENCE_END}|\[|[的和与跟及说是在都也])")
# Name followed by what only a person has: 钱多多的名字, 夏天是我儿子, 韦志强本人;
# a greeting card for a person: 祝周敏生日快乐.
_NAME_BEFORE = re.compile(
    rf"(?:{_SURNAME_CLASS}){_HAN}{{1,2}}(?=的(?:名字|全名|身份证)|是我(?:的)?(?:{'|'.join(_RELATIVE_CUES[:25])})|本人(?!的))"
    rf"|(?<=祝)(?:{_SURNAME_CLASS}){_HAN}{{1,2}}(?=生日|新婚|节日|早日|身体)")
# Numbers, demonstratives and measure words before 张/条…: 这张卡, 两张单.
_NOT_AFTER = "这那一二三四五六七八九十百千万两几每哪整半各本该此0123456789"
# A given name holds no pronoun or particle: 谢谢您, 麻烦您, 付了的 are not names.
_NOT_IN_GIVEN = frozenset("您你我他她它们的了是在和与跟说也都就还要吗呢吧啊呀哦嘛个些这那么")
_NOT_A_SURNAME = frozenset("什啥哪谁的了是在有个么很怎不也都还太真挺") | _NOT_IN_GIVEN
# jieba's dictionary knows a few surname + familiar-address words as frequent
# words of their own: brands and forms of address (康师傅 87, 帅哥 66), not
# names. Formal titles (先生, 女士 ...) do not make brands: 朱先生 (176) is a name.
_FAMILIAR = frozenset(("师傅", "阿姨", "叔叔", "大爷", "大妈", "姐", "哥", "老板", "会员"))
_LEXICALISED_FREQ = 50
# A word jieba's dictionary tags as something else and uses often (高手, 高铁,
# 王者) is not read as a name after a weak cue (我是, 我老公).
_COMMON_WORD_FREQ = 100
_LONGEST_RUN_NAME = 6  # characters of a name jieba cut into name or place pieces (阿不都热依木)
_FREQUENT_PIECE = 300  # a piece of a name used this often is a word (谢谢, 武汉, 上门), 拉姆 193 is not
_VERY_FREQUENT = 1000
_FIELD_END = frozenset("名号箱码址话证卡费单人主")
# One-character verbs and adverbs that end a clause after a name (找司仪去, 叫他来,
# 王伟住在, 王伟又说, 李娜不在家, 张磊刚说): never its last character.
_VERBS_AFTER_A_NAME = frozenset("去来走说看做吃喝买卖要用到给让叫找问收发寄拿带送住放站坐睡躺待装修又再才只先总常不没刚")
# What follows a name as its own word: jieba may glue the name's last character to it (振在, 涵被).
_GLUED_AFTER_A_NAME = frozenset("在说要被和跟是也都给把让就还")




@dataclass(frozen=True)
class Token:
    word: str
    flag: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.word)


@lru_cache(maxsize=1)
def _tagger():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg


@lru_cache(maxsize=1 << 13)
def _cut(text: str) -> tuple[tuple[str, str], ...]:
    # Chats repeat themselves (scripts, greetings): a window tagged once is remembered.
    # Few windows reach the tagger (about one per forty turns), so a small cache
    # keeps the repeats; 65,536 entries were still filling after 3 million turns,
    # memory that grew with the corpus.
    return tuple((pair.word, pair.flag) for pair in _tagger().cut(text, HMM=True))


def warm_up() -> None:
    """Load jieba's dictionary now (about a second, once per process), not inside a timed loop."""
    _tagger()


def tokens(text: str, offset: int = 0) -> list[Token]:
    out, at = [], offset
    for word, flag in _cut(text):
        out.append(Token(word, flag, at))
        at += len(word)
    return out


def surname_length(word: str) -> int:
    """Length of the surname `word` starts with (2 for 欧阳…), or 0."""
    if word[:2] in COMPOUND_SURNAMES:
        return 2
    return 1 if word[:1] in SINGLE_SURNAMES else 0


def _word_freq(word: str) -> int:
    _tagger()
    import jieba

    return jieba.dt.FREQ.get(word) or 0


def _tag(word: str) -> str | None:
    """jieba's dictionary tag of a word, None when it is not in the dictionary."""
    return _tagger().dt.word_tag_tab.get(word)


def _known_word(word: str) -> bool:
    """In jieba's dictionary as anything but a person name."""
    tag = _tag(word)
    return tag is not None and not tag.startswith("nr")


def _lexicalised(old_or_young: str) -> bool:
    """老X / 小X is a word of the language (小米 396, 小马 391 uses), not a person called
    so; the dictionary's rare entries (小周 3, 小苏 14) are nicknames all the same."""
    return _known_word(old_or_young) and _word_freq(old_or_young) >= _LEXICALISED_FREQ


def is_place(word: str) -> bool:
    """In jieba's dictionary as a place name (青岛, 萧山)."""
    return (_tag(word) or "").startswith("ns")


def _common_word(word: str) -> bool:
    tag = _tag(word)
    return tag is not None and not tag.startswith("nr") and _word_freq(word) >= _COMMON_WORD_FREQ


def _thing(token: Token) -> bool:
    """A common noun, verb, time or place word (口罩, 国庆): given names are rarely
    tagged so, while 嫣然 (b), 婷婷 (z) and 海涛 (nr) are."""
    return len(token.word) > 1 and token.flag[:1] in "nvts" and not token.flag.startswith(("nr", "nz"))


def _name_piece(token: Token) -> bool:
    """A piece of a name jieba cut: tagged a name or a place, no frequent word of the
    dictionary (谢谢 "nr", 武汉), and, when jieba's HMM made the piece up, holding no
    frequent word (今天下午 is tagged "nr")."""
    word = token.word
    if not (_is_han(word) and token.flag.startswith(("nr", "ns"))):
        return False
    if _tag(word) is not None:
        return len(word) == 1 or _word_freq(word) < _FREQUENT_PIECE
    return not any(_word_freq(word[k:k + 2]) >= _VERY_FREQUENT for k in range(len(word) - 1))


def _plausible(word: str) -> bool:
    """No pronoun or particle after the surname, no field noun at the end (英文名,
    收票邮箱, 费卡), and not one of the language's most frequent words (谢谢 is
    tagged a name by jieba's dictionary, 1,089 uses)."""
    return not any(ch in _NOT_IN_GIVEN for ch in word[surname_length(word):]) and word[-1] not in _FIELD_END \
        and (len(word) <= surname_length(word) or _word_freq(word) < _VERY_FREQUENT)


def _latin_full_name(said: str) -> bool:
    """A person's full name in Latin letters after a cue that needs jieba's agreement for a
    Chinese name (我老板Jason Tan, 客户Anna Petrova, 叫Kim Minsoo): words in title case, none of
    a form, a place, a product or a greeting (我是Apple Store的, 客户Service Center)."""
    words = said.split()
    return len(words) >= 2 and all(word[1:].islower() for word in words) \
        and not set(words) & (_FORM_WORDS | _PLACE_WORDS | _NOT_A_PERSONS_WORDS)


def _spaced_given_name_end(text: str, end: int) -> int:
    """Where a given name typed apart from its surname ends (收件人 郑 思远, 我叫王 小 明):
    `end` itself when what follows is no such name (我姓王 就是 三横王, 王 嗯 王小明)."""
    match = _SPACED_GIVEN.match(text, end)
    if not match:
        return end
    pieces = match.group(0).split()
    if any(ch in _NOT_IN_GIVEN or ch in _VERBS_AFTER_A_NAME or (_tag(ch) or "").startswith(_NON_NAME_FLAGS_SINGLE)
           for piece in pieces for ch in piece) \
            or any(len(piece) > 1 and (piece in HONORIFICS or _word_freq(piece) >= _COMMON_WORD_FREQ or _known_word(piece))
                   for piece in pieces):
        return end
    return match.end()


def _is_han(word: str) -> bool:
    return bool(word) and all("\u4e00" <= ch <= "\u9fff" for ch in word)


def _strip_honorific(word: str) -> str:
    for honorific in HONORIFICS:
        if word.endswith(honorific) and len(word) > len(honorific):
            return word[: -len(honorific)]
    return word


class _Sentence:
    """jieba's tokens of a short window of the turn; positions are the turn's."""

    def __init__(self, text: str, start: int = 0, end: int | None = None):
        self.text = text
        self.tokens = tokens(text[start:end], offset=start)
        self.by_start = {t.start: i for i, t in enumerate(self.tokens)}

    def name_at(self, pos: int, strong: bool, separated: bool = False) -> tuple[int, int] | None:
        """The person name starting at `pos`, if one does.

        After a strong cue (收件人：) any surname-led word up to a separator is a
        name, even a common word (户名田野). After a weak cue (我是, 我老公) jieba
        must agree: a token it tags as a name, or a bare surname and a given name.
        """
        for pattern in (_TRANSLITERATED, _LATIN_NAME):
            match = pattern.match(self.text, pos)
            if match and (pattern is _TRANSLITERATED
                          or (strong and not set(match.group(0).split()) & _NOT_A_PERSONS_WORDS)  # 叫Uber Eats
                          or (_latin_full_name(match.group(0)) and _AFTER_A_LATIN_NAME.match(self.text, match.end()))):
                return match.span()
        if pos > 0 and self.text[pos - 1] in _NOT_AFTER:
            return None
        i = self.by_start.get(pos)
        run_end = self.name_run_end(i, strong) if i is not None else None
        if run_end and (strong or surname_length(self.text[pos:run_end])):
            return pos, run_end
        if strong:
            match = _DELIMITED_NAME.match(self.text, pos)
            # (户名田野 is a name, 车主:马上来 an answer: a word the surname's character begins that
            # is an adverb, pronoun or particle is no name; 户名余欣然 keeps its adverb 欣然 as a given name)
            first = self.tokens[self.by_start[pos]] if pos in self.by_start else None
            if match and _plausible(match.group(0)) \
                    and not (first and len(first.word) > 1 and first.flag.startswith(_NOT_IN_A_DELIMITED_NAME)):
                return match.span()
            match = _ANY_DELIMITED.match(self.text, pos) if separated else None
            if match and _plausible(match.group(0)) and not _known_word(match.group(0)) \
                    and not any(len(t.word) > 1 and _common_word(t.word)
                                for t in self.tokens if pos <= t.start < match.end()):
                return match.span()
        if i is None:
            return None
        token = self.tokens[i]
        word = _strip_honorific(token.word)
        n_surname = surname_length(word)
        if not n_surname and token.flag.startswith("nr") and 2 <= len(word) <= 3 and _is_han(word) \
                and _plausible(word) and word == token.word and not _known_word(word):
            return pos, pos + len(word)  # jieba knows it for a name though the surname is rare (成浩然)
        if not n_surname or not _is_han(word) or len(word) > n_surname + 2 or not _plausible(word):
            return None
        if len(word) == n_surname:  # a bare surname: the given name follows as one or two tokens
            end = pos + n_surname
            for given in self.tokens[i + 1:i + 3]:
                # A one-character given-name token may carry any content tag (婉/dg, 清/a).
                excluded = _NON_NAME_FLAGS if len(given.word) > 1 else _NON_NAME_FLAGS_SINGLE
                ends_here = _NAME_END.match(self.text, given.end) is not None
                if not (_is_han(given.word) and end - pos + len(given.word) <= n_surname + 2
                        and given.word not in HONORIFICS and _plausible(given.word)
                        and not given.flag.startswith(excluded) and (not _thing(given) or ends_here)):
                    break
                end = given.end
            if end > pos + n_surname:
                return pos, end
            return (pos, end) if strong else None
        if token.flag.startswith("nr") or (strong and not _common_word(word)):
            end = pos + len(word)
            following = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
            # jieba cut the given name (唐诗 + 雨, 赵梓 + 涵/v): a last character that ends the
            # clause belongs to the name whatever its tag, or half the name would stay readable.
            if len(word) == n_surname + 1 and following and len(following.word) == 1 and _is_han(following.word) \
                    and _plausible(word + following.word) \
                    and (not following.flag.startswith(_NON_NAME_FLAGS)
                         or (following.word not in _NOT_IN_GIVEN and following.word not in _VERBS_AFTER_A_NAME
                             and (_CLAUSE_OR_KIN_AFTER.match(self.text, following.end) is not None
                                  or self.text[following.end:following.end + 1] in _GLUED_AFTER_A_NAME))):
                end = following.end
            # jieba glued the given name's last character to the word after it, into a word
            # its dictionary does not hold (潘安 + 振在, 汪子 + 涵被): the character is the name's.
            elif len(word) == n_surname + 1 and following and len(following.word) == 2 and _is_han(following.word) \
                    and following.word[1] in _GLUED_AFTER_A_NAME and not _word_freq(following.word) \
                    and following.word[0] not in _NOT_IN_GIVEN and following.word[0] not in _VERBS_AFTER_A_NAME \
                    and _plausible(word + following.word[0]):
                end = following.start + 1
            return pos, end
        return None

    def name_run_end(self, i: int, strong: bool) -> int | None:
        """The end of a name jieba cut into pieces it tags as names or places, from token
        `i` (扎西/顿珠, 阿依/努尔, 古丽娜/尔: Tibetan, Uyghur and Mongolian names carry
        no listed surname): three to six characters, a piece tagged a name unless a
        strong cue (收件人, 我叫) stands before, and standing where a name ends. None
        when the run is no such name."""
        if i >= len(self.tokens):
            return None
        start, end, named, pieces = self.tokens[i].start, None, False, 0
        for token in self.tokens[i:]:
            if not _name_piece(token) or token.end - start > _LONGEST_RUN_NAME:
                break
            named = named or token.flag.startswith("nr")
            pieces += 1
            end = token.end
        if end is None or pieces < 2 or not (named or strong) or end - start < 3 or _known_word(self.text[start:end]) \
                or _NAME_END.match(self.text, end) is None:
            return None
        return end

    def holds_words(self, start: int, end: int) -> bool:
        """`text[start:end]` holds a word a request or a field is made of (车主请挪车, 旅客出票: a
        verb, preposition, adverb, pronoun, particle, conjunction or noun), or is a word of the
        language whatever jieba tags it (乘客须知: 须知 is "nr")."""
        return any(t.flag.startswith(_NOT_IN_AN_UNLISTED_NAME) or (t.flag == "n" and len(t.word) > 1)
                   for t in self.tokens if start <= t.start < end) \
            or (end - start > 1 and _word_freq(self.text[start:end]) >= _COMMON_WORD_FREQ)

    def _after_a_count(self, start: int) -> bool:
        """A number or demonstrative right before `start` (两张单, 这张卡), unless it ends the
        name of a day (周一蒋老师, 星期三满老师): a time word is no count."""
        if start == 0 or self.text[start - 1] not in _NOT_AFTER:
            return False
        before = next((t for t in self.tokens if t.end == start), None)
        return not (before is not None and before.flag == "t")

    def honorific_names(self) -> list[tuple[int, int]]:
        """Surnames (or full names) right before an honorific: 王先生, 赵敏女士, 高 先生."""
        found = []
        for i, token in enumerate(self.tokens):
            stem = _strip_honorific(token.word)
            if token.word not in HONORIFICS and stem != token.word and _is_han(stem):  # merged: 王先生, 吴经理
                if token.word[len(stem):] in _FAMILIAR and _word_freq(token.word) >= _LEXICALISED_FREQ:
                    continue
                n = surname_length(stem)
                known_as = _tag(token.word)
                if known_as is not None and not known_as.startswith("nr"):
                    continue  # a word of its own: 班主任 is no 班 + 主任
                if n and (len(stem) == n or (len(stem) <= n + 2 and token.flag.startswith("nr") and _plausible(stem))) \
                        and not self._after_a_count(token.start):
                    found.append((token.start, token.start + len(stem)))
                continue
            if token.word not in HONORIFICS or i == 0:
                continue
            prev = self.tokens[i - 1]
            if self._after_a_count(prev.start):
                continue
            n = surname_length(prev.word) if _is_han(prev.word) else 0
            if n and len(prev.word) == n:
                # (做外包会计: the surname's character ends a word with the one before it)
                if not (prev.start > 0 and _known_word(self.text[prev.start - 1:prev.end])):
                    found.append((prev.start, prev.end))
            elif n and len(prev.word) <= n + 2 and prev.flag.startswith("nr") and _plausible(prev.word) \
                    and _word_freq(prev.word) < _COMMON_WORD_FREQ:  # 丁香 (132) 医生 is a brand
                found.append((prev.start, prev.end))
            elif i >= 2 and prev.flag.startswith("nr") and len(prev.word) <= 2 and _is_han(prev.word):
                before = self.tokens[i - 2]
                if surname_length(before.word) == len(before.word):
                    found.append((before.start, prev.end))
            elif len(prev.word) == 2 and prev.word[0] in _BEFORE_A_PERSON and surname_length(prev.word[1]) \
                    and _tag(prev.word) is None:
                # the cut glued the surname to the word before it (快递员施师傅 -> 员施, 找毕老板 -> 找毕)
                found.append((prev.end - 1, prev.end))
        return found

    def record_name_at(self, pos: int, end: int) -> bool:
        """`text[pos:end]`, next to other personal data, reads as a name: it starts a
        token, starts with a surname, and is no word jieba knows (周末送, 万事达)."""
        word = self.text[pos:end]
        return pos in self.by_start and bool(surname_length(word)) and len(word) <= surname_length(word) + 2 \
            and _plausible(word) and not _known_word(word) \
            and not any(len(t.word) > 1 and (_common_word(t.word) or _known_word(t.word) and t.word != word)
                        for t in self.tokens if pos <= t.start < end)

    def tagged_name_at(self, pos: int, end: int) -> tuple[int, int] | None:
        """`text[pos:end]` if jieba tags it as one person name (nr) starting with a surname."""
        i = self.by_start.get(pos)
        if i is None:
            return None
        token = self.tokens[i]
        if token.end == end and token.flag.startswith("nr") and _is_han(token.word) and 2 <= len(token.word) <= 4 \
                and _plausible(token.word) \
                and surname_length(token.word) and _word_freq(token.word) < _LEXICALISED_FREQ:
            return token.start, token.end
        return None


def _quick_honorific(text: str, match: re.Match[str]) -> tuple[int, int] | bool | None:
    """王老师 / ，刘姐 at a clause start: the span, or False for a lexicalised word
    (康师傅); None when the tagger must decide."""
    start = match.start()
    n = surname_length(text[start:start + 2])
    title = text[start + n:match.end()]
    if not n or title not in HONORIFICS or (start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff") \
            or (len(title) > 1 and _word_freq(text[match.end() - 1:match.end() + 1]) >= _VERY_FREQUENT):
        return None  # (or the title runs into a frequent word, 武警官兵, 钱会计算错了: the tagger decides)
    if title in _FAMILIAR and _word_freq(text[start:match.end()]) >= _LEXICALISED_FREQ:
        return False
    if text[:start].endswith("[NUM]"):
        return False
    return start, start + n


def find_names(text: str) -> list[tuple[int, int]]:
    """(start, end) of person names in a turn whose other personal data is already masked.

    Regular expressions find where a name may be; jieba then tags only a short
    window there, so turns without a candidate cost no tagging at all.
    """
    # A name shown half-masked (收货人侯*斌, 签收人为韦**) still names the person: first,
    # so a cue rule that would take the surname alone does not leave the rest.
    found: list[tuple[int, int]] = [m.span() for m in _PARTLY_MASKED.finditer(text)
                                    # 身高***: a form's blank after a word, not a masked name
                                    if not (m.start() and _word_freq(text[m.start() - 1:m.start() + 1])
                                            >= _COMMON_WORD_FREQ)] if "*" in text else []
    transcript = len(_SPEAKER_LABEL.findall(text)) >= 2
    declared: set[str] = set()  # surnames the text itself names as such (姓郗, 阙是宫阙的阙)
    for cue in _CUE.finditer(text):
        pos = cue.end()
        if cue.group("record") and _SPEAKER_LABEL.match(text, cue.start()) \
                and (cue.start() == 0 or text[cue.start() - 1].isspace()) \
                and (transcript or not (lone := _ANY_DELIMITED.match(text, pos)) or _known_word(lone.group(0))):
            # 客户：… at the start of a line names who speaks (客户：白条分3期), unless a lone
            # value follows in a record that is no transcript (客户：熊建华 电话…) and is no word (客户：车牌[PLATE])
            continue
        if cue.group("surname_only"):
            # After 姓 comes a surname, listed or not (姓郗, 我姓仉, 师傅姓马, 复姓欧阳).
            n = surname_length(text[pos:pos + 2]) or int(_is_han(text[pos:pos + 1])
                                                        and text[pos] not in _NOT_A_SURNAME)
            if n:
                found.append((pos, pos + n))
                declared.add(text[pos:pos + n])
            continue
        strong = bool(cue.group("label") or cue.group("record") or cue.group("named")
                      or (cue.group("role") and cue.group("role")[-1:] in ":： "))
        # a party to the case named by a word in 人 is a form's label too (取件人扎西顿珠)
        label = bool(cue.group("label") or (cue.group("role") and cue.group("role").endswith("人")))
        if not (_NAME_START if strong or label else _SURNAME_START).match(text, pos) \
                and not _LATIN_NAME.match(text, pos):  # 我老板Jason Tan, 客户Anna Petrova
            continue
        sentence = _Sentence(text, pos, pos + _WINDOW)
        separated = bool(re.search(rf"{_LABEL_SEPARATOR}$", cue.group(0)))
        span = sentence.name_at(pos, strong=strong, separated=separated)
        if not span and label and not separated:
            # A form label's value without a colon (收件人次仁卓玛 电话…): a name with no listed surname.
            span = sentence.name_at(pos, strong=True, separated=True)
            if span and sentence.holds_words(*span):
                span = None
        if span and span[1] - span[0] == surname_length(text[span[0]:span[1]]):
            span = span[0], _spaced_given_name_end(text, span[1])
        if span and not _SPOKEN_NUMBER.fullmatch(text, *span):  # 客户:四零零 八幺零…: digits said aloud
            found.append(span)
    # Each rule below needs a literal its pattern contains: checked first, it spares
    # most turns the slower scan (cleaning speed, metrics/cleaning.json).
    has_title = bool(_ANY_HONORIFIC.search(text))
    has_placeholder = "[" in text
    if "的名字" in text or "的全名" in text or "的身份证" in text or "是我" in text or "本人" in text \
            or "祝" in text:
        # 王教授本人: the honorific rule masks the surname and keeps the title
        found += [m.span() for m in _NAME_BEFORE.finditer(text)
                  if _plausible(m.group(0)) and _strip_honorific(m.group(0)) == m.group(0)
                  # 祝 + a word of the language is a wish to a role (祝岳父, 祝程序员), not to a name
                  and not (text[m.start() - 1:m.start()] == "祝"
                           and (_known_word(m.group(0)) or _word_freq(m.group(0)) >= _COMMON_WORD_FREQ))
                  and not (m.start() > 0 and text[m.start() - 1] in _NOT_AFTER)]
    for match in _HONORIFIC_CANDIDATE.finditer(text) if has_title else ():
        start, end = match.span()
        quick = _quick_honorific(text, match)
        if quick is not None:  # a lone surname before a title at the start of a clause: no tagging needed
            if quick:
                found.append(quick)
            continue
        window = _Sentence(text, max(0, start - 2), min(len(text), end + 2))
        if text[:start].endswith("[NUM]"):  # [NUM]张会员券: a count, not a surname
            continue
        found += [span for span in window.honorific_names() if start <= span[0] < end]
    for match in (m for pattern in _RECORD_CANDIDATES for m in pattern.finditer(text)) \
            if has_placeholder or "**" in text else ():
        start = match.start("name")
        # The window starts before the candidate: a name must begin a token (支付宝 is no 付宝).
        window = _Sentence(text, max(0, start - 3), min(len(text), match.end("name") + 2))
        span = window.tagged_name_at(start, match.end("name")) or window.name_at(start, strong=False)
        if span and text[:start].rstrip(" ,，、/|｜:：;；").endswith("[ORDER]") \
                and any(len(t.word) > 1 and _common_word(t.word) for t in window.tokens if span[0] <= t.start < span[1]):
            span = None  # an order number is no personal data: 订单号[ORDER]，查物流 is a request, 物流 no given name
        if not span and window.record_name_at(start, match.end("name")):  # beside personal data: a record
            span = start, match.end("name")
        if span and span[1] == match.end("name") and not (start > 0 and text[start - 1] in _NOT_AFTER) \
                and _strip_honorific(match.group("name")) == match.group("name"):  # 王师傅: the title stays
            found.append(span)
    if "/" in text and _TRAVEL_CONTEXT.search(text):  # KFR-35GW/BPR3 is a model code
        found += [m.span() for m in _TRAVEL_NAME.finditer(text)]
    if has_placeholder:
        found += [m.span("name") for m in _LATIN_AFTER_PLACEHOLDER.finditer(text)
                  if not set(m.group("name").split()) & (_FORM_WORDS | _PLACE_WORDS)]
    for match in _ASKED_FOR.finditer(text) if "找" in text else ():
        window = _Sentence(text, match.end(), min(len(text), match.end() + _WINDOW))
        first = window.tokens[0] if window.tokens else None
        if first and first.flag.startswith("nr") and surname_length(first.word) \
                and _word_freq(first.word) < _LEXICALISED_FREQ:
            span = window.name_at(first.start, strong=False)  # keeps a title out (王总), joins a cut name
            if span:
                found.append(span)
    if _LATIN_FULL_NAME.search(text):
        def person(match: re.Match[str] | None, capitals_only: bool) -> bool:
            return bool(match) and (match.group(0).isupper() or not capitals_only) \
                and not {w.capitalize() for w in match.group(0).split()} & (_FORM_WORDS | _NOT_A_PERSONS_WORDS | _PLACE_WORDS)
        # Matched at the cue's end: the cue word itself (Dear, Name) is no part of the name.
        for cues, capitals_only in ((_LATIN_PERSON_CUE, False), (_CAPITALS_CUE, True), (_LATIN_ROLE_CUE, False)):
            for cue in cues.finditer(text):
                match = _LATIN_FULL_NAME.match(text, cue.end())
                if person(match, capitals_only) \
                        and (cues is not _LATIN_ROLE_CUE or _AFTER_A_LATIN_NAME.match(text, match.end())):
                    found.append(match.span())
        # a full name before what only a person does (Peter Zhou说…, Maria Gonzalez是我们外籍员工), and a
        # surname alone after its title (Dear Ms. Lin,)
        found += [m.span() for m in _LATIN_FULL_NAME.finditer(text)
                  if person(m, False) and (_LATIN_PERSON_AFTER.match(text, m.end())
                                           # 说 after a pinyin surname only: Apple Store说 is a shop
                                           or (text.startswith("说", m.end()) and is_pinyin(m.group(0).split()[-1].lower())))]
        found += [m.span("s") for m in _LATIN_TITLED_SURNAME.finditer(text)]
        found += _pinyin_names(text)
        if _PASSPORT_CONTEXT.search(text):  # passport spelling in capitals (ZHANG WEI), not places (Hong Kong)
            for match in re.finditer(r"(?<![A-Za-z])[A-Z]{2,}(?: [A-Z]{2,}){1,2}(?![A-Za-z])", text):
                words = match.group(0).split()
                while words and (words[0].capitalize() in _FORM_WORDS or words[0] == "PASSPORT"):
                    words = words[1:]
                if len(words) >= 2:
                    found.append((match.end() - len(" ".join(words)), match.end()))
    if has_title:
        found += [m.span() for m in _AMBIGUOUS_TITLED.finditer(text)]
    if declared or "的" in text or "旁" in text or "头" in text or "一个" in text:
        found += _spelled_out(text, declared)
    if "老" in text or "小" in text or "阿" in text:
        found += [(m.start("s"), m.end("s")) for m in _OLD_OR_YOUNG.finditer(text)
                  if not _lexicalised(text[m.start("s") - 1:m.end("s")])
                  and _tag(text[m.start("s") - 1:m.end("s") + 1]) is None  # 小苏打 is baking soda
                  # an agent's work nickname (客服 小王, 客服:亲,小刘是我们同事) is no personal data
                  and not _AGENT_BEFORE.search(text, max(0, m.start() - 8), m.start())
                  and not text.endswith("隔壁老王", 0, m.end())  # the proverbial neighbour
                  # 我是营业厅的小陈,工号3306: a work name given with its staff number
                  and "工号" not in text[m.end():m.end() + 4]
                  # an agent introducing themself (我这边是小周, 您好,我是小王): 我是老罗的爱人 names someone
                  and not (_SELF_INTRODUCED.search(text, max(0, m.start() - 4), m.start())
                           and not text.startswith("的", m.end()))
                  # after 是 only someone who did something (上次是老谢送的, 是小邱帮我处理的), or 老/阿X's
                  # (是老罗的爱人): 这个电饭煲是小熊的, 他是小白, 是小康家庭 describe
                  and (text[m.start() - 1:m.start()] != "是" or text[m.end():m.end() + 1] in _DID_AFTER_是
                       or (text[m.start()] in "老阿" and text.startswith("的", m.end())))]
    if "老" in text or "小" in text:
        found += _old_or_young_at_start(text)

    if "·" in text:
        found += _transliterated_names(text)
    for match in _PET_NAME.finditer(text) if _REPEATED_CHARACTER.search(text) else ():
        word = match.group("s")
        if _ANIMAL.search(text, max(0, match.start() - 8), match.start()):
            continue  # 买的狗粮,我家汪汪
        tag = _tag(word) or ""
        single = _tag(word[0]) or ""  # 我我, 的的: a pronoun or particle said twice
        if word not in _NOT_PET_NAMES and tag[:1] not in _NOT_PET_NAME_FLAGS and single[:1] not in _NOT_PET_NAME_FLAGS \
                and _word_freq(word) < _PET_NAME_MAX_FREQ:
            found.append(match.span("s"))
    for _, end in list(found):  # lists: 黎晓雯、黎晓辉
        joined = _LIST_NEXT.match(text, end)
        if joined:
            start = joined.start("name")
            span = _Sentence(text, start, start + _WINDOW).name_at(start, strong=False)
            if span:
                found.append(span)
    return _merge(found)


# A surname said, a pause, then the whole name that starts with it (我爸叫戴......戴志明, 诸葛...... 诸葛明).
_PAUSE_BEFORE = re.compile(r"\s?(?:…+|\.{2,})\s?$")


def hesitated_surnames(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The surnames said alone before a pause, for the names in `found` (from the rules or the tagger)."""
    said = []
    if "…" not in text and ".." not in text:
        return said
    for start, end in found:
        pause = _PAUSE_BEFORE.search(text, max(0, start - 8), start)
        length = surname_length(text[start:end])
        if pause and 0 < length < end - start and text[pause.start() - length:pause.start()] == text[start:start + length]:
            said.append((pause.start() - length, pause.start()))
    return said


def _in_an_agents_turn(text: str, pos: int) -> bool:
    """The last speaker label before `pos` is an agent's (read only when the cheaper checks pass)."""
    last = None
    for last in _LAST_SPEAKER.finditer(text, 0, pos):
        pass
    return last is not None and last.group(1) in _AGENTS


def _old_or_young_at_start(text: str) -> list[tuple[int, int]]:
    found = []
    for match in _OLD_OR_YOUNG_AT_START.finditer(text):
        start, end = match.start(), match.end()
        if _known_word(text[start:end]) or _AGENT_CLAUSE.search(text, max(0, start - 8), start) \
                or _SERVES_YOU.match(text, end) or _in_an_agents_turn(text, start):
            continue  # an agent's work name (小阳帮您看一下, 客服:您好,小刘昨天已经帮您催过了)
        # jieba cuts 小杨 as one word or as 小 + 杨; the word after it must be its own word
        cut = tokens(text[start:start + 8], offset=start)
        following = next((t for t in cut if t.start == end), None)
        if following is not None and following.word in _DID_OR_IS and all(t.end <= end for t in cut if t.start < end):
            found.append((match.start("s"), end))
    return found


def _transliterated_names(text: str) -> list[tuple[int, int]]:
    """A name transliterated with a middle dot (买买提江·吐尔逊, 古丽米拉·艾力), wherever it
    stands, trimmed off the words around it (小伙子买买提江, 怀斯曼做了); a dot between
    words of the language (智能一键通·搅拌) is no name."""
    found = []
    for match in _DOTTED.finditer(text):
        start, end = match.span()
        while match.start("dot") - start > 2 and start > 0 and _known_word(text[start - 1:start + 1]):
            start += 1  # the first character ends a word before the name
        while end - match.end("dot") > 2 and end < len(text) and _known_word(text[end - 1:end + 1]):
            end -= 1  # the last character starts a word after it
        family = text[match.end("dot"):end].split("·")[0]  # the part a series would stand in
        if not (_known_word(text[start:match.start("dot")]) or _known_word(family)
                # a series after a brand (康师傅·红烧牛肉面, 花西子·空气散粉) holds a word of the language
                or any(len(word) > 1 and _known_word(word) and _word_freq(word) >= _DOTTED_WORD_FREQ
                       for word, _ in _cut(family))):
            found.append((start, end))
    return found


def _spelled_out(text: str, declared: set[str]) -> list[tuple[int, int]]:
    """Surnames spelled out, and every other mention of a surname the text declared
    (姓郗 郗 就是… 郗梦琪): alone, or with a one- or two-character given name."""
    found = []
    for pattern in (_EXPLAINED_BY_WORD, _EXPLAINED_BY_PARTS):
        for match in pattern.finditer(text):
            found.append(match.span("s"))
            declared.add(match.group("s"))
    for surname in declared:
        for start, end in _mentions_of(surname, text):
            if _plausible(text[start:end]) or end - start == len(surname):
                found.append((start, end))
    return found


# What may follow a declared surname in a mention of it: a one- or two-character
# given name, then the end, a separator or 的/是.
_AFTER_DECLARED_SURNAME = re.compile(rf"(?:{_HAN}{{1,2}}(?=$|{_SEPARATOR}|[的是]))?(?=$|{_SEPARATOR}|[是的])")


def _mentions_of(surname: str, text: str):
    """Spans of `surname` (with a given name where one follows) not inside a run of Han
    characters, or right after 名/叫/是. A search per surname, not a pattern compiled per
    text: the surnames a text declares are too many for the regex cache."""
    at = text.find(surname)
    while at != -1:
        before = text[at - 1] if at else ""
        if not "\u4e00" <= before <= "\u9fff" or before in "名叫是":
            after = _AFTER_DECLARED_SURNAME.match(text, at + len(surname))
            if after:
                yield at, after.end()
                at = text.find(surname, after.end())
                continue
        at = text.find(surname, at + 1)


# A Chinese name romanised in title case, surname first (我是Zhang Wei, cc给Huang Meiling,
# Liu Yang 说): a listed surname's pinyin, then a given name of one or two pinyin syllables,
# or an English given name first (this is Oscar Zhou),
# next to a word that points at a person. Without such a word the same shape is as often
# a brand or a place (Li Ning, Xiao Mi, Shen Zhen, Zhao Shang银行) and stays.
_PINYIN_PAIR = re.compile(r"(?<![A-Za-z])(?P<surname>[A-Z][a-z]{1,5}) (?P<given>[A-Z][a-z]{1,11})(?![A-Za-z])")
# in a lookahead, so that Contact Helen Xu tries Helen Xu after Contact Helen
_ENGLISH_GIVEN_PINYIN_SURNAME = re.compile(
    r"(?<![A-Za-z])(?=(?P<given>[A-Z][a-z]{2,11}) (?P<surname>[A-Z][a-z]{1,5})(?![A-Za-z]))")
_PERSON_BEFORE = re.compile(
    r"(?:我是|我叫|叫|名字是?|姓名|收件人|联系人|寄件人|签收人|写的?是?|写成|填的?是?|英文名?|真名|本名|昵称是?|导游|司机|找|给|联系|通知|告诉"
    r"|问问|问下|和|跟|与|同事|老公|老婆|朋友|同学|(?<![A-Za-z])(?:[Ss]hip )?to|预订人|预定人|订票人|入住人|抄送|寄给|拼音"
    r"|(?<![A-Za-z])(?:[Cc]ontact|[Cc][Cc](?:一下)?|[Ss]ender|[Rr]eceiver|[Rr]ecipient|[Ff]rom|[Pp]ing|[Cc]olleague|I'm|I am|[Tt]his is|[Nn]ame is|[Aa]sk|[Tt]ell|[Dd]ear"
    r"|[Hh]i|[Hh]ello|[Tt]hanks?|[Ww]ith|[Ff]or|and|[Bb]est|[Rr]egards|[Cc]heers|[Ss]incerely)|@|、)\s*[:：,，]?\s*$")
_INTRODUCES_A_PERSON = re.compile(
    r"(?:我是|我叫|叫|名字是?|姓名|收件人|联系人|寄件人|签收人|真名|本名|导游|司机|找|联系|通知|告诉|同事|老公|老婆|朋友"
    # a form's field right before the name (名字请写David Wu, 入住人Kevin Wu); not a role word, after
    # which the same shape is as often a phrase (谢谢老师Thank You, 经理Love You), nor an invoice's 抬头 (a company)
    r"|(?:名字|英文名)请?(?:写|填)(?:成|的是)?|入住人|乘客|户名"
    # a record's or a letter's party (面试官Amy Zhou, 对接人 Kevin Wu, 抄送 Lily Chen): a pinyin surname
    # must end it, any capitalised pair is as often a product or a team (学员 Adobe Photoshop, 抄送 Sales Team)
    r"|面试官|对接人|学员|抄送|入住登记|预订人|寄给|(?<![A-Za-z])[Cc][Cc](?:一下)?"
    # an e-mail's sign-off (Best, Kevin Zhao; Regards, Tony Xie; Thanks, Summer Qin)
    r"|(?<![A-Za-z])(?:[Cc]ontact|I'm|I am|[Tt]his is|[Nn]ame is|[Dd]ear|[Hh]i|[Hh]ello|[Aa]sk"
    r"|[Bb]est|[Rr]egards|[Tt]hanks|[Cc]heers|[Ss]incerely))\s*[:：,，]?\s*$")
_PERSON_AFTER = re.compile(r"\s*(?:说|讲|问|来|先生|女士|老师|的(?:妈妈|爸爸|订单|快递|包裹)|'s|\s(?:here|said|says|will|is|was|and|from)\b)")
_LISTED_WITH = re.compile(r"\s*(?:[,，、;；]|和|跟|与|and)\s*")
# Readings that are no syllable of a given name (interjections: m, n, ng, hm, hng, ê, e, o, ei).
_NOT_A_NAME_SYLLABLE = frozenset(("m", "n", "ng", "hm", "hng", "ê", "e", "o", "ei", "r"))


@lru_cache(maxsize=1)
def _pinyin() -> tuple[frozenset[str], frozenset[str]]:
    """Mandarin syllables (toneless, from pypinyin's dictionary) and every reading of a listed surname."""
    from pypinyin import Style, lazy_pinyin, pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    def toneless(reading: str) -> str:
        return "".join(ch for ch in unicodedata.normalize("NFD", reading) if not unicodedata.combining(ch))
    syllables = frozenset(toneless(r) for readings in pinyin_dict.values() for r in readings.split(",")) \
        - _NOT_A_NAME_SYLLABLE
    # 曾 is zeng as a surname, ceng as a word: every reading of a single surname counts.
    surnames = frozenset(r for s in SINGLE_SURNAMES for r in pinyin(s, style=Style.NORMAL, heteronym=True)[0]) \
        | frozenset("".join(lazy_pinyin(s, style=Style.NORMAL)) for s in COMPOUND_SURNAMES)
    return syllables, surnames


def is_pinyin(word: str, most: int = 3) -> bool:
    """`word` (Latin letters) reads as up to `most` toneless Mandarin syllables (xiao, zhaoyi)."""
    return _syllabified(word.lower(), _pinyin()[0], most)


def _syllabified(word: str, syllables: frozenset[str], most: int) -> bool:
    if not word:
        return True
    return most > 0 and any(word[:n] in syllables and _syllabified(word[n:], syllables, most - 1)
                            for n in range(min(6, len(word)), 0, -1))


# Any name in title case (Anna Petrova, Michael Brennan) right after a word that only a person
# follows. What follows a name (说, 下的单, 签收, 的快递) follows a product as often (Apple Watch说,
# Nike Air下的单), and so do contact words (抄送给Sales Team, 找一下Product Manager): not enough.
_TITLE_CASE_NAME = re.compile(r"(?<![A-Za-z])[A-Z][a-z]{1,11}(?: [A-Z][a-z]{1,11}){1,2}(?![A-Za-z])")
_ONLY_A_PERSON_BEFORE = re.compile(
    r"(?:外籍员工|外籍人士|外教|一起住的|收件人写的?是?|收货人写的?是?)\s*[:：,，]?\s*$")
# Words of a team, a shop or a service, not of a person's name.
_ORGANISATION_WORDS = frozenset(("Team", "Department", "Manager", "Support", "Store", "Shop", "Control", "Service", "Tech",
                                 "Services", "Group", "Office", "Center", "Centre", "Company", "Club", "Hour", "Music",
                                 "Insurance", "Logistics", "Bank", "Airlines", "Hotel", "Mall", "Express", "Limited", "Ltd"))
# A pinyin pair that names a place or, before an organisation's word, a company (Regards, Hong Kong
# Office; Thanks, Jing Dong Logistics) is no person.
_ORGANISATION_AFTER = re.compile(rf"\s(?:{'|'.join(sorted(_ORGANISATION_WORDS))})(?![A-Za-z])")


def _title_case_names(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found = []
    for m in _TITLE_CASE_NAME.finditer(text):
        start, end = m.span()
        if any(start < e and s < end for s, e in taken) \
                or set(m.group(0).split()) & (_FORM_WORDS | _PLACE_WORDS | _ORGANISATION_WORDS):
            continue
        if _ONLY_A_PERSON_BEFORE.search(text, max(0, start - 12), start):
            found.append((start, end))
    return found


def _pinyin_names(text: str) -> list[tuple[int, int]]:
    syllables, surnames = _pinyin()
    shaped = [m.span() for m in _PINYIN_PAIR.finditer(text) if m.group("surname").lower() in surnames
              and _syllabified(m.group("given").lower(), syllables, 2)]
    named = [bool(_PERSON_BEFORE.search(text, max(0, start - 12), start) or _PERSON_AFTER.match(text, end))
             for start, end in shaped]
    # An English given name first needs a word that introduces a person: after 和, 跟 or for
    # the same shape is a brand (Ray Ban, Vera Wang, Xiaomi Mi), so it needs more than a pair does.
    for m in _ENGLISH_GIVEN_PINYIN_SURNAME.finditer(text):
        start, end = m.start("given"), m.end("surname")
        if m.group("surname").lower() in surnames and m.group("given") not in _FORM_WORDS \
                and not any(start < e and s < end for s, e in shaped) \
                and _INTRODUCES_A_PERSON.search(text, max(0, start - 12), start):
            shaped.append((start, end))
            named.append(True)
    order = sorted(range(len(shaped)), key=lambda i: shaped[i])
    shaped, named = [shaped[i] for i in order], [named[i] for i in order]
    # A name listed with one that has a cue (Ma Yuqi, He Jun and me; Ye Qing和Gao Bin是…) is one too.
    for _ in range(len(shaped)):
        for i in range(len(shaped) - 1):
            if named[i] != named[i + 1] and _LISTED_WITH.fullmatch(text, shaped[i][1], shaped[i + 1][0]):
                named[i] = named[i + 1] = True
    pinyin_names = [(start, end) for (start, end), is_name in zip(shaped, named) if is_name
                    and not _ORGANISATION_AFTER.match(text, end) and not set(text[start:end].split()) & _PLACE_WORDS]
    return pinyin_names + _title_case_names(text, pinyin_names)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(set(spans)):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]
