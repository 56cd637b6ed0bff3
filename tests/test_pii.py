"""Personal-data masking: the issue's cases, the kept look-alikes, and the measured
figures on the team-built PII test sets (tests/data/pii, see its README)."""

import json
import re
from pathlib import Path

import pytest

from pipeline import pii_report
from pipeline.text import clean_text, find_pii, normalise, strip_web_residue
from pipeline.text.pii import classify_number

PII_DIR = Path(__file__).parent / "data/pii/dev_a"


def assert_nothing_masked(text: str) -> None:
    cleaned = clean_text(text)
    assert not re.search(r"\[[A-Z]+\]", cleaned), cleaned


def assert_masked_as(text: str, expected: str) -> None:
    """Cleaned to `expected`, which a second cleaning leaves as it is."""
    assert clean_text(text) == expected
    assert clean_text(expected) == expected


@pytest.mark.parametrize("text, leaked, kind", [
    ("我叫王小明，订单一直没到", ["王小明"], "NAME"),
    ("收件人：李建国，麻烦放门卫", ["李建国"], "NAME"),
    ("我老公陈立新和我婆婆赵桂芝都在家", ["陈立新", "赵桂芝"], "NAME"),
    ("微信号 wxid_k2j3h4g5 加我发图", ["wxid_k2j3h4g5"], "MESSAGING"),
    ("vx：zhangsan_1988", ["zhangsan_1988"], "MESSAGING"),
    ("有事加我扣扣 57362911", ["57362911"], "MESSAGING"),
    ("护照号E12345678，港澳通行证C87654321", ["E12345678", "C87654321"], "PASSPORT"),
    ("车牌京A8B88K停在B2", ["京A8B88K"], "PLATE"),
    ("我的手机是一三九八七六五四三二一", ["一三九八七六五四三二一"], "PHONE"),
    ("打幺三八幺二三四五六七八", ["幺三八幺二三四五六七八"], "PHONE"),
    ("电话 138.0013.7265 或 0571-8888 1234转302", ["138.0013.7265", "8888 1234"], "PHONE"),
    ("身份证 110101 19900307 7714", ["19900307"], "ID"),
    # shapes first seen in the earlier held-out set (now tests/data/pii/dev_d)
    ("卡号 6217 0012 3054 6789 5 建行", ["6217", "6789 5"], "BANKCARD"),  # groups of any size, Luhn-valid
    ("卡号 4367.4212.3356.7897 年费", ["4367.4212"], "BANKCARD"),
    ("身份证 130 104 197 408 050 32X", ["050 32X", "130 104"], "ID"),  # ISO 7064 check digit
    ("电化是13O 2233 8756 上次留错了", ["13O 2233", "8756"], "PHONE"),  # letter O for zero
    ("我香港的卡852-6037-2281 能不能绑定", ["6037-2281"], "PHONE"),
    ("车牌号 闽 D 8 Y 2 6 5 道闸抬不起来", ["8 Y 2 6 5"], "PLATE"),
    ("my passport no. is 561738204 (US)", ["561738204"], "PASSPORT"),
    ("搜不到的话用这个wxwxid_r4t9e2k1m8v322", ["wxid", "r4t9e2k1m8v322"], "MESSAGING"),
    ("我微博叫夏天的鱼2016 没人回", ["夏天的鱼"], "MESSAGING"),
    ("Q号 1098 2736 45 验证写京东", ["1098 2736"], "MESSAGING"),
    # shapes first seen in dev_e (written apart, then read)
    ("电话l38O2l45566", ["l38O2l45566"], "PHONE"),  # l for 1, O for 0
    ("手机号码 15 2O33 88910", ["2O33", "88910"], "PHONE"),
    ("号码壹叁玖零贰柒陆伍捌捌肆", ["壹叁玖零贰柒陆伍捌捌肆"], "PHONE"),  # financial numerals
    ("号码幺三拐 洞两五六 八幺九三", ["幺三拐", "洞两五六"], "PHONE"),  # radio style: 拐 7, 洞 0
    ("电话:一三九·二二五零·七七八六", ["二二五零"], "PHONE"),
    ("拨 0 1 0 - 8 4 5 6 2 3 1 9 找我家里人", ["8 4 5 6"], "PHONE"),  # a landline typed digit by digit
    ("家里座机6243 0917,白天没人接", ["6243 0917"], "PHONE"),
    ("区号0731,号码8842 6109", ["0731", "8842 6109"], "PHONE"),
    ("my US cell is +1 (415) 555-0199, text me", ["555-0199", "(415)"], "PHONE"),
    ("号码 139 / 0256 / 7718", ["0256"], "PHONE"),
    ("电话号:➕86 13377201564", ["➕86", "13377201564"], "PHONE"),
    ("QQ:4 7 8 2 1 9 3 0 5", ["4 7 8 2"], "MESSAGING"),
    ("TG @alex_fx99", ["alex_fx99"], "MESSAGING"),
    ("微博@橘子汽水7788", ["橘子汽水7788"], "MESSAGING"),
    ("红书搜爱吃鱼的猫123", ["爱吃鱼的猫123"], "MESSAGING"),
    ("威心QingFeng_77 鹅748392015", ["QingFeng_77", "748392015"], "MESSAGING"),
    ("skype: live:.cid.3f8a2b91c7", ["live:.cid.3f8a2b91c7"], "MESSAGING"),
    ("我的tg: t.me/wu_jiajun", ["t.me/wu_jiajun"], "MESSAGING"),
    ("港澳证 C 7291 0385,加急能办吗", ["C 7291 0385"], "PASSPORT"),
    ("邮箱xiaobai@163。com", ["xiaobai@163"], "EMAIL"),
    ("安装报告发到 liu wenjing@126.com", ["wenjing", "liu "], "EMAIL"),
    ("Dear Emily Carter, your refund is on its way", ["Emily", "Carter"], "NAME"),
    ("护照 PASSPORT ZHANG WEI 入住", ["ZHANG", "WEI"], "NAME"),
    ("韩国客人KIM MINJUN 入住时需要拍照吗", ["KIM MINJUN"], "NAME"),
    ("孩子赵梓涵 三年级", ["赵梓", "涵"], "NAME"),  # jieba cuts 赵梓 + 涵: no half name left
    ("您好，请问是韦志强本人吗", ["韦志强"], "NAME"),
    ("贺卡写 祝周敏生日快乐", ["周敏"], "NAME"),
    ("这个买家叫车晓峰 让我扫码", ["车晓峰"], "NAME"),
    # shapes first seen in dev_f (written apart, then read)
    ("电话是182  8545  3833谢谢", ["8545", "3833"], "PHONE"),  # two spaces between groups
    ("我的手机 152·8505·1448 白天都能打通", ["8505", "1448"], "PHONE"),
    ("号码是188......8579......0323 信号不好", ["8579", "0323"], "PHONE"),
    ("你们打04512819033分机9205就行", ["2819033", "9205"], "PHONE"),  # area code run in, with extension
    ("手机号前三位185 中间4487 后四位7090 谢谢", ["185", "4487", "7090"], "PHONE"),
    ("客户：新号码是150 7774\n客服：号码位数不全哦\n客户：后面还有5960", ["7774", "5960"], "PHONE"),
    ("客户:电话1577916\n客户:7944\n客服:好的收到", ["1577916", "7944"], "PHONE"),
    ("页面上收货人显示侯*斌 不是我啊", ["侯*斌", "*斌"], "NAME"),  # half-masked names
    ("查询到签收人为韦**,请问您认识吗", ["韦**"], "NAME"),
    ("送到御景园15栋6单元3202就行 放门口", ["御景园", "3202"], "ADDRESS"),  # a compound, no city
    ("我住的是水岸新城25-1-1806", ["水岸新城", "1806"], "ADDRESS"),
    ("我是育才路84号丽景湾7幢2606室的", ["育才路", "丽景湾", "2606"], "ADDRESS"),
    ("地址 北京市 丰台区 金沙江路94号 天润城 6栋1单元502 麻烦核对下", ["丰台区", "金沙江路", "天润城", "502"], "ADDRESS"),
    ("收货地址云南省大理白族自治州宾川县高桥镇大河村4队,到了打电话", ["大河村", "4队"], "ADDRESS"),
    ("新地址长沙市天心区坡子街5号之四1001房,旧的不要送了", ["之四", "1001房"], "ADDRESS"),
    # dev_g: phone-call transcripts and numbers said in pieces
    ("嗯 号码 幺五八 嗯 等一下我看一下 13812345678 对", ["幺五八", "13812345678"], "PHONE"),
    ("呃 先说前面几位 1381234 然后后面是 九五七三", ["1381234", "九五七三"], "PHONE"),
    ("客户:我手机号 159\n客户:0283\n客户:6617\n客服:好的收到", ["159", "0283", "6617"], "PHONE"),
    ("电话号码1️⃣5️⃣6️⃣ 2️⃣7️⃣3️⃣8️⃣ 0️⃣4️⃣1️⃣9️⃣", ["1️⃣5️⃣6️⃣", "0️⃣4️⃣1️⃣9️⃣"], "PHONE"),
    ("那个邮箱 8 7 3 2 6 6 1 0 4 @ qq.com 对", ["8 7 3 2", "qq.com"], "EMAIL"),
    ("嗯 我那个护照号 E 四 八 二 七 幺 零 九 三 嗯", ["四 八 二 七"], "PASSPORT"),
    ("微信 Rain_ Day_ 33 中间有下划线", ["Rain_", "Day_", "33"], "MESSAGING"),
    ("嗯嗯 我住在朝阳区望京西园三区三零六号楼二单元一零一 对", ["望京", "一零一"], "ADDRESS"),
    ("送到碧桂园凤凰城三期12栋2单元1503", ["凤凰城", "1503"], "ADDRESS"),
    ("您的车牌号是鄂EAR44F对吧", ["EAR44F"], "PLATE"),
    ("我这个名字不好写 姓郗 郗 就是 希望的希 加个耳朵旁 郗梦琪 做梦的梦", ["郗"], "NAME"),
    ("我姓仉,单人旁加一个几,全名仉鸿飞", ["仉"], "NAME"),
    ("然后那个 师傅姓马 他说他明天上午来", ["姓马"], "NAME"),
    ("哎那个 我是覃 西字头一个早 覃 海燕", ["覃"], "NAME"),
    ("我想问一下 那个 严 严格的严 对 是我女儿", ["那个 严 "], "NAME"),
    ("帮我转告老黄,他的件我替他拿了", ["老黄"], "NAME"),
    # real shop chats: a recipient beside the platform's half-masked mobile
    ("您好,请您核对收货信息哦:朱朱 1314948** [地址x]", ["朱朱"], "NAME"),
    ("西首派出所南行50米1321063**郭奉文", ["郭奉文"], "NAME"),
    # shapes first seen in dev_h: values given in pieces over the turns of a transcript
    # after the agent asks for the field, read out digit by digit, spelled on the phone
    ("客服:您的手机号是 客户:呃 幺三九 客户:零五八二 客服:嗯 您说 客户:七七幺六", ["幺三九", "零五八二", "七七幺六"], "PHONE"),
    ("客服:麻烦报一下护照号码 客户:EA 客户:3391027 客服:收到", ["EA", "3391027"], "PASSPORT"),
    ("客服:车牌号多少 客户:冀F 客户:8X2M1 客服:好的", ["冀F", "8X2M1"], "PLATE"),
    ("客服:邮箱发一下 客户:liu.qing 客户:@sina.cn", ["liu.qing", "sina"], "EMAIL"),
    ("客户:卡号 客户:6222 0200 客户:1234 5678 903 客服:一共19位吗", ["6222 0200", "5678 903"], "BANKCARD"),
    ("身份证是 1 1 0 1 0 1 1 9 9 0 0 3 0 7 7 7 1 5 对", ["1 9 9 0 0 3 0 7"], "ID"),
    ("护照号是 E 5 5 2 0 9 1 8 3 对", ["5 5 2 0 9 1 8 3"], "PASSPORT"),
    ("车牌是 浙B 三七幺 Q 八 对 宁波的", ["三七幺"], "PLATE"),
    ("车牌号 黔A 7K892", ["7K892"], "PLATE"),  # 黔 written for 贵
    ("邮箱 l i u y a n 艾特 幺六三 点 com", ["l i u y a n"], "EMAIL"),
    ("邮箱是 zhou xiao hong @ 126 . com 收一下", ["zhou xiao"], "EMAIL"),
    ("我是Chen Xiaoyu,包裹还没 ship", ["Chen Xiaoyu"], "NAME"),
    ("cc给Ouyang Ming一下", ["Ouyang Ming"], "NAME"),
    ("谭科长说抬头开错了", ["谭"], "NAME"),
    ("Ye Qing和Gao Bin是我们的同事", ["Ye Qing", "Gao Bin"], "NAME"),
    ("我是Zeng Xiaoyu", ["Zeng Xiaoyu"], "NAME"),  # 曾 read as a surname
    # rare surnames that are no word of chat, titles, 老/小 at a clause's start, English given names
    ("笪宏伟的退款什么时候到", ["笪宏伟"], "NAME"),
    ("麻烦转告邴静怡,她的包裹到了", ["邴静怡"], "NAME"),
    ("联系白大哥,他在楼下", ["白"], "NAME"),
    ("京东快递贾小哥人挺好的", ["贾"], "NAME"),
    ("张队长说明天再来", ["张"], "NAME"),
    ("让老郑帮我下的单,地址填错了", ["老郑"], "NAME"),
    ("让老唐下来拿", ["老唐"], "NAME"),
    ("邻居小陈在家 你们打他电话", ["小陈"], "NAME"),
    ("问问老赵说的对不对", ["老赵"], "NAME"),
    ("Hi, this is Oscar Zhou. 我的订单一直没有发货", ["Oscar Zhou"], "NAME"),
    ("导游Queenie Guo带团的时候把老人丢了", ["Queenie Guo"], "NAME"),
    ("送货的老刘昨天来修过 没修好", ["老刘"], "NAME"),
    ("我儿子悠悠 他拿我手机充了游戏", ["悠悠"], "NAME"),  # a child's pet name after a kin word
    ("让欣欣下楼拿一下", ["欣欣"], "NAME"),
    ("阿不都热合曼·吐尔逊的订单请尽快发货", ["阿不都热合曼", "吐尔逊"], "NAME"),  # a dotted name, no cue
    ("是隔壁的钟婶帮忙签的字", ["钟"], "NAME"),
    ("车间的殷班长让我帮大家团购", ["殷"], "NAME"),
    ("快递员施师傅没让开箱验货", ["施"], "NAME"),  # the tagger's cut glued the surname to 快递员
    ("Contact Helen Xu at the front desk", ["Helen Xu"], "NAME"),
    ("收件人填的是Li Mengyao,驿站说名字不对", ["Li Mengyao"], "NAME"),
    ("客服:请提供身份证号 客户:前六位110108 客户:中间19660321 客户:后四位4526", ["110108", "19660321", "4526"], "ID"),
    ("身份证前面是220102198后面是906275314", ["220102198", "906275314"], "ID"),
    ("微讯:ChanKaMan_hk,维信shuangshuang_qq", ["ChanKaMan_hk", "shuangshuang_qq"], "MESSAGING"),
    # addresses: typed with spaces from the district, said in numerals, a dormitory room,
    # a flat glued to a masked address, a building and flat alone, 呼和浩特 and 和平 in names
    ("地址 武侯区 高攀路 26号 1栋 2单元 14楼 3号", ["高攀路", "2单元"], "ADDRESS"),
    ("我家地址 杭州市拱墅区 大关路 一百号 绿地中央广场 二号楼 一五零三", ["大关路", "一五零三"], "ADDRESS"),
    ("就是 长宁区 仙霞路 三百一十七弄 十二号 六零一 嗯", ["仙霞路", "六零一"], "ADDRESS"),
    ("地址:武汉大学信息学部二舍A区314 收件人", ["信息学部", "314"], "ADDRESS"),
    ("改到广东省广州市越秀区环市东路339号广东国际大厦主楼1806 邮箱也改", ["339号", "1806"], "ADDRESS"),
    ("7栋2单元1103 放门口就行", ["1103"], "ADDRESS"),
    ("京东PLUS绑的手机155—5996—3470换了", ["5996"], "PHONE"),  # dashes as a word processor writes them
    # addresses first seen in dev_i: numbers in numerals, a named compound's building, a city typed apart
    ("我住中山路二百一十七号附三号,门口有个修鞋摊", ["二百一十七", "附三号"], "ADDRESS"),
    ("七栋二单元十二楼一号,没有电梯", ["十二楼一号"], "ADDRESS"),
    ("地址写成云顶山庄6栋了", ["云顶山庄"], "ADDRESS"),
    ("客户:嗯 地址是 青岛 市北区 辽源路 二百号 七号楼 三单元 四零二", ["青岛", "四零二"], "ADDRESS"),
    ("淮海中路1285弄,对面是地铁站", ["1285弄"], "ADDRESS"),
    ("地址简写:万科城二期C区15-2-601", ["15-2-601"], "ADDRESS"),
    ("送中山路288号就行", ["中山路288号"], "ADDRESS"),
    ("亲 地址改成翠湖天地 8号楼 2单元 901 城市不变", ["翠湖天地", "901"], "ADDRESS"),
])
def test_personal_data_of_every_kind_is_masked(text, leaked, kind):
    cleaned = clean_text(text)
    for value in leaked:
        assert value not in cleaned, cleaned
    assert f"[{kind}]" in cleaned
    assert clean_text(cleaned) == cleaned


def test_a_number_read_out_after_a_card_word_is_a_card_not_an_id():
    # date-shaped and 18 digits, passes Luhn, fails the ID check digit: the card word decides
    number = " ".join("430102199003071004")
    assert clean_text(f"卡号是 {number} 对") == "卡号是 [BANKCARD] 对"
    assert clean_text(f"身份证号码是 {number} 对") == "身份证号码是 [ID] 对"


def test_honorific_stays_and_the_surname_goes():
    assert clean_text("王先生您好，您的退款已到账") == "[NAME]先生您好,您的退款已到账"


def test_keyword_of_a_contact_stays_and_only_the_value_is_masked():
    assert clean_text("微信号：wxid_abc123xyz") == "微信号:[MESSAGING]"


@pytest.mark.parametrize("text", [
    "我是京东客服小王，很高兴为您服务",  # an agent's work nickname: documented as kept
    "工号1234为您服务",
    "这款299元，3天内发货，第二次联系了",
    "空调KFR-35GW/BpR3DPA和iPhone 15 Pro，显卡RTX4090",
    "2023年11月11日买的，尺码XL，42码",
    "康师傅红烧牛肉面，李宁的鞋",
    "高铁站能自提吗，王者荣耀点券",
    "满299&减50",  # a bare "&" is text, not an entity
    "客户Apple Store的保修怎么算，叫 Air Jordan 的那款",  # title case after 客户/叫: a brand, not a name
    "你们微博叫京东客服吗，抖音搜 京东超市 就有",  # a brand's account is no one's personal data
    "订单 1234 5678 9012 3456 价格 1 299 元",  # grouped digits without a valid check digit
    # look-alikes a review found masked by rules of this round
    "在抖音叫卖的产品都是假货，小红书上叫好的东西不行",  # 叫卖, 叫好: no handle
    "支付宝 1299 50 元",  # two groups of digits: no QQ id
    "转运单 886 912 345 678 到哪了",  # a tracking number shaped like a Taiwan mobile
    "我们叫车的时候",
    "祝岳父身体健康，祝程序员节日快乐",  # a wish to a role, not to a name
    "香港护照 Hong Kong 签发",  # a place in a passport turn
    # look-alikes of the dev_e rules
    "扣了200块,扣款1000元,这个鹅肝很好吃",  # 扣 and 鹅 before a QQ number only
    "我在抖音上看到的,抖音直播间买的",
    "Q3季度的活动,tg群",
    "洞洞鞋,墙上打了三个洞",
    "护照过期了怎么办,港澳证办好了吗",
    # look-alikes of the dev_f rules
    "客户：白条分3期每期433元 对吗\n客服：是的",  # who speaks in a transcript, not a customer's name
    "客户：周大福的项链 发票上克重不对",
    "尾号1234的卡,后四位7090是我的卡",  # a card's last digits, no phone pieces named
    "还有2000块没退,电话里说还有3天",
    "我们小区3栋的邻居也坏了,数量*2",
    # look-alikes of the dev_g rules
    "收货电话138****6621是您本人吗",  # a platform's half-masked read-back stays, as in dev_f
    "这个姓很少见,欧阳 这个姓怎么输入,您贵姓,老百姓",  # 姓 as a noun
    "琪是王字旁一个其,鲁A字头的车ETC怎么办",  # a radical's name, a plate's first letter
    "给小米手机充电,买的老干妈,这个好 好的好",  # 小米 and 老干妈 are words
    "尾号1353**的卡",  # a masked number with no name beside it
 "会计说发票要重开,店长同意了",  # a title without a surname
    # look-alikes of this round's name rules
    "售前客服-小鹿为您服务,客服 小王 上次说的",  # an agent's work nickname
    "客服:亲,小刘是我们同事,我帮您查一下",
    "小区门口,小时候,老是这样,小程序里下单",  # words that start with 老/小 and a surname-like character
    "施工队长说明天到,大哥大",  # a title with no surname before it
    "Apple Watch和Air Max,Pro Max",  # title-case pairs with no pinyin surname
    "我和平时一样买了3栋房子,大学毕业3年了,宿舍楼下",  # 和平 in a sentence, a campus with no room
    "第3栋2单元的住户都停电了,每天18:00停,2023年开始",  # a building with no flat
    "我女儿天天哭,我家狗狗吃了你们的狗粮,给我我帮您看下,我们家宝宝过敏了",  # adverbs, pets, pronouns said twice
    "阿姨说她没看到,阿里的客服说",
    # look-alikes first seen in dev_i
    "我们小区3栋的邻居也坏了,这个小区3栋也是,第三栋二单元",  # a building of no named compound, no flat
    "客户:订单号是 三零二 八八四 六五五七零 坐席:好的",  # an order number read out
    "坐席:您可以拨打四零零 六零六 五五零零 转二",  # the company's hotline read out
    "我们这边区号0898,快递到不了",  # an area code alone
    "机身序列号18403275921,保修查询说查不到,IMEI 861234567890123",
    "钉钉考勤机M2打卡识别不了,维修单号WX202406150031",
    "客户:我家狗叫豆豆 咬坏了充电线,买的狗粮我家汪汪不吃",
    "智能一键通·搅拌,我小姨说",  # a dot between words of the language; 姨 after no surname
    "可以帮您联系补漆师傅上门,你让双班老师怎么活",  # a surname-like character inside a word
    "身份证后四位231X,卡号后四位1234",  # last digits alone refer to a number, not give it
    "身份证办好了,快递单号后面是123456,订单前面是654321",
    # look-alikes a review of this round's rules found
    "小白也能用吗,我就是一个小白不会用,我家小白不吃这个猫粮",  # 小白: a novice, a pet
    "亲,小孙在的呢;坐席:小王在的,您请说;售后:小陈帮您登记了",  # agents' work nicknames
    "小高跟鞋有没有36码,小黄人的玩具还有吗,买的老姜不辣啊,隔壁老王又来了",
    "儿子帅帅的,很合身;孩子胖胖的穿不进去;我家麻麻说好用,叫粑粑来拿",
    "三只松鼠·坚果礼盒有货吗,康师傅·红烧牛肉面,花西子·空气散粉",  # a brand and its series
    "勒布朗·詹姆斯球衣有没有XL,奥黛丽·赫本同款连衣裙,王者荣耀·李白皮肤",
    "你们淮海路3号店几点关门,线路2号故障了,去医院3号楼挂号,明天去科技园2号楼面试",
    "我们这里3栋也停电了,你们这里100-1000的都有吗,这款沙发 3座 2980",
    "打卡 黄浦区 南京路 步行街,华东区 2022 2023 两年的销量,我是中山大学东校区2024级新生",
    "身份证放前面了,尾款后面是1999",
    "旺旺雪饼520g还有货吗,我是萧山的",
    "跟Ray Ban比哪个好,和Alexander Wang联名款,for Xiaomi Mi 11 的壳,Lenovo Xiao Xin Pro",
])
def test_what_the_models_need_is_kept(text):
    cleaned = clean_text(text)
    assert not re.search(r"\[(?:NAME|PHONE|ORDER|MESSAGING|BANKCARD|ID|ADDRESS)\]", cleaned), cleaned


@pytest.mark.parametrize("text", [
    # look-alikes of the dev_h rules, most found by a review of them
    "客服:请问您的电话 客户:稍等 客户:我买了3个 客服:好的 客户:2021",  # the answer ended the field
    "客户:手机坏了 客户:2000",  # a phone named, no number asked for
    "客服:请提供订单号码 客户:2304",  # an order's 号码
    "客服:您的会员卡号 客户:8899",  # a shop's card
    "客服:已经给您电话回访过了,请问订单金额是多少 客户:299",  # the field named in passing
    "客服:邮箱收到验证码了吗 客户:嗯 客户:123456",
    "客户:银行卡扣了钱 客户:1299",
    "客服:发票已发到您邮箱 请查收 客户:ok 客户:thx",
    "客服:请问车牌 客户:TESLA",  # a plate's tail holds a digit
    "寄到Hong Kong,Hello Kitty的款,Xbox One X,Li Ning的鞋,Zhao Shang银行,Long Time no see",
    "苏A 一二三四五 元",  # no plate named
    "车牌 粤B 七七八八都掉漆了",  # not a plate's end
    "订单 12345 型号 X5",
    "小薇:Hello 亲 在的,蔷薇:Rose款有货",  # a name ending in 薇 is no WeChat keyword
    "电源适配器v是v2版本吗",
    "16位同学的评分 5 3 5 5 4 5 5 5 5 5 4 5 5 5 5 5",  # single digits with no id or card named
    "武警官兵辛苦了,班组长说可以,钱会计算错了",
])
def test_look_alikes_of_the_transcript_and_spelling_rules_stay(text):
    assert_nothing_masked(text)


def test_an_e_mail_spelled_out_takes_only_its_user_name():
    assert clean_text("订单 12345 abc 艾特 qq 点 com") == "订单 12345 [EMAIL]"
    assert clean_text("型号 X5 pro wang 艾特 126 点 com") == "型号 X5 pro [EMAIL]"


def test_transcript_pieces_are_stable_beside_a_name():
    # a name between the field and a number closes the field on both passes
    for text in ("客服:请问您的电话 客户:张伟 客户:2021", "车牌,我的电话是13800138000,车就是那辆京A 三四五六七"):
        once = clean_text(text)
        assert clean_text(once) == once


def test_a_title_beside_a_half_masked_mobile_stays():
    assert clean_text("王师傅1389999**说明天到") == "[NAME]师傅1389999**说明天到"


def test_numbers_beside_a_phone_join_it_only_when_they_can_be_its_pieces():
    # years, counts and an office extension stay; digits said after the phone join it
    assert clean_text("电话13812345678 2022年买的,3台都坏了") == "电话[PHONE] 2022年买的,3台都坏了"
    assert clean_text("office: 010-62345678 ext 215") == "office: [PHONE] ext 215"
    assert clean_text("电话 13812345678 嗯 七七三幺") == "电话 [PHONE] 嗯 [PHONE]"


def test_an_order_number_shaped_like_a_mobile_stays_an_order_number():
    assert clean_text("订单号 13920847561 查不到物流") == "订单号 [ORDER] 查不到物流"
    assert clean_text("下单手机是186 2137 5590") == "下单手机是[PHONE]"  # 下单 names no order number


def test_order_placeholders_of_jddc_stay_typed():
    assert clean_text("您好，[订单x]已出库，[数字x]天内送达") == "您好,[ORDER]已出库,[NUM]天内送达"


@pytest.mark.parametrize("number, kind", [
    ("6222021252427316720", "BANKCARD"),  # passes Luhn
    ("4367 4248 3478 2450 406", "BANKCARD"),
    ("110101197503136663", "ID"),  # valid check digit
    ("51010719910208645X", "ID"),
    ("131082500215333", "ID"),  # 15-digit ID of before 1999
    ("13851726394", "PHONE"),
    ("91440300708461136", None),  # a tax number: not a card, not an ID
])
def test_long_numbers_are_told_apart_by_their_checksums(number, kind):
    assert classify_number(number) == kind


def test_web_residue_is_removed_as_the_test_set_expects():
    cases = pii_report.read_jsonl(PII_DIR / "web_residue.jsonl")
    for case in cases:
        cleaned = strip_web_residue(case["raw"])
        assert re.sub(r"\s+", "", cleaned) == re.sub(r"\s+", "", case["expected"]), case["id"]
        assert strip_web_residue(cleaned) == cleaned
    assert strip_web_residue("一家人👨\u200d👩\u200d👧") == "一家人👨\u200d👩\u200d👧"  # emoji sequence kept


def test_spans_cover_the_value_and_nothing_around_it():
    text = normalise("寄件人吴强 17372918465")
    assert [(text[a:b], kind) for a, b, kind in find_pii(text)] == [("吴强", "NAME"), ("17372918465", "PHONE")]


def test_measured_figures_meet_the_goals_on_the_development_set():
    # The rules were written against this set: a regression guard, not the held-out figure.
    cases = pii_report.read_jsonl(PII_DIR / "pii_cases.jsonl")
    negatives = pii_report.read_jsonl(PII_DIR / "negatives.jsonl")
    per_type, _ = pii_report.score_cases(cases, negatives)
    kept, _, _ = pii_report.score_negatives(negatives)
    report = {"types": per_type, "negatives_kept": kept}
    failed = {key: check for key, check in pii_report.check_goals(report).items() if not check["met"]}
    assert not failed


def test_a_debug_limit_reads_the_first_texts_of_each_file_of_each_set():
    sets = [PII_DIR.parent / "dev_b", PII_DIR.parent / "dev_c"]
    report, _ = pii_report.measure(sets, limit=7)
    assert report["cases"] == {"positive_texts": 14, "spans": sum(
        len(c["spans"]) for s in sets for c in pii_report.read_jsonl(s / "pii_cases.jsonl")[:7]),
        "negative_texts": 14, "web_residue": 0}
    whole, _ = pii_report.measure(sets[:1])
    assert whole["cases"]["positive_texts"] == len(pii_report.read_jsonl(sets[0] / "pii_cases.jsonl")) > 7


def test_clean_text_is_idempotent_on_every_pii_case():
    texts = [json.loads(line)["text"] for name in ("pii_cases.jsonl", "negatives.jsonl")
             for line in (PII_DIR / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    for text in texts:
        once = clean_text(text)
        assert clean_text(once) == once, text


@pytest.mark.parametrize("text", [
    # found by joining two development texts: an id right after a digit, a name after a line break
    "身份证510107198907156342微信号:JX-Ketty 拉我进群",
    "我这可是易碎品\n田园先生，您好，您的预约已经确认。",
])
def test_clean_text_is_idempotent_where_a_second_pass_once_found_more(text):
    once = clean_text(text)
    assert clean_text(once) == once


def test_clean_text_is_idempotent_on_pairs_of_texts_joined():
    # Turns join texts the sets hold apart (a line break, a filler between): the rules
    # must reach the same masks on their own output whatever stands next to what.
    import random

    texts = [json.loads(line)["text"] for path in sorted(PII_DIR.parent.glob("*/*.jsonl"))
             if path.parent.name != "held_out" and not path.parent.name.startswith("held_out")
             and path.name in ("pii_cases.jsonl", "negatives.jsonl")
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(20261202)
    unstable = []
    for _ in range(1500):
        first, second = rng.sample(texts, 2)
        joined = first + rng.choice([" ", "，", "\n", "", " 嗯 "]) + second
        once = clean_text(joined)
        if clean_text(once) != once:
            unstable.append(joined)
    assert not unstable, unstable[:3]


def test_order_numbers_turned_into_the_order_placeholder_are_told_apart():
    negatives = [{"id": "n1", "text": "我的京东订单号283746519203 怎么还没出库", "keep": ["283746519203"]},
                 {"id": "n2", "text": "李先生牛肉面 外卖 加卤蛋", "keep": ["李先生牛肉面"]},
                 {"id": "n3", "text": "这款299元", "keep": ["299元"]}]
    kept, kept_or_order, lost = pii_report.score_negatives(negatives)
    assert kept["successes"] == 1 and kept_or_order["successes"] == 2
    assert {(m["id"], m["type"]) for m in lost} == {("n1", "negative_to_order"), ("n2", "negative_lost")}


def test_report_stage_writes_figures_with_intervals(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "pii.json"
    subprocess.run([sys.executable, "-m", "pipeline.pii_report", "--development", str(PII_DIR),
                    "--held-out", str(PII_DIR), "--out", str(out)], check=True, capture_output=True)
    report = json.loads(out.read_text())
    phone = report["development"]["types"]["PHONE"]["recall"]
    assert phone["n"] == 80 and phone["ci_low"] <= phone["value"] <= phone["ci_high"]
    assert set(report["held_out"]["goals"]) >= {"NAME.recall", "PASSPORT.precision", "negatives_kept"}
    assert report["goals_met"] == report["held_out"]["goals_met"]


def test_several_held_out_sets_are_measured_together(tmp_path):
    import subprocess
    import sys

    out = tmp_path / "pii.json"
    other = PII_DIR.parent / "dev_b"
    subprocess.run([sys.executable, "-m", "pipeline.pii_report", "--development", str(PII_DIR),
                    "--held-out", str(PII_DIR), str(other), "--out", str(out)], check=True, capture_output=True)
    report = json.loads(out.read_text())
    both = len(pii_report.read_jsonl(PII_DIR / "pii_cases.jsonl")) + len(pii_report.read_jsonl(other / "pii_cases.jsonl"))
    assert report["held_out"]["sets"] == [PII_DIR.name, "dev_b"]
    assert report["held_out"]["cases"]["positive_texts"] == both


def test_a_year_a_time_or_a_count_after_an_address_is_no_flat():
    assert clean_text("送到广东省广州市天河区体育西路131号 2023年买的,18:00前") == \
        "送到[ADDRESS] 2023年买的,18:00前"
    assert clean_text("地址广东省广州市天河区体育西路131号 三个都坏了") == "地址[ADDRESS] 三个都坏了"


def test_a_place_name_holding_和_is_masked_whole():
    assert clean_text("地址呼和浩特市赛罕区大学东街235号") == "地址[ADDRESS]"
    assert clean_text("客户:喂 和平大街339号御景园17幢1903室 师傅明天几点到") == "客户:喂 [ADDRESS] 师傅明天几点到"


@pytest.mark.parametrize("text", [
    "中山路288号13812345678张三",  # a phone glued to the address: the same on both passes
    "云顶山庄6栋13812345678",
    "淮海中路1285弄13812345678",
    "中山路288号110101199003077777",
    "地址 武侯区 高攀路 26号 1栋 2单元 13812345678",
])
def test_a_number_glued_to_an_address_cleans_the_same_twice(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert "13812345678" not in once and "110101199003077777" not in once


def test_an_address_cut_at_a_phone_keeps_the_space_before_it():
    assert clean_text("地址 武侯区 高攀路 26号 1栋 2单元 13812345678") == "地址 [ADDRESS] [PHONE]"


def test_a_word_before_a_district_typed_apart_is_its_city_only_if_a_place():
    assert clean_text("客户:嗯 地址是 青岛 市北区 辽源路 二百号 七号楼 三单元 四零二") == "客户:嗯 地址是 [ADDRESS]"
    assert clean_text("快递 海淀区 中关村 3号楼 到了") == "快递 [ADDRESS] 到了"


@pytest.mark.parametrize("text, expected", [
    # a mobile in groups of any size
    ("电话 13 6605 19 283", "电话 [PHONE]"),
    # a mobile said in pieces with words that name them between the pieces
    ("电话138开头,后面是5527 4409", "电话[PHONE]开头,后面是[PHONE]"),
    ("电话是138(这是前三位)2096(中间)5521", "电话是[PHONE](这是前三位)[PHONE](中间)[PHONE]"),
    ("电话前七位1377203 后四位我看下啊...哦6615", "电话前七位[PHONE] 后四位我看下啊...哦[PHONE]"),
    ("是13571......026384,刚才断了", "是[PHONE]......[PHONE],刚才断了"),
    # an id typed as pinyin words and digits, or with spaces inside: one placeholder
    ("wx: lin xiao 1208", "wx: [MESSAGING]"),
    ("微信号是tang hai yan 0523 全小写", "微信号是[MESSAGING] 全小写"),
    ("加我vx XiaoMa 0827,输的时候没空格", "加我vx [MESSAGING],输的时候没空格"),
    ("扣扣邮箱不用,加QQ401 726 938聊", "扣扣邮箱不用,加QQ[MESSAGING]聊"),
    ("姓名|张三|电话|13800001111|QQ|384019275", "姓名|[NAME]|电话|[PHONE]|QQ|[MESSAGING]"),
    # an account given in the turn after the agent asks for it
    ("客服:方便留个微信吗? 客户:zhao_yi_fan", "客服:方便留个微信吗? 客户:[MESSAGING]"),
    ("客服:请问QQ号 客户:1187 2654 09 客服:好的", "客服:请问QQ号 客户:[MESSAGING] 客服:好的"),
    # an e-mail said with 下划线 or numerals in its user name
    ("客户:邮箱是 liu yang 一九九零 艾特 一六三 点 com 坐席:好的", "客户:邮箱是 [EMAIL] 坐席:好的"),
    ("客户:邮箱 chen 下划线 yu 艾特 qq 点 com", "客户:邮箱 [EMAIL]"),
    ("客户:邮箱是 h u a n g 下划线 l e i 艾特 一二六 点 com", "客户:邮箱是 [EMAIL]"),
])
def test_phones_ids_and_e_mails_given_in_pieces_or_spelled_apart(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    "138元买的 后面是2211 7788那个型号",  # a price is no first piece
    "第138期 还有 1234 5678",
    "前面是138 后面是 2211 778",  # ten digits make no mobile
    "订单号138 后面是 2211 7788",  # named an order
    "13.5 后面是 2211 7788",  # a decimal
    "客服:方便留个微信吗? 客户:ok",
    "客服:有微信吗? 客户:没有 客户:2000",
    "微信 is ok now",
])
def test_look_alikes_of_pieces_and_spaced_ids_stay(text):
    cleaned = clean_text(text)
    assert not re.search(r"\[(?:PHONE|MESSAGING|EMAIL)\]", cleaned), cleaned


@pytest.mark.parametrize("text, expected", [
    ("发票上的名字请写David Wu不要写中文", "发票上的名字请写[NAME]不要写中文"),
])
def test_an_english_given_name_and_pinyin_surname_after_a_form_field(text, expected):
    assert clean_text(text) == expected


@pytest.mark.parametrize("text", ["买的Vera Wang婚纱有瑕疵", "老师Good Morning课程还能退吗", "部门的Sales Manager是谁",
                                  "谢谢老师Thank You", "经理Love You", "组的King Kong玩具"])
def test_a_brand_a_course_or_a_phrase_after_a_role_word_stays(text):
    assert clean_text(text) == normalise(text)


@pytest.mark.parametrize("text, expected", [
    # shapes first seen in dev_j
    ("扣扣1830-0455-61这个也是我小号", "扣扣[MESSAGING]这个也是我小号"),
    ("我的威信13 8 0 2 1 1 6 4 3 7 9一个数字一个数字打的", "我的威信[MESSAGING]一个数字一个数字打的"),
    ("Line:ming-tw_77 我台湾的", "Line:[MESSAGING] 我台湾的"),
    ("LINE帐号ken_huang_tw,我在台中", "LINE帐号[MESSAGING],我在台中"),
    ("薇芯ruoxi-1201", "薇芯[MESSAGING]"),
    ("阿里旺旺tb_小熊软糖2019,淘宝上直接找我", "阿里旺旺[MESSAGING],淘宝上直接找我"),
    ("淘宝ID小鹿乱撞_2016,你们后台能看到吗", "淘宝ID[MESSAGING],你们后台能看到吗"),
    ("wx号:w x 1 9 9 0 l x(全都连起来)", "wx号:[MESSAGING](全都连起来)"),
    ("抖音号是 dou yin 幺幺 二 幺 七 坐席 好", "抖音号是 [MESSAGING] 坐席 好"),
    # the agent reads the id back: masked as the first time
    ("我微信是 嗯 wei xiao bao 八八 坐席 wei xiao bao 八八 是吧", "我微信是 嗯 [MESSAGING] 坐席 [MESSAGING] 是吧"),
    # 叉 said for an ID's X; a card read out in groups listed with 、
    ("客户:身份证 六二零一零二一九九五零四一五一零六叉 客服:好", "客户:身份证 [ID] 客服:好"),
    ("我报下卡号,6222、0035、1200、6688、175", "我报下卡号,[BANKCARD]"),
    ("苏州的车,苏E五六七八九", "苏州的车,[PLATE]"),
    ("发tian  yu  2020 @ 139.com,空格是多打的", "发[EMAIL],空格是多打的"),
    ("客户:邮箱是 幺七七六零三二九八五 at q q 点 com 坐席:好", "客户:邮箱是 [EMAIL] 坐席:好"),
    # values in pieces over the turns: sent to the agent, after 前面是, kept open by the agent's 嗯
    ("客户:身份证号发你了 客户:650102 客户:199101 客户:122251 客服:收到",
     "客户:身份证号发你了 客户:[ID] 客户:[ID] 客户:[ID] 客服:收到"),
    ("客户:卡号前面是6217 客户:0011 客户:8820 客户:4477 客服:好的我念一遍",
     "客户:卡号前面是[BANKCARD] 客户:[BANKCARD] 客户:[BANKCARD] 客户:[BANKCARD] 客服:好的我念一遍"),
    ("客户:车牌是晋A 客户:K九二六一", "客户:车牌是[PLATE] 客户:[PLATE]"),
    ("客服:邮箱能说一下吗 客户:lanyu二零零八 客户:艾特一二六点com 客服:好的",
     "客服:邮箱能说一下吗 客户:[EMAIL] 客户:[EMAIL] 客服:好的"),
])
def test_ids_cards_and_accounts_in_the_shapes_of_dev_j(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    "淘宝号被盗了,登不上",  # the account named, no id given
    "淘宝买了iPhone15,屏幕坏了",
    "旺旺上问了3次没人理",
    "加微信 2 3天没回",
    "微信 is ok now",
])
def test_look_alikes_of_the_dev_j_rules(text):
    assert_nothing_masked(text)


def test_what_the_dev_j_rules_leave_beside_what_they_mask():
    # 叉 after a number that is no ID stays text, the number is masked apart
    assert clean_text("电话一三八零零一三八零零零叉") == "电话[PHONE]叉"
    # a handle said again as a company's name
    cleaned = clean_text("//@海南航空:好消息 此前已购买海南航空客票的旅客可退票")
    assert "已购买海南航空客票" in cleaned, cleaned
    # a short value said again is no read-back
    cleaned = clean_text("(T510次列车,13时54分到达) 微博@T510")
    assert cleaned.startswith("(T510次列车"), cleaned


@pytest.mark.parametrize("text, expected", [
    # 老/小 + surname at a clause's start, before a word that tells what the person did or is
    ("客户:喂 老蔡说明天过来拿货", "客户:喂 老[NAME]说明天过来拿货"),
    ("小郑帮我下的单,我不太会用手机", "小[NAME]帮我下的单,我不太会用手机"),
    ("小杨人挺好的,但是流程太慢", "小[NAME]人挺好的,但是流程太慢"),
    # a reply names the account replied to, as a repost does
    ("回复@平民圈_10357:不能吗", "回复@[MESSAGING]:不能吗"),
])
def test_old_or_young_at_a_clause_start_and_replied_handles(text, expected):
    assert clean_text(text) == expected


@pytest.mark.parametrize("text", [
    "小白说明书看不懂",  # 说明书 is one word
    "小米说明书呢",
    "亲,小孙说明天发货",  # the agent's own work name
    "客官,稍等一下喔~小阳帮您看一下",
    "老师说明天交",
    "小龙虾说好的",
    "小路是我们公司新来的",  # 小路 is a word
    "小白也想买",
])
def test_look_alikes_of_old_or_young_at_a_clause_start_stay(text):
    assert "[NAME]" not in clean_text(text)


@pytest.mark.parametrize("text, expected", [
    ("我住锦绣花城二期12栋,几单元忘了", "我住[ADDRESS],几单元忘了"),  # a phase, then the building
    ("包裹被放在翠湖天地2期9座门口了", "包裹被放在[ADDRESS]门口了"),
    ("红星村五组十八号,打电话给我", "[ADDRESS],打电话给我"),  # a village's group
    ("我是三栋二单元九零二的", "我是[ADDRESS]的"),  # numerals after a verb, the flat read digit by digit
    ("地址写的泉州丰泽区东海街道 东海湾小区 3号楼 801,别送错", "地址写的[ADDRESS],别送错"),  # one placeholder
    ("襄阳市樊城区人民路68号附近,你到了就知道", "[ADDRESS]附近,你到了就知道"),  # 附近 is no 附 number
    # the tail of a masked address stops at 的 and a pronoun
    ("配送员送到了[地址x]的另一栋楼 他把楼号看错了", "配送员送到了[ADDRESS]的另一栋楼 他把楼号看错了"),
])
def test_addresses_by_phase_village_group_and_numerals(text, expected):
    assert clean_text(text) == expected


@pytest.mark.parametrize("text", ["农村3组数据不全", "第二期3栋的活动", "一二三单元测试"])
def test_look_alikes_of_the_phase_and_village_rules_stay(text):
    assert "[ADDRESS]" not in clean_text(text)


@pytest.mark.parametrize("text", [
    # look-alikes a review of the dev_j rules found (each masked by a version of them)
    "我在淘宝APP上下的单", "淘宝id怎么改", "旺旺ID多少", "淘宝是618买的", "旺旺:3分钟回复", "淘宝VIP会员能退吗",
    "淘宝id 2024年注册的",
    "客服:您是用什么付款的 客户:支付宝 客户:2999",  # a payment method, then an amount
    "客户:可以用微信吗 客户:1399",  # the customer asks, gives nothing
    "客服:请问支付宝账号是? 客户:alipay",
    "客户:我加了你们客服微信 客户:v2.0",
    "客服:请问您的邮箱 客户:我没邮箱 客户:一二三",
    "支付宝 2024-05-12 到账", "微信 400-820-8820 是官方电话吗", "微信 1 000 000 播放量", "Line:400-800-1234",
    "QQ 1-2-3-4-5-6-7-8 步骤",
    "序列号 SN 13 6605 19283", "IMEI 15 8802 3391 7", "批次号 15-88-023-3917",
    "客户:第一笔是158 然后是2233 最后4455",  # amounts joined by 然后/最后
    "价格是 138 后面还有 2211 7788 的运费",
    "微信 iOS 17 2 闪退", "微信 app 2 0 打不开", "wx pay 2 times", "企业微信 v 4 1 22 版本",
    "充电器 v pd20w 快充", "V ipad2021 怎么样",
    "客服:您好,小刘昨天已经帮您催过了", "抱歉久等了,小王刚才去问了",
    "苹果第二期12座城市巡演", "我们楼盘二期12栋什么时候交房", "课程2期3座位", "试点村3组,",
    "回复@所有人:明天开会",
])
def test_look_alikes_a_review_of_the_dev_j_rules_found_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text", [
    "客户:车牌苏E 五六七八九 三号楼二单元一零一",  # a plate read out, then a flat read out
    "客户:我车是京N 幺二三四五 五栋一单元七零一",
    "车牌苏E 五六七八九 三栋二单元九零二的",
])
def test_a_plate_read_out_before_an_address_cleans_the_same_twice(text):
    once = clean_text(text)
    assert "[PLATE]" in once and "[ADDRESS]" in once and "[NAME]" not in once, once
    assert clean_text(once) == once


def test_a_field_closes_once_the_agent_moves_on():
    # the agent's 好的 after a whole number: a number the customer says next is no piece of it
    assert clean_text("客服:请问您的手机号 客户:13800138000 客服:好的 客户:1399") == \
        "客服:请问您的手机号 客户:[PHONE] 客服:好的 客户:1399"


@pytest.mark.parametrize("text", [
    # look-alikes a second review found after the first narrowing
    "淘宝号是2019年注册的", "淘宝账号在iPhone上登录不了", "淘宝号换了1个手机就登不上了", "淘宝号: 88VIP", "淘宝名 小米14",
    "客服:发票会发到您的邮箱 客户:OK", "客服:请问您的邮箱? 客户:ok", "客户:发票发我邮箱 客户:两点", "客服:请问邮箱 客户:Gmail",
    "手机那款 1599 的, 还有 2299 的, 外加 599 的耳机", "电话说第一次 150 然后 2233 最后 4455",
    "尾号 1388 的手机 和 尾号 2255 的 加上 888",
    "客户:用的微信 客户:15800", "客服:您是用什么付款的 客户:微信 客户:12800", "客服:我们支持微信和支付宝 客户:25800",
    "我在2018、2019、2022、2023年都买过", "活动价139、159、259、799、1299的",
    "流水号 13 8800 1234 5", "税号 13 6605 19 283", "型号 SM-G 13 6605 19 283", "我买了 13 6605 19 283 件",
    "订单号是 1 3 8 零 0 1 3 8 0 0 0", "工单号 1 5 8 零 7 7 2 3 4 5 6",
    "微信 66 88 188 的红包", "微信 2 4 6 8 10 12 块的红包", "vx 1 3 6 12 24 期免息", "QQ 12 24 36 48 60 个月",
    "微信 9 10 11 12 13 号都转过账", "微信 5-10 10-20 20-50 的红包",
    "我有微信 A B 两个号都被封了", "支付宝 hua bei 12 期", "支付宝 hua bei 3 6 12 期免息",
    "小李帮你查一下哈", "发票抬头请写Golden Sun Ltd", "汉兰达分24期7座,月供多少",
])
def test_look_alikes_a_second_review_found_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text", [
    "电话 1 3 8 零 0 1 3 8 0 0 0 三栋二单元九零二",  # numbers read out, then a flat read out
    "客户:我手机 1 3 9 零 2 2 3 3 4 4 5 七栋一单元七零一 放门口",
    "电话 13 6605 19 283 一二三四五六七叉",  # a run of numerals after a number masked already
])
def test_numbers_read_out_beside_others_clean_the_same_twice(text):
    once = clean_text(text)
    assert clean_text(once) == once


def test_a_mobile_in_groups_after_a_phone_word_holding_码_is_masked():
    # 号码 ends in 码 as 条码 does: only a product's or a coupon's code word keeps the number
    assert clean_text("号码 13 6605 19 283") == "号码 [PHONE]"
    assert clean_text("拼团码 13 800 138 000") == "拼团码 13 800 138 000"


@pytest.mark.parametrize("text, expected", [
    # speech-recognition transcripts whose speaker labels lost their colon (dev_k)
    ("客服 您的卡号 客户 6222 客户 0210 客户 0817 客户 3345",
     "客服 您的卡号 客户 [BANKCARD] 客户 [BANKCARD] 客户 [BANKCARD] 客户 [BANKCARD]"),
    ("客服 通行证号码 客户 C 客户 3920 客户 1847", "客服 通行证号码 客户 [PASSPORT] 客户 [PASSPORT] 客户 [PASSPORT]"),
    ("客服 请问您的手机号 客户 一三八 客户 二七零四 客户 五五六一", "客服 请问您的手机号 客户 [PHONE] 客户 [PHONE] 客户 [PHONE]"),
    ("坐席 身份证号码 用户 410105 用户 19970215 用户 7729", "坐席 身份证号码 用户 [ID] 用户 [ID] 用户 [ID]"),
])
def test_pieces_in_a_transcript_whose_labels_have_no_colon(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    # look-alikes: a label word inside a sentence, a field named with no value asked for
    "客户 我们的客户 很多 客服 好的 客户 3天 客户 299元",
    "客户 电话多少钱一个月 客服 29元 客户 好的",
    "老客户 卡号 客服 6222 客户 说了",
])
def test_look_alikes_of_colonless_transcripts_stay(text):
    assert_nothing_masked(text)


def test_a_colonless_field_closes_once_the_agent_moves_on():
    assert clean_text("客服 请问您的手机号 客户 13800138000 客服 好的 客户 1399") == \
        "客服 请问您的手机号 客户 [PHONE] 客服 好的 客户 1399"


@pytest.mark.parametrize("text, expected", [
    # addresses as dev_k and the earlier development sets told them
    ("送到人民医院对面的锦华苑3栋2单元601,别放驿站", "送到[ADDRESS],别放驿站"),
    ("我家在菜市场旁边那个巷子进去第二家,红色铁门", "我家在[ADDRESS],红色铁门"),
    ("长途汽车站对面的时代华庭九栋,快递老是送错", "[ADDRESS],快递老是送错"),
    ("我在加油站对面那个红砖房的二楼,你打电话我下来", "我在[ADDRESS],你打电话我下来"),
    ("吉林省白山市抚松县松江河镇前进委二十三组,林区", "[ADDRESS],林区"),
    ("东西放邮政局隔壁的红星公寓一楼门卫室就可以。", "东西放[ADDRESS]就可以。"),
    ("送到锦江花园十四幢三单元六零二室", "送到[ADDRESS]"),
    ("我家住丽景湾小区二十栋一单元三楼东户!!", "我家住[ADDRESS]!!"),
    ("桃源居十二栋甲单元十五楼B,请送货上门", "[ADDRESS],请送货上门"),
    ("老家地址是宜宾市屏山县屏边乡新民村大坪组,过年回去要用", "老家地址是[ADDRESS],过年回去要用"),
    ("东风路一百零八号院五号楼三门二零一,别送错了", "[ADDRESS],别送错了"),
    ("客服:请问您的收货地址 客户:无锡市滨湖区 客户:梁溪路28号 客户:碧桂园3栋",
     "客服:请问您的收货地址 客户:[ADDRESS] 客户:[ADDRESS] 客户:[ADDRESS]"),
    ("客服:请问您在哪个小区 客户:紫荆花园 客服:几栋几单元 客户:15栋3单元 客服:好的",
     "客服:请问您在哪个小区 客户:[ADDRESS] 客服:几栋几单元 客户:[ADDRESS] 客服:好的"),
    # accounts on shopping platforms, and QQ called 球球
    ("旺旺:tb_小熊软糖2019", "旺旺:[MESSAGING]"),
    ("拼多多用户名pdd_48291736,砍价活动是假的", "拼多多用户名[MESSAGING],砍价活动是假的"),
    ("京东账号jd_7f82ab39c1,白条被扣了两次", "京东账号[MESSAGING],白条被扣了两次"),
    ("加我球球951248063", "加我球球[MESSAGING]"),
    # four levels down to a township; an address written in English; a flat's side or a workshop after the address
    ("我住黑龙江省绥化市望奎县灵山乡 你们发得过来吗", "我住[ADDRESS] 你们发得过来吗"),
    ("pls ship to Room 1203, No. 88 Xianxia Road, Changning District, Shanghai, tel ok",
     "pls ship to [ADDRESS], tel ok"),
    ("Flat 8C, Block 2, Kwai Chung Estate, Kwai Chung, N.T.", "[ADDRESS]"),
    ("世纪花园北区二十二栋一单元三楼东户,记住是北区", "[ADDRESS],记住是北区"),
    ("昆山市开发区前进东路创业园5号厂房,收货找仓库", "[ADDRESS],收货找仓库"),
    # eight digits after a phone word (a Hong Kong number, a landline without its code); a mobile's
    # first digits said before a correction or a filler
    ("联络电话6283 7451,香港号码,白天打", "联络电话[PHONE],香港号码,白天打"),
    ("客户 一五九 说错了 是一三九 二七零四 五五六一", "客户 [PHONE] 说错了 是[PHONE]"),
    ("客户:是 一七七......呃......一三九二 七零四五", "客户:是 [PHONE]......呃......[PHONE]"),
])
def test_landmark_numeral_and_part_by_part_addresses_and_platform_accounts(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    # look-alikes of those rules: a shop's or a work's place, a number after 前面, a field not asked for,
    # a building and unit with no compound named, what the real corpora said beside 旁边/后面
    "我在医院旁边的药店买的", "马路对面的工地天天夜里施工", "我在公司旁边的星巴克等你", "放在门口旁边的柜子里",
    "店就在万达广场对面3楼", "我们店在商场后面二楼", "号码前面是1355", "身份证前面是的那几位看不清",
    "物业说三栋二单元停电", "我们小区五栋三单元停水了", "第十二栋二单元的业主群", "买了三栋两单元的房子",
    "还请稍后点击小红心 或者输入栏旁边的+号 满意度", "放在一楼奶奶那里快递还搞错给了隔壁一户人家",
    "每一个id后面都是一个家庭", "客服:退货地址是仓库地址,稍后发您 客户:好的", "客服:请问收货地址 客户:还是原来那个 客户:3号",
    "京东:618买的", "京东账号被盗了", "球球大作战玩了3000局", "河南这边的三组长说",
    "浙江省杭州市余杭区仓前镇发布通知", "Unit 5, Block A is out of stock", "Room 302, the meeting room, is booked",
    "电话 9558 8000 转人工", "电话 4008 8208 20", "电话 2023 1115 打过", "手机 2023 1115 买的", "电话费2836元",
])
def test_look_alikes_of_the_dev_k_address_and_account_rules_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text", [
    # what a review of those rules found them masking, written apart from every PII set: a public place
    # told by a landmark, a notice about a building, a product's origin or a trip down to a township,
    # English lessons and bookings, answers to 地址 that are no address, app notices with "_" in them,
    # a pet called 球球, a price or a size before a phone number
    "学校对面的电影院,周末人特别多", "快递放到门卫旁边的快递架第三层", "体检中心在医院门诊楼后面的五号楼",
    "我在医院旁边的药房,拿了两盒", "公交站后面那栋楼,晚上灯一直亮", "【物业通知】翠湖花园三栋二单元明天上午停水",
    "产地:云南省普洱市思茅区倚象镇", "去年去了浙江省嘉兴市桐乡市乌镇,人挺多", "厂家在浙江省金华市义乌市佛堂镇",
    "Unit 3, Reading, Road Safety", "Room 201, Building 3, Science Park training centre",
    "客服:请问您的收货地址 客户:我忘了是几号楼", "客服:请问您的地址 客户:优惠券能用吗 满300",
    "客服:我把寄回地址发您 客户:东莞市长安镇", "客服 请问收货地址 客户 上次寄错了 寄到隔壁村",
    "京东:已发货_顺丰SF1234567890", "美团MT_SDK接入文档在哪下载", "得物ID_card验证失败",
    "球球 1234567 这个是它的芯片编号",
])
def test_look_alikes_a_review_of_the_landmark_township_and_field_rules_found(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # a team or a restaurant at an address is not the village's hamlet; a price or a size is no start of the phone
    ("上海市徐汇区宜山路700号工作组进驻", "[ADDRESS]工作组进驻"),
    ("上海市徐汇区宜山路100号茶庄", "[ADDRESS]茶庄"),
    ("宜宾市屏山县屏边乡新民村大坪组", "[ADDRESS]"),
    ("价格159啊 13800138000", "价格159啊 [PHONE]"),
    ("尺码选的 165 呃 13800138000 收货", "尺码选的 165 呃 [PHONE] 收货"),
])
def test_what_follows_an_address_or_precedes_a_phone_is_joined_only_when_it_belongs(text, expected):
    assert clean_text(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a chat export that glues the next speaker label to the end of a sentence
    ("客服:请问卡号?客户:436742 客户:625149 客户:9477 客服:收到",
     "客服:请问卡号?客户:[BANKCARD] 客户:[BANKCARD] 客户:[BANKCARD] 客服:收到"),
    # messaging ids on more platforms and in more spellings
    ("加个微:wangfei_0923 晚上聊", "加个微:[MESSAGING] 晚上聊"),
    ("Vzhouyu2021 私聊我", "V[MESSAGING] 私聊我"),
    ("Q:574920183 有事留言", "Q:[MESSAGING] 有事留言"),
    ("加我q9981 3302 47", "加我q[MESSAGING]"),
    ("纸飞机号 rainy_days_88", "纸飞机号 [MESSAGING]"),
    ("飞机 @kevin_hk_2021", "飞机 [MESSAGING]"),
    ("赖:lin_meihua_tw 加一下", "赖:[MESSAGING] 加一下"),
    ("我ins是summer_in_tokyo", "我ins是[MESSAGING]"),
    ("FB:wong.kaming.1990", "FB:[MESSAGING]"),
    ("KakaoTalk:jiwoo_kr93", "KakaoTalk:[MESSAGING]"),
    ("Discord starfish#2087", "Discord [MESSAGING]"),
    ("Steam好友码 284710395", "Steam好友码 [MESSAGING]"),
    ("陌陌号61829304", "陌陌号[MESSAGING]"),
    ("探探id:tt_jerry99", "探探id:[MESSAGING]"),
    ("B站UID386201947 来看", "B站UID[MESSAGING] 来看"),
    ("用户名:chenlu_0512 密码忘了", "用户名:[MESSAGING] 密码忘了"),
    # a Hong Kong estate's flat; English addresses led by the street number, or with a numbered ring road
    ("我住将军澳尚德邨尚美楼1608室", "我住[ADDRESS]"),
    ("Ship to: 88 Queen Street, Apt 12C, Auckland 1010", "Ship to: [ADDRESS]"),
    ("地址是 12 Baker Street, London", "地址是 [ADDRESS]"),
    ("Room 906, Tower 2, 18 West 2nd Ring Road, Xicheng, Beijing", "[ADDRESS]"),
    # plates of Hong Kong, Taiwan and Macau
    ("香港车牌KT 3921 停车场月票", "香港车牌[PLATE] 停车场月票"),
    ("台湾车牌 BHK-2087 的车主请移车", "台湾车牌 [PLATE] 的车主请移车"),
    ("澳门车牌MN-38-27 入境", "澳门车牌[PLATE] 入境"),
])
def test_glued_labels_more_platforms_estates_english_streets_and_plates_outside_the_mainland(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    # what a review of the rules above found them masking, written apart from every PII set: words that
    # start with v, an FAQ's question number, a flight after 飞机 @, 依赖:, app names before a word,
    # default accounts, a year after a plate word, Australia's plates, a shop in an estate, counts in English
    "vlan10配置不对", "vivo_x100 到货了吗", "vip12等级有什么权益", "Q:10086 怎么转人工?",
    "这架飞机 @南航 CZ3101 延误了", "项目依赖: pandas", "Facebook Marketplace 上买的", "ins风的杯子有吗",
    "IG Rookie 的周边", "Kakao Friends 的玩偶", "用户名 admin 登录不了", "用户名或密码错误(错误码E1002)",
    "香港车牌 HK 2024年 要年检吗", "澳洲车牌 NSW 2024年", "停车场后台车牌 V3 版本", "杏花邨酒楼3楼宴会厅能办寿宴吗?",
    "彩虹邨金碧楼2023年翻新", "Deliver to 12 Street Food stalls", "ship to 7 Eleven Street stores",
    "Deliver to 20 St Patrick's Day guests",
])
def test_look_alikes_a_review_of_the_platform_estate_english_and_plate_rules_found(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # a day's name before a surname and title is no count (周一 is not 一张); 老/小 + surname after a role
    # (门卫, 仓管) or 哥们儿; a formal title after a surname that is mostly a word elsewhere (宿, 寿, 区)
    ("周一蒋老师值班", "周一[NAME]老师值班"),
    ("交给门卫老孙", "交给门卫老[NAME]"),
    ("找仓管小陈", "找仓管小[NAME]"),
    ("我哥们儿老蒋说你们这能修", "我哥们儿老[NAME]说你们这能修"),
    ("宿女士已要求改址", "[NAME]女士已要求改址"),
    ("区先生您好", "[NAME]先生您好"),
])
def test_surnames_after_a_day_a_role_or_before_a_formal_title(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    "这张卡", "两张单", "一张老师的照片", "三王老师", "小区先生", "女儿老说", "不管小事", "保卫小区", "市区先生们",
])
def test_look_alikes_of_the_day_role_and_formal_title_rules_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # an ID or a card in pieces whose digits together carry the check digit, in one sentence or over turns
    ("前六位320106 中间19880715 后四位2318", "前六位[ID] 中间[ID] 后四位[ID]"),
    ("客户:440304 客户:199203 客户:045124", "客户:[ID] 客户:[ID] 客户:[ID]"),
    ("客服 身份证 客户 嗯 320106 客服 嗯 客户 1988 客户 0715 客户 2318", "客服 身份证 客户 嗯 [ID] 客服 嗯 客户 [ID] 客户 [ID] 客户 [ID]"),
    ("卡号前面622848 中间0011223 后面344554", "卡号前面[BANKCARD] 中间[BANKCARD] 后面[BANKCARD]"),
    # a card's pieces in numerals, its short last piece, an agent's bare 嗯 before the value is whole
    ("客服 您的卡号 客户 六二一七 客户 零零一二 客户 三四五六 客户 七八九三",
     "客服 您的卡号 客户 [BANKCARD] 客户 [BANKCARD] 客户 [BANKCARD] 客户 [BANKCARD]"),
    ("客户:卡号6228 客户:4800 客户:1122 客户:3344 客户:554 客服:收到",
     "客户:卡号[BANKCARD] 客户:[BANKCARD] 客户:[BANKCARD] 客户:[BANKCARD] 客户:[BANKCARD] 客服:收到"),
    ("客户:电话一三九二 客服:嗯 客户:二零三七 客户:八八一六 客服:好", "客户:电话[PHONE] 客服:嗯 客户:[PHONE] 客户:[PHONE] 客服:好"),
    # a plate asked for as 车牌号码 (not a phone's 号码), given a character at a time, and read back
    ("客服:车牌号码是? 客户:京 客户:Q 客户:三七二八幺 客服:京Q三七二八幺是吧",
     "客服:车牌号码是? 客户:[PLATE] 客户:[PLATE] 客户:[PLATE] 客服:[PLATE]是吧"),
    ("客服:请问QQ号是多少 客户:三八七 客户:零二二 客户:九一五 客服:387022915 客户:对",
     "客服:请问QQ号是多少 客户:[MESSAGING] 客户:[MESSAGING] 客户:[MESSAGING] 客服:[MESSAGING] 客户:对"),
    # a permit's letter before a number read out, also when the agent reads it back
    ("客户 港澳通行证 C八三九二零幺七五 坐席 C八三九二零幺七五 对吧", "客户 港澳通行证 [PASSPORT] 坐席 [PASSPORT] 对吧"),
    ("客服 护照号 客户 E 五 三 九 二 八 一 七 六 客服 好的", "客服 护照号 客户 [PASSPORT] 客服 好的"),
    ("My passport number is 583021947, US passport", "My passport number is [PASSPORT], US passport"),
    ("Passport number: 547812093, United States", "Passport number: [PASSPORT], United States"),
    # Hong Kong and Taiwan identity cards, valid by their check characters
    ("香港身份证号码:K526018(3)", "香港身份证号码:[ID]"),
    ("台湾身分证字号 A239099603,网购实名要用", "台湾身分证字号 [ID],网购实名要用"),
    # an ID read out in two halves with a word between them, each long enough to pass for a phone
    ("客户:身份证是三二零一零六嗯一九八八零七一五二三幺八", "客户:身份证是[ID]嗯[ID]"),
    ("客服 您的身份证号码 客户 四四零三零四一九九 客户 二零三零四五幺二四", "客服 您的身份证号码 客户 [ID] 客户 [ID]"),
    # a phone field given after 写的 or a particle, a wrong start before 不是, a numeral among digits, +86 said
    ("客户:收件电话写的152 客户:6677 客户:8301 客户:快递员说打不通", "客户:收件电话写的[PHONE] 客户:[PHONE] 客户:[PHONE] 客户:快递员说打不通"),
    ("客户 打我爱人电话吧 一五八 客户 零六七六 客户 三三九二", "客户 打我爱人电话吧 [PHONE] 客户 [PHONE] 客户 [PHONE]"),
    ("坐席 请问您的联系方式 客户 一五八 嗯 等一下 啊不是 一三八 一二三四 五六七八", "坐席 请问您的联系方式 客户 [PHONE] 嗯 等一下 啊不是 [PHONE]"),
    ("号码1 3 零 2 7 7 1 9 4 5 8", "号码[PHONE]"),
    ("电话 1 3 8 零 0 1 3 8 0 0 0 三栋二单元九零二", "电话 [PHONE] [ADDRESS]"),
    ("手机号码 +86 一三三 零五七二 四一九八", "手机号码 +[PHONE]"),
    # plates said with a filler or a middle dot
    ("客户 车 是 冀A 那个 二八九七五 白色的大众", "客户 车 是 [PLATE] 白色的大众"),
    ("客户:我车是浙B那个7D29L 宁波的", "客户:我车是[PLATE] 宁波的"),
    ("停车券绑定车牌吉B·七三五八九,我用汉字输的", "停车券绑定车牌[PLATE],我用汉字输的"),
])
def test_values_in_checked_pieces_read_backs_permits_and_plates_said_aloud(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, kept", [
    # a whole value closes the field: a price, a count or a reply after it stays
    ("客户:电话13812345678 客服:嗯 客户:199", "199"),
    ("客户:卡号6217001234567893 客服:好的 客户:3", "客户:3"),
    # a card in pieces and a price after it, whose digits together happen to pass Luhn too
    ("卡号前面6217001 后面234567893 扣了100元", "100元"),
    # a Taiwan ID's shape without an ID word, a Hong Kong ID's shape with a wrong check character
    ("型号A239099603", "A239099603"), ("编号K526018(4)", "K526018(4)"),
    # a letter before a number read out with no document in the text
    ("A座 一三九二零三七八", "A座"),
])
def test_look_alikes_of_checked_pieces_and_permits_stay(text, kept):
    cleaned = clean_text(text)
    assert kept in cleaned
    assert clean_text(cleaned) == cleaned


@pytest.mark.parametrize("text, expected", [
    # an account given a part at a time: a part after "_", a lower-case word, spaced letters and digits, a letter alone;
    # offered by the customer (加个微信吧), asked with the reason after it, and read back by the agent
    ("客户:微信号 客户:shine 客户:_0512 客户:下划线", "客户:微信号 客户:[MESSAGING] 客户:[MESSAGING] 客户:下划线"),
    ("客户:加个微信吧 客服:好的您说 客户:cherry_ 客户:wu1023 客户:连起来的",
     "客户:加个微信吧 客服:好的您说 客户:[MESSAGING] 客户:[MESSAGING] 客户:连起来的"),
    ("客服:您的微信号是多少我加您发一下图片 客户:w 客户:x 客户:19900214lx 客服:wx19900214lx 客户:对的",
     "客服:您的微信号是多少我加您发一下图片 客户:[MESSAGING] 客户:[MESSAGING] 客户:[MESSAGING] 客服:[MESSAGING] 客户:对的"),
    ("客服 方便留个微信吗 客户 嗯 w j 1314", "客服 方便留个微信吗 客户 嗯 [MESSAGING]"),
    # an e-mail asked as 邮箱地址, its user name a word at a time or in numerals, its domain with spaces (qq 点 com is no QQ)
    ("客服 邮箱地址 客户 嗯 pan 客户 jing 客户 艾特 一二六 点 com", "客服 邮箱地址 客户 嗯 [EMAIL] 客户 [EMAIL] 客户 [EMAIL]"),
    ("客服 您的邮箱 客户 三八二九 客户 一零七六五 客户 at qq 点 com", "客服 您的邮箱 客户 [EMAIL] 客户 [EMAIL] 客户 [EMAIL]"),
])
def test_accounts_and_e_mails_given_a_part_at_a_time(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    "客服:微信号多少 客户:ok 客户:没有微信", "客服:请问支付宝账号是? 客户:alipay", "客服 邮箱 客户 yes",
    "客户:我不用微信 客户:abcd", "客户:我没邮箱 客户:三八二九",
])
def test_look_alikes_of_accounts_given_a_part_at_a_time_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # an address over transcript turns: a city without 市 before its parts, 成都 and 郫都 (都 inside a place's name),
    # parts with commas between them, a 大院 and a 门 (unit), a flat as 19-4; asked with 哪里, 再确认一下, 详细一点
    ("客户 我家地址 成都 郫都区 犀浦镇 百草路 客户 恒大城二期 九栋一单元 二十四楼二号", "客户 我家地址 [ADDRESS] 客户 [ADDRESS]"),
    ("客服:收货地址哪里 客户:成都市武侯区 客户:临园路东段 客户:66号 富乐山小区 5栋 客服:好的",
     "客服:收货地址哪里 客户:[ADDRESS] 客户:[ADDRESS] 客户:[ADDRESS] 客服:好的"),
    ("客服:地址再确认一下。客户:广州市天河区,员村二横路,8号大院5栋,三楼302。", "客服:地址再确认一下。客户:[ADDRESS]。"),
    ("客服:家庭地址哪里?客户:哈尔滨市南岗区学府路 客户:黑龙江大学家属院12栋3门501", "客服:家庭地址哪里?客户:[ADDRESS] 客户:[ADDRESS]"),
    ("客服:地址麻烦详细一点 客户:南京市鼓楼区 客户:3单元19-4", "客服:地址麻烦详细一点 客户:[ADDRESS] 客户:[ADDRESS]"),
    # a campus or compound right after the street number
    ("证书邮寄到哈尔滨市南岗区学府路74号黑龙江大学 收", "证书邮寄到[ADDRESS] 收"),
])
def test_addresses_over_turns_and_named_after_the_street_number(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    "客户 我家地址 北京 不知道怎么写 客户 你们都送不到", "客服:地址麻烦详细一点 客户:好的稍等", "坐席 第几楼的电梯坏了 客户 三楼",
    "客服:收货地址哪里 客户:就是原来那个 客户:没变",
])
def test_look_alikes_of_addresses_over_turns_stay(text):
    assert_nothing_masked(text)


def test_a_campus_after_a_city_masked_already_is_a_public_place():
    assert clean_text("他在[ADDRESS]大学读书") == "他在[ADDRESS]大学读书"


def test_an_address_tail_does_not_run_across_a_speaker_label():
    cleaned = clean_text("客户:寄到北京市朝阳区望京街道10号 客服 小区")
    assert "客服" in cleaned and clean_text(cleaned) == cleaned


@pytest.mark.parametrize("text, expected", [
    # a name in title case right after a word that only a person follows
    ("和我一起住的Amy Cao帮我收了快递", "和我一起住的[NAME]帮我收了快递"),
    ("外籍员工Michael Brennan在你们店被多收了钱", "外籍员工[NAME]在你们店被多收了钱"),
    ("我丈夫是外国人 我丈夫Peter Novak要的", "我丈夫是外国人 我丈夫[NAME]要的"),
])
def test_names_in_title_case_beside_words_that_say_a_person(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    "Apple Store说明天到货", "我买了Air Jordan的鞋", "Model Y的车主群", "发给Customer Service就行", "部门的Sales Manager是谁",
    # what a review found the words after a name, and contact words, let through: products, brands and teams
    "Apple Watch说我心率过高", "Nike Air下的单一直没发货", "Magic Keyboard签收了", "Google Assistant帮我设置了提醒",
    "Lego Technic的快递", "Spider Man那单", "邮件抄送给Sales Team", "找一下Product Manager", "收件人写的是Apple Store",
    "同事买的Kindle Paperwhite说",
])
def test_look_alikes_of_names_in_title_case_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # e-mails spelled letter by letter with 点 and numerals, a filler before 艾特, 杠 in the domain, a country's domain
    ("邮箱说一下 嗯 s h u a n g 点 l i 艾特 gmail 点 com是吧", "邮箱说一下 嗯 [EMAIL]是吧"),
    ("邮箱是 x i e 幺 九 八 八 呃 艾特 sina 点 com 新浪的", "邮箱是 [EMAIL] 新浪的"),
    ("客服:您单位的邮箱? 客户:h r 艾特 j i n g h u a 杠 tech 点 cn。", "客服:您单位的邮箱? 客户:[EMAIL]。"),
    ("客户:a n n a 点 c h e n 艾特 yahoo 点 com 点 s g. 客服:好", "客户:[EMAIL]. 客服:好"),
    ("客服:请问您的邮箱 客户:a b c 1 2 3 客户:艾特 126 点 com", "客服:请问您的邮箱 客户:[EMAIL] 客户:[EMAIL]"),
    # plates said a character at a time in a field, with 大写的 and commas; Hong Kong, Macau and Taiwan plates named so
    ("客服:请问您的车牌号? 客户:苏E 五六七八九。 客服:苏E56789对吧?", "客服:请问您的车牌号? 客户:[PLATE]。 客服:[PLATE]对吧?"),
    ("客服 车牌 客户 桂A 大写的K 八 五 一 四 客服 桂AK8514", "客服 车牌 客户 [PLATE] 客服 [PLATE]"),
    ("客服:车牌? 客户:粤A,D,五 八...... 客服:嗯。 客户:三 七 零。", "客服:车牌? 客户:[PLATE]...... 客服:嗯。 客户:[PLATE]。"),
    ("香港车UV 5021 停了一晚多少钱", "香港车[PLATE] 停了一晚多少钱"),
    ("台湾机车牌 NLK-2081", "台湾机车牌 [PLATE]"),
    # permits: a letter after 字母 and before 然后, E and a letter and seven numerals, a permit of digits right after its name
    ("客户:护照号是字母E,然后幺零五八三二七四。", "客户:护照号是字母[PASSPORT]。"),
    ("客户:EG七二三零五一八 客服:我核对一下,EG7230518,对吗?", "客户:[PASSPORT] 客服:我核对一下,[PASSPORT],对吗?"),
    ("客户:台胞证,零 九 二 一 七 三 六 四。", "客户:台胞证,[PASSPORT]。"),
    # ids spelled apart after a comma or 说一下, QQ or Douyin numbers in groups of numerals, and the value said again
    ("客户:微信,x i a o y u 二 零 二 零。 客服:xiaoyu2020,好的。", "客户:微信,[MESSAGING]。 客服:[MESSAGING],好的。"),
    ("客户:抖音号是幺二八 九七三 四零六。 客服:128973406对吧?", "客户:抖音号是[MESSAGING]。 客服:[MESSAGING]对吧?"),
    ("客服 您微信号是多少 客户 w x 一 九 九 零 l x 客服 wx1990lx 客户 对", "客服 您微信号是多少 客户 [MESSAGING] 客服 [MESSAGING] 客户 对"),
    ("soul上他的id是浅浅星河rl,然后就把我拉黑了", "soul上他的id是[MESSAGING],然后就把我拉黑了"),
    ("闲鱼昵称二手小王子0831,交易被骗", "闲鱼昵称[MESSAGING],交易被骗"),
    # an ID with dots between its parts, a phone's pieces after 前三位/中间/最后, a mobile in groups with commas
    ("330106.19880423.2736", "[ID]"),
    ("客服 您的手机号 客户 前三位 一八七 客服 嗯 客户 中间 五五零二 客户 最后 六一三八",
     "客服 您的手机号 客户 前三位 [PHONE] 客服 嗯 客户 中间 [PHONE] 客户 最后 [PHONE]"),
    ("客服:电话? 客户:一五二八,嗯,五七零三,二一六。", "客服:电话? 客户:[PHONE]。"),
])
def test_values_spelled_out_plates_permits_and_handles_of_dev_m(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    # replies to a question about an account, with nothing of an account after them
    "客服:您的微信号是多少 客户:okok 客服:好的 您发一下", "客服:您的微信号是多少 客户:haha", "客服:QQ号 客户:1 客服:好",
    "客服:请问您的邮箱 客户:emm 客服:好", "客服:邮箱地址 客户:hotmail 客服:嗯 客户:hotmail 的 可以吗",
    "客服:您微信是什么问题呢 客户:timeout", "客服:QQ是什么时候充值的 客户:today",
    # a province alone is no plate unless the letter follows; 那个 before a year
    "客服:请问车牌 客户:京 客服:嗯 客户:京 牌 的 外地 的 能 办 吗", "车牌 托 客服:嗯 客户:浙A 那个 2023 新款 的 有吗",
    # product codes shaped like Hong Kong and Taiwan identity cards, valid by their checks
    "客户:货号 K526018(3) 的这款还有货吗", "这个型号 A239099603 有安卓版吗 Android 能用吗",
    "我的身份证过期了 能买 F130824621 这个吗",
    # a model code shaped like a plate; shops named before what was bought
    "型号沪A-2000的电动葫芦有货吗", "闲鱼上卖了iPhone13", "拼多多上买的iPhone15", "拼多多账号是手机号",
    # pieces of a waybill number that pass an ID's check
    "身份证 已经 传 了 客户:快递 单 前 六 位 430102 客户:后 面 20240808 客户:再 后 面 5567",
])
def test_look_alikes_a_review_of_the_piece_and_field_rules_found_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, kept", [
    # a letter before a batch, an order or a model read out is no passport (the numerals may still read as a phone)
    ("批次号 E 二零二四 零三 一五", "E"), ("我这台是 E 一二三四五六七八 型号的吗", "E"), ("这个护照夹 是 P 八 二零 一 九 七 六 型号的吗", "P"),
    ("客户:单号 是 E 三八二 七一 零九 四 通行证 快递到了", "E"),
])
def test_a_letter_before_a_batch_order_or_model_read_out_is_no_passport(text, kept):
    cleaned = clean_text(text)
    assert "[PASSPORT]" not in cleaned and kept in cleaned


@pytest.mark.parametrize("text, expected", [
    # a block letter and floor after a building, a compound then its building-unit-flat apart, a block and flat after an address
    ("海岸城7栋B座2601", "[ADDRESS]"),
    ("寄到天府软件园E区4栋7楼", "寄到[ADDRESS]"),
    ("地址 杭州 西湖区 文三路 478号 华星时代广场 B座 1203", "地址 [ADDRESS]"),
    # the province, city and district typed right before an address masked from the street on
    ("地址:福建省泉州市晋江市 青阳街道梅岭路88号", "地址:[ADDRESS]"),
    # the rest of an address after the part masked already, a plaza and its floor in numerals
    ("客服:请问收件地址? 客户:长沙市开福区芙蓉中路一段四百七十八号,运达国际广场二十二楼。 客服:收件人?",
     "客服:请问收件地址? 客户:[ADDRESS],[ADDRESS]。 客服:收件人?"),
])
def test_addresses_with_blocks_heads_and_rests_of_dev_m(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    # what a second review found: order numbers read in groups with commas, reply words before more talk in an account
    # field, a model year after a Hong Kong plate's shape, questions and @ words on platforms, places with no home
    "您的订单号 一三八,二零四五,六六七八", "快递单号一八六,二零三九,七七五一", "请问微信号 客户:wait 客户:我找一下",
    "微信号是多少 客户:hello 客户:我有两个微信", "香港车 HK 2000 款 能在这边修吗", "你们在知乎上的号是不是 华为终端",
    "闲鱼 @卖家 说是全新的", "推特 @官方 也没用", "客服:地址在哪里 客户:军区大院", "客服:收货地址 客户:杭州 西湖景区",
    "客服:请问是几楼 客户:一楼 客户:就一楼 门口放着就行", "客服:请问收货地址 客户:长沙 五一广场 客户:不对 我问问我朋友",
])
def test_look_alikes_a_second_review_of_this_stop_found_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    ("客户:我的邮箱是 z h a n g 点 w e i 艾特 一 六 三 点 com", "客户:我的邮箱是 [EMAIL]"),
    ("客户:我身份证 110105.19880512.123X", "客户:我身份证 [ID]"),
    ("客服:请问车牌号 客户:桂A 客户:大写的K 客户:八 五 一 四", "客服:请问车牌号 客户:[PLATE] 客户:[PLATE] 客户:[PLATE]"),
])
def test_values_a_second_review_found_missed(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, expected", [
    # a card read out in one go with commas is one value; a QQ number in numerals before 艾特; Q: and spaced groups;
    # a plate with 后面是 between its letter and its numerals
    ("客户:卡号我念一下啊,六二一四,八三四四,五二五四,八五二六,七四四。", "客户:卡号我念一下啊,[BANKCARD]。"),
    ("客服 邮箱 客户 幺八六七二三四五零 艾特 qq 点 com 客服 好的", "客服 邮箱 客户 [EMAIL] 客服 好的"),
    ("Q:865 203 147", "Q:[MESSAGING]"),
    ("车牌是冀F,后面是五八二零九,我打不了字", "车牌是[PLATE],我打不了字"),
])
def test_values_read_in_one_go_or_with_a_word_between(text, expected):
    assert_masked_as(text, expected)


def test_a_parcel_locker_at_a_place_is_no_address():
    assert_nothing_masked("【丰巢】凭取件码46831至科技园北区3号柜取件")


@pytest.mark.parametrize("text", [
    # what a third review found: a hospital's or mall's building and floor, price ranges and codes after a compound's
    # name, products after a spouse or a roommate, public places asked for by the agent, generic words before an address
    "市一医院5号楼2楼的CT室排队很久", "这家医美机构在金融城2号楼8楼", "青年公寓 1-2000元的单间还有吗", "这家养老院 3-8000元一个月",
    "滤芯型号是家用花园 8-2-301", "室友Nintendo Switch的手柄坏了", "我老公Apple Watch的表带断了",
    "客服:购买时的商场地址是哪里 客户:银泰中心三楼", "客服:您预约的门诊地址是 客户:门诊大楼三楼",
])
def test_look_alikes_a_third_review_of_this_stop_found_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    ("这个景区 人民路66号是售票处", "这个景区 [ADDRESS]是售票处"),
    ("他们开发区 滨河路66号", "他们开发区 [ADDRESS]"),
])
def test_a_generic_word_ending_in_a_district_is_no_head_of_an_address(text, expected):
    assert clean_text(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("客服:您的详细地址 客户:东湖大院 客户:3栋502", "客服:您的详细地址 客户:[ADDRESS] 客户:[ADDRESS]"),
    ("阳光花园4栋7楼", "[ADDRESS]"),
])
def test_addresses_a_third_review_found(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, expected", [
    # a Taobao account named by 旺旺名 or 会员名, in any script
    ("旺旺名hello小葵花,我下单的时候用的这个", "旺旺名[MESSAGING],我下单的时候用的这个"),
    ("阿里旺旺:鹿小葵的杂货铺", "阿里旺旺:[MESSAGING]"),
    ("我的淘宝会员名云朵上的猫咪,买了三件都是次品", "我的淘宝会员名[MESSAGING],买了三件都是次品"),
    # WeChat as a v glued to an id with "_", 加威, 微 before an id
    ("你加我vruby_xm我发给你", "你加我v[MESSAGING]我发给你"),
    ("加威 dengdeng_88", "加威 [MESSAGING]"),
    ("微 a15920387461", "微 [MESSAGING]"),
])
def test_handles_in_any_script_and_wechat_spellings(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    # a topic or a product searched for, an account's trouble, a snack's brand, a version or a word with v
    "微博搜 逃离武汉 简直刷新三观", "小红书搜一下测评再买", "抖音搜空气炸锅测评", "拼多多搜空气炸锅 便宜好多", "闲鱼上搜二手相机",
    "b站搜教程 有很多", "知乎ID 改不了", "拼多多昵称改不了怎么办", "旺旺雪饼过期了", "旺旺仙贝少发一包", "淘宝会员名怎么改",
    "抖音搜同款 都是这个价", "小红书搜这个品牌的旗舰店", "升级到v2.0以后闪退", "vivo手机的充电器", "微 信 支付扣了两次",
    # what a review of this stop's rules found masked: products and topics searched for with a person's
    # word after them, questions about an account's feature, product codes after V, a date or a question
    # said after the agent asked for a QQ number
    "小红书搜避雷帖 我发了图", "推特搜ChatGPT 是我看到的第一条新闻", "小红书昵称违规被重置了怎么办", "抖音搜Dior999 有视频试色",
    "视频号搜华为Mate60 有视频演示", "快手搜农用无人机T40 有视频", "抖音搜618 是我下单的那个直播间", "抖音搜iPhone15开箱 有视频可以参考",
    "淘宝会员名在哪里看", "旺旺号忘记了怎么找回", "旺旺:是不是要下载千牛", "你们的旺旺:一直不回消息", "旺旺名重复了提示已被占用",
    "V pro12345这个型号还有货吗", "v mini12345还有蓝色的吗",
    "客服:请问您的QQ号是多少 客户:三八七,五零二,这是你们工号吗", "客服:请问您的QQ号? 客户:二零二四,零三,一五是我下单日期",
])
def test_look_alikes_of_handles_and_wechat_spellings_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # 老/小 + surname after a word that points at a person, before 把, 和 or 家 (隔壁老王 is a saying: it stays)
    ("我让小孙把发票拍给你们", "我让小[NAME]把发票拍给你们"),
    ("我们单位的小田和小韦都办了你们的卡", "我们单位的小[NAME]和小[NAME]都办了你们的卡"),
    ("问问老曾家还有没有", "问问老[NAME]家还有没有"),
])
def test_old_or_young_and_a_surname_before_more_words(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, expected", [
    # a value said in parts within one turn: pauses, fillers, a wrong start, a word on it after
    ("客服:车牌号说一下。客户:浙A 幺 二 三 四 五,浙江的浙。", "客服:车牌号说一下。客户:[PLATE],浙江的浙。"),
    ("客服:您的车牌?客户:粤A D 七 七,呃,重新说,粤A D 七 七 三 八 六,新能源的。",
     "客服:您的车牌?客户:[PLATE],呃,重新说,[PLATE],新能源的。"),
    ("客服:请问您的联系电话是?客户:一五八,一五八,然后二九零六,七七四一。",
     "客服:请问您的联系电话是?客户:[PHONE],[PHONE],然后[PHONE],[PHONE]。"),
    ("客服 微信号多少 客户 Z H Y 零 八 一 二 大写的 客服 ZHY0812 客户 对", "客服 微信号多少 客户 [MESSAGING] 大写的 客服 [MESSAGING] 客户 对"),
    # E 开头 tells what the passport starts with; the parts follow
    ("客服 护照号多少 客户 E 开头 客服 嗯 客户 E 八七 客户 六二 九零 三一", "客服 护照号多少 客户 E 开头 客服 嗯 客户 [PASSPORT] 客户 [PASSPORT]"),
    # fields named 手机号码, Line的ID, 快手号, 钉钉号; a yes before the value; an agent's 嗯好
    ("客服:请问您的手机号码?客户:幺三八。客服:嗯。客户:零七幺二。客服:嗯好。客户:四五五零。",
     "客服:请问您的手机号码?客户:[PHONE]。客服:嗯。客户:[PHONE]。客服:嗯好。客户:[PHONE]。"),
    ("客服:Line的ID?客户:t a i p e i 下划线 m e i。客服:taipei_mei,好的。", "客服:Line的ID?客户:[MESSAGING]。客服:[MESSAGING],好的。"),
    ("客服 您的快手号 客户 k s 幺 零 零 八 六 六 客服 好 我记一下", "客服 您的快手号 客户 [MESSAGING] 客服 好 我记一下"),
    ("客服:方便留个微信吗?客户:可以,w x 幺 九 九 零 l x。", "客服:方便留个微信吗?客户:可以,[MESSAGING]。"),
    ("客服:您的QQ号是多少?客户:三八七,五零二,九一六四。", "客服:您的QQ号是多少?客户:[MESSAGING]。"),
])
def test_values_said_in_parts_within_a_turn(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    # the answer is no value: words, a city and a zone, a price, a date
    "客服:收货地址 客户:杭州 西湖景区", "客服:您的车牌号? 客户:还没上牌,新车,三天前买的", "客服:您的手机号码? 客户:就是下单那个,尾号没变",
    "客服:请问您的联系电话是?客户:不方便,你们在线说吧。",
])
def test_answers_that_are_no_value_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # more spellings of platforms before an id, 小老鼠 for @, at said bare after letters said alone
    ("wei xin qingfeng_77", "wei xin [MESSAGING]"),
    ("Steam好友代码874520139,充值的点卡没到账", "Steam好友代码[MESSAGING],充值的点卡没到账"),
    ("扣:2210 5839 46", "扣:[MESSAGING]"),
    ("客服 您的邮箱地址 客户 l i u x i n 小老鼠 sohu dot com 客服 好的", "客服 您的邮箱地址 客户 [EMAIL] 客服 好的"),
    ("那个邮箱就是我名字拼音 s u n h a o at 一二六 点 com 对", "那个邮箱就是我名字拼音 [EMAIL] 对"),
])
def test_more_platform_spellings_and_spoken_at(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    "扣:5元运费", "ins风的衣服", "look at this dot", "我的Line是日本的", "家里有只小老鼠 咬坏了电线", "wei xin支付",
    # what a second review of this stop's rules found masked: products, versions, files after a platform's name,
    # a production line, deductions, a date, a hotline, a flight or a parking zone said after an agent asked for a value
    "ins photo_01.jpg 发不出去", "Instagram ios17 闪退", "这个 Line是 Product 部门负责的吗", "这单扣:10000 元定金", "扣：20000 是 罚款 吗",
    "客服:身份证号码? 客户:2025 年,12 月,31 号", "客服:手机号? 客户:400 800,然后 8888,客服 热线",
    "客服:护照号? 客户:CA1234 航班,然后 明天", "客服:车牌号? 客户:E 开头 客服:嗯 客户:E 区 停车场",
    "客服 微信号多少 客户 iPhone 15 大的那个", "客服:淘宝账号? 客户:88VIP,然后 续费",
])
def test_look_alikes_of_platform_spellings_stay(text):
    assert_nothing_masked(text)


def test_an_id_does_not_end_in_dots():
    # wxid……wxid_7k2p9m3x8q: a second cleaning read "id......" after wx as an id
    once = clean_text("客服：您微信号是？客户：等一下我看看……wxid……wxid_7k2p9m3x8q，很长的。")
    assert once == "客服:您微信号是?客户:等一下我看看......wxid......[MESSAGING],很长的。"
    assert clean_text(once) == once


@pytest.mark.parametrize("text, expected", [
    # a surname said, a pause, then the whole name; a name after an e-mail's sign-off
    ("客户 我爸叫戴......戴志明 他的卡掉了", "客户 我爸叫[NAME]......[NAME] 他的卡掉了"),
    ("我老婆覃......覃美玲的卡也被冻结了", "我老婆[NAME]......[NAME]的卡也被冻结了"),
    ("请回复到邮箱。Regards, Tony Xie", "请回复到邮箱。Regards, [NAME]"),
    ("换货地址已更新。Best, Kevin Zhao", "换货地址已更新。Best, [NAME]"),
])
def test_hesitated_surnames_and_names_after_a_sign_off(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", ["这个……这个价格太贵了", "王......王者荣耀什么时候更新", "Best, Apple Support", "Thanks, Customer Service"])
def test_look_alikes_of_hesitations_and_sign_offs_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text", [
    # a file's name with @ in it, a hotline read out before 一直
    "图标是logo@2x.png,上传不了。", "嗯 就是 我打了四零零 八二零 八八二零一直打不通 所以打这个",
])
def test_files_and_hotlines_read_out_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # an id said apart with 下划线 or 点 among its pieces, after 的话是 or 号啊 叫
    ("那你加我微信吧 我的微信是 x i a o 下划线 c h e n 九 九 对", "那你加我微信吧 我的微信是 [MESSAGING] 对"),
    ("Telegram的话是 c h e n g 下划线 d a 我在国外一般用这个", "Telegram的话是 [MESSAGING] 我在国外一般用这个"),
    ("我那个威信号啊 叫 s h u a n g s h u a n g 八 八 你加一下", "我那个威信号啊 叫 [MESSAGING] 你加一下"),
    # an Alipay account said as an e-mail stays one value
    ("支付宝 l i u 点 x i n 艾特 163 点 com", "支付宝 [EMAIL]"),
])
def test_ids_said_apart_with_underscores_and_dots(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    # what a third review of this stop's rules found masked: a site or a file said apart after 微信是, places and
    # companies in pinyin after a sign-off, a date said in parts after an agent asked for a phone
    "微信是 a p p 点 s t o r e 下载的还是官网下载的", "微信的话是 w i n 下划线 x 6 4 版本", "QQ 是 w w w 点 q q 点 c o m 下载的",
    "Regards, Hong Kong Office", "Best, Wan Chai Office", "Thanks, Jing Dong Logistics", "客服:您的手机号? 客户:2024,然后 05,然后 20",
])
def test_look_alikes_a_third_review_found_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # a form label or a party word in 人 with no colon before a name whose surname is not listed
    ("收件人次仁卓玛 手机13812345678", "收件人[NAME] 手机[PHONE]"),
    ("取件人扎西顿珠 电话13812345678", "取件人[NAME] 电话[PHONE]"),
    ("订房人帅晓丹,入住两晚", "订房人[NAME],入住两晚"),
    # a flat typed apart after a masked address, a speech filler between an address's parts
    ("收货地址 广东省惠州市惠城区江北街道文明一路9号华贸大厦 14楼 1405", "收货地址 [ADDRESS]"),
    ("住址佛山市禅城区祖庙路23号之一 702", "住址[ADDRESS]"),
    ("地址是滨湖北二路八十八号二号楼 一零零五吗", "地址是[ADDRESS]吗"),
    ("客户 我家在昆明市五华区 那个 翠湖南路 五十六号 三栋二单元 七零二", "客户 我家在[ADDRESS]"),
    ("安装地址银川市兴庆区 解放西街 丽景湖畔 三号楼 二单元 1102", "安装地址[ADDRESS]"),
    # a QQ mailbox typed in groups or said in numerals before @
    ("邮箱是2750 3318 64@qq.com", "邮箱是[EMAIL]"),
    ("邮箱:4471 0928 3 @qq.com", "邮箱:[EMAIL]"),
    ("邮箱是 三八二九幺零五五 @qq.com", "邮箱是 [EMAIL]"),
    # a new-energy plate said in numerals
    ("我开的是新能源 沪AD 零七三二幺 充电桩扫不上", "我开的是新能源 [PLATE] 充电桩扫不上"),
])
def test_unlisted_surnames_after_labels_flats_apart_and_grouped_mailboxes(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    # a request or a field after a label, a count or a year after an address, an order number read out
    "[PLATE] 车主请挪车", "请为以下旅客出票", "宠物名字叫豆豆,要刻在牌子上", "寄到[ADDRESS] 300 件", "送到[ADDRESS] 2024 年",
    "客服 请报一下订单号 客户 二零二四零三幺五八八六二", "新能源车 续航 五百公里",
])
def test_look_alikes_of_labels_flats_and_numbers_read_out_stay(text):
    assert clean_text(text) == text  # the placeholders some carry are input, left as they are


@pytest.mark.parametrize("text, expected", [
    # an English given name and a pinyin surname after a record's or a letter's party word
    ("学员Kevin Zhou的签证快到期了", "学员[NAME]的签证快到期了"),
    ("对接人 Michael Chen,另外抄送 Sarah Li", "对接人 [NAME],另外抄送 [NAME]"),
    ("面试官Amy Zhou会在这个账号上呼叫你", "面试官[NAME]会在这个账号上呼叫你"),
])
def test_latin_full_names_after_more_person_words(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    # products, teams and phrases after words that introduce a person (a look-alike review of this stop's rules)
    "学生 Microsoft Office 怎么激活", "同事 Apple Pay 用不了", "客人 Google Maps 找不到店", "患者 Type One 糖尿病",
    "学员 Adobe Photoshop 课程 已结课", "抄送 Sales Team 谢谢", "面试官 Hiring Manager 还没回复", "入住登记 Front Desk 办理",
    "I'm Feeling Lucky today", "I am Still Waiting for the refund", "My colleague Microsoft Teams is down again",
    # fillers before a building are no compound's name; a handle forgotten is no handle
    "小区 那个 三栋二单元 的规划 不合理", "那个 东区 就是 五号楼 呃 在装修", "斗鱼主播ID: 忘记了",
])
def test_products_after_person_words_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # an id corrected or offered as the other one it may be, after an id masked
    ("微信号abc_123不对不对,是zxy1126,字母顺序反了", "微信号[MESSAGING]不对不对,是[MESSAGING],字母顺序反了"),
    ("我的微信好像是 lily_88 吧,还是qiqi5927,你两个都搜搜", "我的微信好像是 [MESSAGING] 吧,还是[MESSAGING],你两个都搜搜"),
    # handles after 淘宝id:, 微博名:, a streamer's ID on Huya; a QQ number after 也是
    ("淘宝id:朵朵是只猫 收件人", "淘宝id:[MESSAGING] 收件人"),
    ("虎牙主播ID:小野狼OWO,房间号是他自己的", "虎牙主播ID:[MESSAGING],房间号是他自己的"),
    ("微博名:一只叫阿黄的猫,我在超话里反馈过了", "微博名:[MESSAGING],我在超话里反馈过了"),
    ("发我邮箱就行,QQ也是913662508", "发我邮箱就行,QQ也是[MESSAGING]"),
])
def test_corrected_ids_and_handles_after_more_account_words(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", ["微信号还是老样子", "淘宝名字太长了", "微博名是什么", "还是qq音乐好用"])
def test_look_alikes_of_corrections_and_account_words_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # a resident's permit read out with its ten digits; a given name's last character before 的妈妈
    ("回乡证号 M 幺 零 二 三 九 四 八 七 六 五 澳门的", "回乡证号 [PASSPORT] 澳门的"),
    ("我是王梓涵的妈妈,老师加我一下", "我是[NAME]的妈妈,老师加我一下"),
])
def test_permits_with_their_issue_and_names_before_a_parent(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, expected", [
    # a name jieba cuts into name or place pieces, after a cue: whole, not half (我叫[NAME]努尔)
    ("我叫扎西顿珠,在拉萨,快递能送到吗", "我叫[NAME],在拉萨,快递能送到吗"),
    ("收件人写乌兰图雅 电话13912345678", "收件人写[NAME] 电话[PHONE]"),
    ("我叫阿依努尔", "我叫[NAME]"),
    ("我是古丽娜尔", "我是[NAME]"),
    # spaced addresses with a lane (弄) or a station part, and a city jieba knows only with 市
    ("我的地址 宝山区 顾村镇 菊太路 777弄 38号 402室", "我的地址 [ADDRESS]"),
    ("我家在合肥 蜀山区 南七里站 金寨路 288号 3栋", "我家在[ADDRESS]"),
    ("你们把东西送到隔壁3栋1402去了", "你们把东西送到隔壁[ADDRESS]去了"),
    # vx and qq typed letter by letter, a nickname right after its word
    ("v x :q w e 1 2 3", "v x :[MESSAGING]"),
    ("q q 8836 1290", "q q [MESSAGING]"),
    ("加我扣扣3204 8876 5,我把录屏发你", "加我扣扣[MESSAGING],我把录屏发你"),
    ("拼多多昵称朵朵爱吃瓜 订单评论被删", "拼多多昵称[MESSAGING] 订单评论被删"),
    ("知乎ID 一只咸鱼在发呆 写了篇避雷", "知乎ID [MESSAGING] 写了篇避雷"),
])
def test_names_in_pieces_spaced_addresses_and_spelled_keys(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    "谢谢谢谢", "我叫外卖了", "负责人今天下午上门",  # frequent words and words jieba's HMM made up are no pieces
    "打卡 黄浦区 南京路 步行街", "买了3栋1000平的厂房", "3栋200元",
    "微博昵称改不了", "抖音ID忘了", "v x 在吗", "QQ 2024 0612", "V 2 版本",
])
def test_look_alikes_of_pieces_flats_and_spelled_keys_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    ("找老邱问问吧", "找老[NAME]问问吧"),
    ("给小崔打个电话", "给小[NAME]打个电话"),
    ("你们店的小丁答应我今天送货的", "你们店的小[NAME]答应我今天送货的"),
])
def test_old_or_young_and_a_surname_before_what_a_person_does(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, expected", [
    # an address said part by part, up to its last number; what is said after it stays
    ("客户 喂 你好 我那个 地址是 上海 闵行区 莘庄 莘松路 九百五十八弄 二十二号 六零三 谢谢",
     "客户 喂 你好 我那个 地址是 [ADDRESS] 谢谢"),
    ("送货地址 重庆 渝中区 解放碑 八一路 一百七十七号 好吃街 后面 那栋 居民楼 五楼", "送货地址 [ADDRESS]"),
    ("客户 我的地址是 武汉市洪山区 珞喻路 一百五十二号 华中科大 西区 十八舍 四二一 客服 好的",
     "客户 我的地址是 [ADDRESS] 客服 好的"),
    ("退货上门取件:珠海市香洲区 拱北 粤华路 三十三号 华发新城 六期 十八栋 一单元 二十二楼 A", "退货上门取件:[ADDRESS]"),
    # a number said apart from its word (三百一十 栋, 十八 舍)
    ("北京 朝阳区 望京 西园 三区 三百一十 栋 二 单元 一五零二", "[ADDRESS]"),
    ("南京 鼓楼区 汉口路 二十二号 南园 十八 舍 三零五", "[ADDRESS]"),
])
def test_addresses_said_part_by_part(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    "打卡 黄浦区 南京路 步行街", "我在 朝阳区 上班 每天 加班 到 十点", "北京 海淀区 中关村 2024 年 开业",
    "上海 浦东新区 今天 下单 两件 一百块", "朝阳区 三里屯 太古里 二楼 的 优衣库", "我们门店在 福田区 华强北 赛格广场 五楼",
    "门店地址:武侯区 人民南路四段 12号 一楼",
])
def test_public_places_and_sentences_after_a_district_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # a plate's letter said with its case; a handle after the platform's field, Instagram, Twitter, Line's ID
    ("车牌号 桂A 大写的K 八 五 一 四", "车牌号 [PLATE]"),
    ("车牌:甘A 大写 D 七 七 一 零 九", "车牌:[PLATE]"),
    ("小红书:一颗卤蛋的日常 有很多探店", "小红书:[MESSAGING] 有很多探店"),
    ("豆瓣:阿泽不吃鱼", "豆瓣:[MESSAGING]"),
    ("Soul上我叫月亮不营业", "Soul上我叫[MESSAGING]"),
    ("Ins:lulu.in.shanghai", "Ins:[MESSAGING]"),
    ("Twitter: @lindsay_wu_", "Twitter: [MESSAGING]"),
    ("Line的ID是jenny_tw0521,台湾这边都用Line", "Line的ID是[MESSAGING],台湾这边都用Line"),
    # a Weibo repost: the handle (ending in 微博) is masked, what it said after the colon stays
    ("就呆在家里//@贺俊雄的微博:武汉加油!咱们一起窝在家里看电视", "就呆在家里//@[MESSAGING]:武汉加油!咱们一起窝在家里看电视"),
])
def test_plates_said_with_case_and_handles_after_a_platform_field(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    # a fourth look-alike review (helper, 265 texts with no personal data): the public places and dates it
    # found masked by the spoken-address rules, a Weibo repost's handle ending in 微博, posts and things
    "我们在 朝阳区 这边 三号 之前 送不了", "客服:闵行区 目前 暂停 配送 预计 三号 恢复",
    "您 可以 到 西湖区 政务 服务 中心 二楼 七号 窗口 办理", "上海 静安区 那个 商场 负一楼 有 个 美食 广场",
    "宝山区 那个 社区 医院 三楼 打 疫苗 要 带 身份证", "南山区 深圳湾 体育中心 春茧 三号 门 入场",
    "嗯 鼓楼区 那个 万象城 五楼 有 个 电影院 七号 厅", "嗯 就是 那个 普陀区 中山北路 地铁站 三号 口 出来 那个 肯德基",
    "昌平区 回龙观 那个 医院 十二号 楼 是 住院部", "余杭区 那个 阿里 园区 五号 楼 前台 可以 代收 快递 吗",
    "天河区 正佳广场 五楼 的 店 周末 十点 开门", "白云区 机场 航站楼 一号 停车场 负二层",
    "嗯 那个 滨湖区 的 马拉松 报名 二十 号 截止", "朝阳区 这边 二十 号 之前 送不了",
    "我家的小黄跟我一样怕热,是只狗",
    "小红书:种草笔记", "抖音:开箱视频", "抖音:今天直播吗",
])
def test_look_alikes_a_fourth_review_found_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # a compound, campus or village said part by part with no district: a building and what is inside it
    ("小哥,我地址写错了,应该是绿地世纪城 五期 二十二号楼 二单元 七零一,不是一单元", "小哥,我地址写错了,应该是[ADDRESS],不是一单元"),
    ("我家是紫薇花园 十四栋 二零三", "我家是[ADDRESS]"),
    ("我在北京大学 燕园 三十六楼 四层 四一二,快递放南门", "我在[ADDRESS],快递放南门"),
    ("寄到我奶奶家:湖北省黄冈市蕲春县漕河镇 朱家湾村 四组 十九号,她不识字", "寄到我奶奶家:[ADDRESS],她不识字"),
])
def test_homes_said_part_by_part_without_a_district(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    "我们小区 三栋 二单元 今天停水", "翠湖花园 三栋 二单元 明天 上午 停水", "通知:阳光花园 5栋 2单元 电梯 维修 三天",
    "我们学校 三号楼 二楼 有个 自习室", "万达广场 二号楼 五楼 的 影院", "北京大学 三十六楼 门口 见", "幸福村 三组 的 村民 注意 明天 开会",
])
def test_staircases_and_public_buildings_said_part_by_part_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    ("客服:您好 请问您的小红书账号是 客户:草莓味的小熊 客服:好的 稍后私信您", "客服:您好 请问您的小红书账号是 客户:[MESSAGING] 客服:好的 稍后私信您"),
    ("客服:请提供一下您的淘宝账号 客户:星期八的猫 客服:好的", "客服:请提供一下您的淘宝账号 客户:[MESSAGING] 客服:好的"),
    ("客服:您好 您的企业微信是 客户:SunYang 客户:大写S 大写Y", "客服:您好 您的企业微信是 客户:[MESSAGING] 客户:大写S 大写Y"),
])
def test_a_handle_given_when_an_agent_asks_for_the_account(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", ["客服:请问您的淘宝账号是 客户:好的 我查一下", "客服:淘宝账号是多少 客户:不知道",
                                  "客服:您的抖音号 客户:就是手机号"])
def test_replies_to_an_account_question_that_are_no_handle_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    ("Peter Zhou说周五之前给答复", "[NAME]说周五之前给答复"),
    ("Maria Gonzalez是我们外籍员工", "[NAME]是我们外籍员工"),
    ("Contact person: Wang Xiaoming (Sales)", "Contact person: [NAME] (Sales)"),
    ("Dear Ms. Lin, thank you for your feedback.", "Dear Ms. [NAME], thank you for your feedback."),
])
def test_latin_names_before_what_a_person_does_and_after_a_title(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", ["Apple Store说可以换", "Good Morning说", "和Alexander Wang联名款"])
def test_latin_shops_and_brands_before_a_verb_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # a name ends before a sentence's end or a question particle
    ("您留的联系人是侯文静吗", "您留的联系人是[NAME]吗"),
    ("户名余欣然!!", "户名[NAME]!!"),
    # jieba glued the last character to the word after it (潘安 + 振在) or cut it off (汪彬 + 亮)
    ("我哥哥潘安振在你们公司上班", "我哥哥[NAME]在你们公司上班"),
    ("我同学汪子涵被人冒充客服骗了两千", "我同学[NAME]被人冒充客服骗了两千"),
    ("骑手汪彬亮说是商家没封好", "骑手[NAME]说是商家没封好"),
    # a given name typed apart from its surname
    ("我叫王 小 明", "我叫[NAME]"),
    ("收件人 郑 思远,空格是我不小心打的", "收件人 [NAME],空格是我不小心打的"),
    ("会员卡申请 姓名 陆 嘉 怡 电话 136 6186 0312", "会员卡申请 姓名 [NAME] 电话 [PHONE]"),
])
def test_the_whole_name_is_masked_not_its_surname_alone(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, expected", [
    # what a person does right after the name is not its last character
    ("我朋友李明住在北京", "我朋友[NAME]住在北京"),
    ("我老公王伟又说不要了", "我老公[NAME]又说不要了"),
    ("我老公王伟装的空调", "我老公[NAME]装的空调"),
    ("我老公王伟听说", "我老公[NAME]听说"),
    # what follows a surname apart is a title or a word, not a given name
    ("收件人 王 先生", "收件人 [NAME] 先生"),
    ("我姓王 就是 三横王", "我姓[NAME] 就是 三横王"),
    ("收件人 刘 谢谢", "收件人 [NAME] 谢谢"),
])
def test_what_follows_a_name_stays(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, expected", [
    ("快递员说给老谢送过去了", "快递员说给老[NAME]送过去了"),
    ("快递放门卫老徐那了", "快递放门卫老[NAME]那了"),
    ("我把钥匙给小蔡了,让她帮我开门收货。", "我把钥匙给小[NAME]了,让她帮我开门收货。"),
    ("隔壁老赵说你们的宽带也给他断了", "隔壁老[NAME]说你们的宽带也给他断了"),
    # a nickname the dictionary lists rarely is a nickname all the same (小周 3 uses)
    ("我邻居小周帮忙签收的", "我邻居小[NAME]帮忙签收的"),
])
def test_old_or_young_and_a_surname_in_more_places(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", ["隔壁老王家的快递总放我家门口。", "用白醋和小苏打混合擦拭", "我和小米的客服聊过",
                                  "我和小马过河的绘本一起买的"])
def test_proverbial_neighbours_and_words_of_old_or_young_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    ("蔡会计说发票抬头写错了", "[NAME]会计说发票抬头写错了"),
    ("王大夫开的单子", "[NAME]大夫开的单子"),
    ("派出所的沈警官给我打过电话,说车找到了。", "派出所的[NAME]警官给我打过电话,说车找到了。"),
    ("祝阿婆的低保卡被吞了。", "[NAME]阿婆的低保卡被吞了。"),
])
def test_a_surname_before_an_accountants_or_doctors_title(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", ["施工的时候把我地板划了一道", "钟点工上门打扫一次多少钱", "我们公司的会计说发票要重开"])
def test_work_words_in_a_surnames_character_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text", ["门店地址:中山路88号一楼,营业时间9:00-21:00。", "仓库地址:嘉定区马陆镇宝安公路3200号,只收货不零售。",
                                  "本店地址:胜利街68号,欢迎到店自提。", "公司注册地址是高新区科技二路72号,发票上写这个。",
                                  "售后服务中心:人民路218号二楼,周一到周六。", "投诉热线:021-962288"])
def test_a_business_address_or_hotline_stays(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # a company or factory a parcel goes to is where the customer works
    ("公司地址:深圳市南山区科技园科苑路15号科兴科学园B栋4单元901", "公司地址:[ADDRESS]"),
    ("工厂地址 东莞市长安镇振安中路233号宏发工业园B栋3楼 收货", "工厂地址 [ADDRESS] 收货"),
    # a mobile after 热线 is still someone's
    ("服务热线:13042288501(天街店)", "服务热线:[PHONE](天街店)"),
])
def test_a_workplace_address_and_a_mobile_hotline_are_masked(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", ["曹杨路那个营业厅几点关门?", "潘家园旧货市场周几开?",
                                  "物业:您的车挡住消防通道,请尽快挪车。 车主:马上来,我是3栋的",
                                  "我是营业厅的小陈,工号3306,您的业务已办结。"])
def test_roads_questions_answers_and_work_names_with_a_staff_number_stay(text):
    assert_nothing_masked(text)


def test_an_adverb_that_is_a_given_name_after_a_form_label_is_masked():
    assert_masked_as("投诉人皇甫立新,被投诉人是你们的安装师傅。", "投诉人[NAME],被投诉人是你们的安装师傅。")


@pytest.mark.parametrize("text, expected", [
    ("有事微我 qiaoqiao_777", "有事微我 [MESSAGING]"),
    ("加一下我V hr_wangjing2023 方便发面试通知", "加一下我V [MESSAGING] 方便发面试通知"),
    ("QQ:32 1887 0465", "QQ:[MESSAGING]"),
    ("飞书搜 yanglu_pm 也能找到我", "飞书搜 [MESSAGING] 也能找到我"),
    ("小红书名字叫桃子不吃桃,我在上面发过差评", "小红书名字叫[MESSAGING],我在上面发过差评"),
    ("Facebook jenny.wu.92,ins coco_in_sh", "Facebook [MESSAGING],ins [MESSAGING]"),
    ("Line是aki.chen,在台湾用这个比较多", "Line是[MESSAGING],在台湾用这个比较多"),
])
def test_more_ways_to_give_a_messaging_id(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", ["稍微我 iphone15 也行", "ins风 的装修", "Line是什么", "facebook marketplace 上买的",
                                  "小红书名字叫什么来着"])
def test_look_alikes_of_more_messaging_ways_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    ("预订人 Zhang Wei,入住两晚", "预订人 [NAME],入住两晚"),
    ("抄送:Zhou Hao; Chen Xiaoyan", "抄送:[NAME]; [NAME]"),
    ("Sender: Wang Lei / Receiver: Zhao Min", "Sender: [NAME] / Receiver: [NAME]"),
    ("麻烦cc一下David Chen", "麻烦cc一下[NAME]"),
    ("我老板Jason Tan让我来投诉的", "我老板[NAME]让我来投诉的"),
    ("我们部门的Vivian Cao,上周在你们这订了会议室", "我们部门的[NAME],上周在你们这订了会议室"),
    ("客户Anna Petrova说她是俄罗斯人", "客户[NAME]说她是俄罗斯人"),
    ("我叫Peter Novak", "我叫[NAME]"),
])
def test_latin_names_after_more_cues(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", ["我是Microsoft Teams的用户", "叫Uber Eats送的", "帮Google Play充值", "我老公Good Morning都不说",
                                  "客户Service Center", "发给Apple Support", "cc一下Sales Team"])
def test_services_and_phrases_in_title_case_after_a_cue_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    ("订单号240611093857126633,麻烦查一下物流。", "订单号[ORDER],麻烦查一下物流。"),
    ("淘宝订单号 3729158846203917452,卖家不发货。", "淘宝订单号 [ORDER],卖家不发货。"),
    ("银行卡6222021234567890128", "银行卡[BANKCARD]"),
])
def test_an_order_number_that_passes_the_card_checksum_is_an_order(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, expected", [
    ("护照号是 E K 6 0 3 0 8 2 4", "护照号是 [PASSPORT]"),
    ("嗯 邮箱 x i a o l i 下划线 九九 at 一二六 点 com", "嗯 邮箱 [EMAIL]"),
])
def test_a_passport_with_two_letters_and_an_email_with_numerals_said_apart(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, expected", [
    ("澳门氹仔海洋花园第三座12楼C 那是我住的地方", "[ADDRESS] 那是我住的地方"),
    ("客户:送到香港,沙田第一城,三十二座十七楼H。", "客户:送到香港,沙田第一城,[ADDRESS]。"),
    ("寄到 香港新界沙田禾𪨶邨丰盛楼1507室", "寄到 [ADDRESS]"),
])
def test_a_flat_in_a_block_as_hong_kong_and_macau_write_it(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", ["会展中心第3座2楼开会", "三号楼五楼的会议室", "门店地址:海港城第3座2楼"])
def test_a_block_and_floor_of_a_public_place_or_shop_stays(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    ("广东省东莞市长安镇乌沙社区兴发南路32号出租屋305,到了打电话", "[ADDRESS],到了打电话"),
    ("山东省青岛市市南区香港中路50号颐和小区2号楼1单元1101户", "[ADDRESS]"),
    ("山东省青岛市市南区香港中路50号颐和小区2号楼1单元1101户主是我", "[ADDRESS]户主是我"),
])
def test_a_rented_room_or_household_after_an_address(text, expected):
    assert_masked_as(text, expected)


# A review by a helper who never saw the PII sets: look-alikes of this stop's rules that
# an earlier version of them masked (negations after a name, 外包会计, products after a role,
# shops' and warehouses' addresses said with 在 or another label) and must stay.
@pytest.mark.parametrize("text, expected", [
    ("我老婆李娜不在家,快递先放驿站吧。", "我老婆[NAME]不在家,快递先放驿站吧。"),
    ("我弟弟孙杰没在家,能改天再送吗", "我弟弟[NAME]没在家,能改天再送吗"),
    ("我儿子王浩没说要买这个,是误点的。", "我儿子[NAME]没说要买这个,是误点的。"),
])
def test_a_negation_after_a_name_stays_out_of_it(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    "我是做外包会计的,想问下企业网银怎么加操作员。", "部门的Power Point模板在哪里下载?", "我老板Microsoft Teams登不上去。",
    "发给Google Drive的文件对方打不开。", "客户Royal Caribbean的船票要退。", "部门的Adobe Acrobat授权到期了。",
    "我叫Grab Food的外卖被取消了。", "我叫Uber Eats送了份午饭,结果漏了饮料。",
    "维修点地址:成都市武侯区人民南路四段12号,带上发票和保修卡。", "我们仓库在江苏省苏州市工业园区星华街288号,周日不发货。",
    "4S店地址是武汉市洪山区雄楚大道1008号,保养要提前预约。", "客服:退货请寄到我们的售后仓:广东省东莞市虎门镇连升北路38号,备注订单号。",
    "客服:自提点地址:长沙市岳麓区麓山南路932号,凭取件码领取。",
])
def test_look_alikes_a_fifth_review_found_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    ("麻烦加我下新的微信abc_2024,旧的hongyunfa88登不上了", "麻烦加我下新的微信[MESSAGING],旧的[MESSAGING]登不上了"),
    ("我的微信号改了,现在是lily_0521,之前那个gu_sunny不用了", "我的微信号改了,现在是[MESSAGING],之前那个[MESSAGING]不用了"),
    ("我QQ是12345678,另一个号叫moon2020也是我的", "我QQ是[MESSAGING],另一个号叫[MESSAGING]也是我的"),
])
def test_a_handle_in_lower_case_in_a_turn_about_a_messaging_account(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, expected", [
    ("我微信号abc_2024,另外ipad2021还有货吗", "我微信号[MESSAGING],另外ipad2021还有货吗"),
    ("微信号abc_2024,我的手机是mate60", "微信号[MESSAGING],我的手机是mate60"),
    ("微信号abc_2024,发你 photo01.jpg 和 report_final.pdf", "微信号[MESSAGING],发你 photo01.jpg 和 report_final.pdf"),
    ("微信号abc_2024,系统是win11", "微信号[MESSAGING],系统是win11"),
])
def test_products_and_files_in_a_turn_about_a_messaging_account_stay(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, expected", [
    ("代办人桂芳", "代办人[NAME]"),
    ("楼长全秀珍让我们签字同意加装电梯", "楼长[NAME]让我们签字同意加装电梯"),
    ("寄件人写我,Line guochen_tn", "寄件人写我,Line [MESSAGING]"),
    ("有事钉我 jiaqi_ops", "有事钉我 [MESSAGING]"),
    ("我抖音叫大胃王小牛,你搜一下", "我抖音叫[MESSAGING],你搜一下"),
    ("我淘宝叫快乐的小猪", "我淘宝叫[MESSAGING]"),
    # an order number that passes the ID checksum (one in eleven with a date inside) stays an order number
    ("订单编号430104199001011234,是系统生成的", "订单编号[ORDER],是系统生成的"),
])
def test_names_after_more_roles_and_handles_after_more_account_words(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    "医院地址是武汉市江岸区解放大道1186号", "学校地址:南京市栖霞区文苑路1号",
    "产品批号350203200105193032", "客服:小红书号报一下 客户:好", "快手号码换了", "抖音号说一下", "淘宝号被封了",
])
def test_public_places_numbers_named_an_order_and_questions_about_an_account_stay(text):
    assert_nothing_masked(text)


# A sixth review (a helper who read the rules above and wrote look-alikes for them): what it found is kept.
@pytest.mark.parametrize("text", [
    # a handle right after 号 in Han is no longer read: these are what the account is doing
    "抖音号刚注册,还没什么粉丝", "抖音号涨粉太慢了", "快手号申诉成功了吗", "微博号认证需要什么材料", "闲鱼号信用极好",
    "快手号实名认证失败", "小红书号养号要多久", "闲鱼号为什么显示异常", "抖音号粉丝掉了好多", "小红书号首页打不开",
    # a call or a price, not a name on the platform
    "我快手叫了好几次客服都没人理", "我闲鱼叫价五百,他还砍价",
    # a version is no id
    "钉钉 v6.3.1 更新后视频会议卡顿", "微信 v8.0.49 怎么更新", "钉钉 7.5.10 版本打卡总是失败",
    # a batch number said with 是 is no ID card
    "这个批号是110101199003074571,生产日期去年", "批号为A2023091501,查一下",
    # a product, a file, an error or a code a few words after a messaging word
    "我微信上看到ipad2021的广告,想问问还有货吗", "加了客服微信,问mate60什么时候到货", "QQ群里说win11更新后打印机连不上",
    "vx发我的是photo01这几张图", "微信支付的时候提示error404,怎么回事", "QQ音乐会员和微信读书能一起买吗,型号是xiaomi14",
    "QQ邮箱收到的附件叫report2023,打不开", "vx里说的套餐是plan99,每月99元", "微信里说满减券code是save20,用不了",
    "抖音号上推的airpods3是正品吗", "我在微信小程序下单的,商品是galaxy24ultra",
    "微信上发的型号是rtx4090,你们有现货吗", "抖音号直播间卖的redmi13c便宜吗", "微信上问了,电池型号是bl_45b1",
    "我微信收到一个链接,写着iphone15promax特价",
    # a repair or service ticket said with 是 or a colon: WX is no WeChat keyword there
    "维修单号是WX20240615", "维修单号:WX20240615", "客服:您的工单号是JD076049627134,后续进度可以凭这个查询。",
])
def test_look_alikes_a_sixth_review_found_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # a request after an order number: 查 + 物流 is no surname and given name
    ("订单号12345678,查物流", "订单号[ORDER],查物流"),
    ("收件人 13812345678 李建国", "收件人 [PHONE] [NAME]"),
    ("微信号 v1988abc", "微信号 [MESSAGING]"),
])
def test_a_word_after_masked_data_is_no_given_name(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, expected", [
    ("客户:地址改一下 客户:合肥市蜀山区 客户:桃花镇玉兰大道88号3栋502 客服:好的已修改",
     "客户:地址改一下 客户:[ADDRESS] 客户:[ADDRESS] 客服:好的已修改"),
    ("客服:请问收货地址? 客户:嗯 北京 海淀区 客户:中关村大街27号院3号楼1201 客服:联系电话?",
     "客服:请问收货地址? 客户:嗯 [ADDRESS] 客户:[ADDRESS] 客服:联系电话?"),
    # a district jieba does not know, after a city it does
    ("买家:地址改一下 买家:济南历下区 买家:经十路一号一区3号楼502 卖家:好的亲", "买家:地址改一下 买家:[ADDRESS] 买家:[ADDRESS] 卖家:好的亲"),
])
def test_a_turn_naming_only_the_region_before_the_rest_of_an_address_is_its_first_part(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    "客户:北京 客服:好的,北京仓发货", "客户:明天 客户:下午三点以后", "客服:上海 客户:对,上海仓",
    "客户:我在杭州 客服:杭州今天下雨,快递可能晚点",
])
def test_a_city_named_in_a_turn_with_no_address_after_it_stays(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    ("客服:请问您在哪个小区?客户:锦华苑小区。客服:几栋?客户:二期12栋。客服:房号?客户:1802。",
     "客服:请问您在哪个小区?客户:[ADDRESS]。客服:几栋?客户:[ADDRESS]。客服:房号?客户:[ADDRESS]。"),
    ("客服:您的详细地址? 客户:杭州市西湖区文三路90号海韵小区9号楼 客户:1单元2302", "客服:您的详细地址? 客户:[ADDRESS] 客户:[ADDRESS]"),
    # the address masked before: a date after it stays
    ("客户:杭州市西湖区文三路90号 客服:什么时候送? 客户:二十二号", "客户:[ADDRESS] 客服:什么时候送? 客户:二十二号"),
    ("客服:请问门牌号? 客户:三十八号", "客服:请问门牌号? 客户:[ADDRESS]"),
])
def test_a_turn_giving_only_the_building_or_flat_after_an_address_or_a_question_for_one(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    # a date, a count, a size: no address was given and none asked for
    "客服:几件? 客户:三件", "客服:请问您买的是几号? 客户:42码",
    "客服:订单几号下的? 客户:十二号", "客服:您好 客户:三楼那个店关门了吗",
])
def test_a_number_in_a_turn_that_gives_no_flat_stays(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # the way in from a lane to the door (菜市场 is no city: the lane's address ends at 巷 before it)
    ("送到南门菜市场旁边那个巷子进去第二家,门口有棵大树", "送到[ADDRESS],门口有棵大树"),
    ("乌鲁木齐市天山区解放南路二道桥巷子里 左手边第四家", "[ADDRESS]"),
    # the city and district typed apart before the rest
    ("成都 武侯区 玉林北路18号 4栋 1单元 502,空格是我打的", "[ADDRESS],空格是我打的"),
    ("就是 苏州工业园区 星湖街 三百二十八号 独墅湖花园 九幢 一零一", "就是 [ADDRESS]"),
    ("客户 喂 我在 乌鲁木齐 沙依巴克区 友好南路 幺零八号 坐席 好的", "客户 喂 我在 [ADDRESS] 坐席 好的"),
])
def test_the_way_in_from_a_lane_and_the_city_typed_apart_belong_to_the_address(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, expected", [
    # a word that names no place before the address stays
    ("快递 [ADDRESS]", "快递 [ADDRESS]"), ("客户:杭州 客服:好的 [ADDRESS]", "客户:杭州 客服:好的 [ADDRESS]"),
    ("菜市场旁边第二家卖鱼的", "菜市场旁边第二家卖鱼的"),
])
def test_words_before_an_address_that_name_no_place_stay(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, expected", [
    ("我的取件地址是绿地新都会7号楼2304,明天上午在", "我的取件地址是[ADDRESS],明天上午在"),
    ("放锦绣江南7幢2单元1501门口就行", "放[ADDRESS]门口就行"),
    ("客户:亲,送到书香门第北门3栋2单元1105室就行 放门口", "客户:亲,送到[ADDRESS]就行 放门口"),
    # no compound before the building: the cue word stays
    ("我住3栋1201", "我住[ADDRESS]"),
])
def test_a_compound_named_before_its_building_belongs_to_the_address(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text, expected", [
    ("送到楼下3栋1201", "送到楼下[ADDRESS]"), ("放对门3栋1201门口", "放对门[ADDRESS]门口"),
])
def test_where_a_building_is_from_here_is_no_compound_name(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    # a business or public place's address, with its branch in brackets, moved, or in brackets itself
    "华为客户服务中心(天河店)在天河路208号粤海天河城5楼", "你们4S店搬到了汽车城大道36号,导航找不到",
    "市民中心政务服务大厅在市府大道1号,社保窗口在二楼", "工商银行人民路支行(人民路56号)周末营业吗",
    "万达广场(江北店)在北城天街12号,停车场入口在哪", "如家酒店(火车站店),站前路9号", "车管所在北环路168号,科目一在那考",
    # what a KEEP rule reserved is not folded into an address around it
    "实验小学的新校区在滨江大道88号,报名去哪个校区",
    # a shop's, a switchboard's and a service desk's numbers and mailbox
    "请拨打公司总机 0755-8888 8888 转人力资源部", "门店电话:020-8123 4567(营业时间内)", "发票问题请发邮件至官方邮箱 service@jd.com",
    # an order number read out in numerals, whatever its shape; a lottery's numbers
    "客户 订单号 幺三八 二九 四七 五六 零二 你查一下", "客户 退款单号是 二零二四 零六零二 幺五三八 二九零七 四一",
    "抽奖号码 07 12 19 23 28 33,活动说中奖了但没发奖品",
])
def test_a_business_address_number_or_mailbox_and_numbers_read_out_that_are_no_ones_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # where the customer works is personal: the company's front desk and mailbox
    ("公司前台电话021-5489 2345转301,找行政签收", "公司前台电话[PHONE],找行政签收"),
    ("公司邮箱wangpeng@huaxin-ceramics.com,发票抬头写公司", "公司邮箱[EMAIL],发票抬头写公司"),
    ("我住在如家酒店,站前路9号3栋501", "我住在如家酒店,[ADDRESS]"),
    ("我电话 幺三八 二九 四七 五六 零二", "我电话 [PHONE]"),
])
def test_the_customers_workplace_and_home_are_masked_still(text, expected):
    assert_masked_as(text, expected)


def test_the_report_measures_the_text_as_clean_text_masks_it():
    # an ID given in pieces over the lines of a transcript: clean_text joins the lines with a
    # space before masking and finds the pieces there; the report must score that, not the lines
    text = "客户：前六位640104\n客户：中间19920507\n客户：后四位8671"
    spans = [[text.index(piece), text.index(piece) + len(piece), "ID"] for piece in ("640104", "19920507", "8671")]
    assert pii_report.as_masked(text) == "客户:前六位640104 客户:中间19920507 客户:后四位8671"
    assert clean_text(text) == "客户:前六位[ID] 客户:中间[ID] 客户:后四位[ID]"
    per_type, misses = pii_report.score_cases([{"id": "t", "text": text, "spans": spans, "note": ""}], [])
    assert per_type["ID"]["recall"]["successes"] == 3, misses


@pytest.mark.parametrize("text, expected", [
    ("淘宝账号小鹿乱撞的猫2016,这个订单是我下的", "淘宝账号[MESSAGING],这个订单是我下的"),
    ("豆瓣账号南方有乔木7,你们的二手书是我挂的", "豆瓣账号[MESSAGING],你们的二手书是我挂的"),
    ("QQ 12345678 这个是我小号,大号是602718439", "QQ [MESSAGING] 这个是我小号,大号是[MESSAGING]"),
    ("我在QQ群里的号是736152948,群主把我踢了", "我在QQ群里的号是[MESSAGING],群主把我踢了"),
    ("客服:您在小红书上的账号是? 客户:桃子不是梨,桃子的桃", "客服:您在小红书上的账号是? 客户:[MESSAGING],桃子的桃"),
    ("客户 我闲鱼名字叫 嗯 老街杂货铺子 是个人卖家", "客户 我闲鱼名字叫 嗯 [MESSAGING] 是个人卖家"),
    ("我围脖叫橙子汽水不加冰,你们私信我", "我围脖叫[MESSAGING],你们私信我"),
])
def test_handles_after_more_account_words_and_a_second_number_named_as_the_other_account(text, expected):
    assert_masked_as(text, expected)


@pytest.mark.parametrize("text", [
    "快手上叫了个外卖", "淘宝账号被封了", "淘宝账号2019年注册的", "小红书上叫好的东西不一定好",
])
def test_what_an_account_does_after_its_word_stays(text):
    assert_nothing_masked(text)


# A seventh review (a helper who read today's rules and wrote look-alikes and positives for them).
@pytest.mark.parametrize("text", [
    # a number, count or date in a later turn is no flat: only right after the address or the question for the flat
    "客服:要几座的车? 客户:7座",
    "客服:孩子学到第几单元了? 客户:5单元", "客服:寄回地址收到了吗,运费多少? 客户:120",
    "客服:好的,地址记下了,您的取件码是? 客户:3018", "客服:地址不变的话,您想几号送? 客户:15号",
    # an account's state after 账号, a scarf, a queue's or a locker's number, a reply that gives no handle
    "闲鱼账号信用分700", "B站账号等级lv6", "拼多多账号余额还剩30", "淘宝账号安全等级3", "抖音账号开通了橱窗2",
    "淘宝账号里买的iphone15 坏了", "微博上叫嚣的人很多", "这条围脖叫羊绒款A2", "围脖的名字是 冬季加厚款",
    "QQ音乐会员 排队的号是 100236", "在微信上挂号,挂的号是 300125", "客服:您在小红书上的账号是? 客户:用的微信登录",
    "客服:您在小红书上的账号是? 客户:应该是我女儿帮我注册的", "我闲鱼名字叫 嗯 等一下我看看",
    # a code in a turn about WeChat or QQ
    "微信里说的优惠码summer2024 用不了", "QQ上报错码err1001", "微信上说的活动码spring88 不能用",
])
def test_look_alikes_a_seventh_review_found_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # a city named in a turn about something else is not the address's first part
    ("客户:地址是合肥市蜀山区长江西路88号3栋502 客服:退款金额是多少? 客户:299", "客户:地址是[ADDRESS] 客服:退款金额是多少? 客户:299"),
    ("客服:您买的是什么车? 客户:长城 客户:桃花镇玉兰大道88号3栋502", "客服:您买的是什么车? 客户:长城 客户:[ADDRESS]"),
    ("客服:您在哪个城市下的单? 客户:深圳 客户:桃花镇玉兰大道88号3栋502", "客服:您在哪个城市下的单? 客户:深圳 客户:[ADDRESS]"),
    ("发货 广州, 深圳市南山区科技园路18号3栋1201", "发货 广州, [ADDRESS]"),
    # a home in a compound named like a business is masked, not kept
    ("我住万达广场:万达路8号3号楼2单元1101", "我住万达广场:[ADDRESS]"),
    ("我家住超市楼上,超市在建设路12号3单元502", "我家住超市楼上,超市在[ADDRESS]"),
    # the customer's company switchboard with their extension, an ID read out after 编号
    ("我们公司总机0571-8888 6666 转我分机", "我们公司总机[PHONE] 转我分机"),
    ("驾驶证编号 三四零一 零四 一九九零 零三 一五 二三 一八", "驾驶证编号 [ID]"),
    ("中奖号码是 1 3 9 0 1 2 3 4 5 6 7 打这个电话领", "中奖号码是 [PHONE] 打这个电话领"),
    # the flat answered to the agent's questions, one after the other
    ("客服:您住几栋? 客户:嗯 十二栋 客服:几单元? 客户:三单元 客服:房号? 客户:五零二",
     "客服:您住几栋? 客户:嗯 [ADDRESS] 客服:几单元? 客户:[ADDRESS] 客服:房号? 客户:[ADDRESS]"),
    ("客户:寄到杭州市西湖区文三路100号翠苑一区5幢302 客服:房号多少? 客户:1802", "客户:寄到[ADDRESS] 客服:房号多少? 客户:[ADDRESS]"),
])
def test_what_a_seventh_review_found_masked_or_kept_wrongly(text, expected):
    assert_masked_as(text, expected)


# What the judged audit of real turns (pipeline/pii_audit.py) showed masked wrongly: regions, towns and
# institutions named in posts and news are no one's address; public landlines, counting and organisations'
# accounts are no personal data. (Fresh examples, not the audited turns.)
@pytest.mark.parametrize("text", [
    "老家在河南一个十八线县城,村里天天广播", "我妈在市中心医院上班,最近很累", "样本送到南昌市疾控中心检测了",
    "渝中区连接主城各区,交通很重要", "我们这个小县城也有两例了", "起初栖身于城关镇北街的祠堂", "总部设在福建福州市台江区苍霞新城",
    "邻近的黄冈市和鄂州市也封城了", "防控咨询电话,号码为0871-63218000。", "南宁市第一人民医院(0771-2636101)需要口罩",
    "天天都有一二三四五六七八节课", "//@央视新闻:国家卫健委通报", "//@肖战工作室:感谢有你", "微博上@海尔官方微博 没人理",
    "我在微博@了你们好几次", "简历投到jobs@example-tech.com就行", "投诉发service@jd.com没回复", "客服 我这边是小周 会尽快给您回电",
    "阿姨说明天来", "客服:闵行区 目前 暂停 配送", "顺义区今天下雪了", "微信 支付 用 a p p 付的", "微信 V I P 会员怎么开",
])
def test_what_the_real_turn_audit_found_masked_stays(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    # homes keep their mask: a dwelling's part, a cue, or a contact block before them
    ("寄到安化县东坪镇资江路一百零八号", "寄到[ADDRESS]"),
    ("地址:广西桂林市七星区七星路25号", "地址:[ADDRESS]"),
    ("收货信息:王女士 1386655** 四川绵阳市游仙区城区桑林路东原长洲", "收货信息:[NAME] 1386655** [ADDRESS]东原长洲"),
    ("服务热线:18522543589(南市店)", "服务热线:[PHONE](南市店)"),  # a mobile: someone carries it
    ("//@小熊不吃鱼_:哈哈哈", "//@[MESSAGING]:哈哈哈"),
    ("抖音@张三的日常 私信我", "抖音[MESSAGING] 私信我"),
    ("我的邮箱service2019@163.com", "我的邮箱[EMAIL]"),
    # 阿/老 + surname after 是 or a role, not an agent's own name
    ("上次是老谢送的,这次换人了", "上次是老[NAME]送的,这次换人了"),
    ("修水管的阿梁说零件要等", "修水管的阿[NAME]说零件要等"),
    ("我是老罗的爱人,他住院了", "我是老[NAME]的爱人,他住院了"),
    # messaging ids in the shapes dev_u showed (fresh examples)
    ("王者ID:月下独酌丶 皮肤没到账", "王者ID:[MESSAGING] 皮肤没到账"),
    ("我游戏ID是北辰丶孤城,区服安卓QQ区", "我游戏ID是[MESSAGING],区服安卓QQ区"),
    ("原神UID 108273645,月卡没发", "原神UID [MESSAGING],月卡没发"),
    ("我tb_wangli88这个号买的", "我[MESSAGING]这个号买的"),
    ("私聊我,微xiaoli_0921", "私聊我,微[MESSAGING]"),
    ("加我薇 qinqin_mama2001", "加我薇 [MESSAGING]"),
    ("企业微信里搜ZhangMingyu就能找到", "企业微信里搜[MESSAGING]就能找到"),
    ("xhs8827361045 私信我", "xhs[MESSAGING] 私信我"),
    ("IG帐号 lucy_in_sydney", "IG帐号 [MESSAGING]"),
    ("脸书账号tony.wong.hk", "脸书账号[MESSAGING]"),
    ("steam账号 night_wolf_88 被盗了", "steam账号 [MESSAGING] 被盗了"),
    ("客户 我的微信 不是手机号 是字母 l i u 下划线 f e i 后面还有 幺 二", "客户 我的微信 不是手机号 是字母 [MESSAGING] 后面还有 幺 二"),
    # e-mails said aloud, Taiwan permits and plates
    ("我邮箱是zhaolei 下划线 九九 圈a qq 点 com", "我邮箱是[EMAIL]"),
    ("邮箱 c h e n 小老鼠 一六三 点 康姆", "邮箱 [EMAIL]"),
    ("邮箱 幺二三四 五六七八 at qq.com", "邮箱 [EMAIL]"),
    ("邮箱 七六五四三二一 艾特 扣扣 点 com", "邮箱 [EMAIL]"),
    ("这是我的台胞证,08273615。", "这是我的台胞证,[PASSPORT]。"),
    ("台胞证号码 0 8 2 7 3 6 1 5,办卡要用", "台胞证号码 [PASSPORT],办卡要用"),
    ("她是加拿大护照,号码AB1234567", "她是加拿大护照,号码[PASSPORT]"),
    ("我台湾机车车牌是MKE-2231", "我台湾机车车牌是[PLATE]"),
])
def test_what_the_real_turn_audit_and_dev_u_showed_is_masked(text, expected):
    assert_masked_as(text, expected)


# A look-alike review of this stop's rules (helper-75: 213 look-alikes, 103 positives, run against these rules
# and those of 199cd49): what they masked wrongly or missed, mended.
@pytest.mark.parametrize("text", [
    "据市住建局通报，杭州市余杭区未来科技城将新建学校", "喜茶在成都市锦江区春熙路开了第二家店", "郑州市金水区花园路商圈人很多",
    "上海市普陀区曹杨新村街道发布通知", "深圳市南山区科技园聚集了2000多家企业", "到上海市黄浦区人民广场可以坐 123 路公交",
    "广州市天河区体育中心以3-1战胜对手", "张江科学城5G基站", "杭州市文化中心二楼有展览", "倒数：十九八七六五四三二一",
    "举报电话：0755-83070000", "辖区派出所（010-62541234）已介入。", "//@人民日报:转发",
    "官方微博@京东客服回复说会处理", "Service@jd.com", "CustomerService@Lenovo.com", "这个电饭煲是小熊的", "他们家是小康家庭",
    "他是小白，什么都不懂", "蛋仔派对昵称好听的女生", "lol名字大全霸气", "游戏昵称最多七个字", "游戏账号LV60", "UID 100000以内的都是元老",
    "tb_user表", "企业微信上 Outlook", "脸书账号 Meta", "#xhs20240618", "微信 y y d s", "微信群里 e x c e l 表格",
    "微信版本 v 8 点 0 点 4 7", "微信问的 k f 杠 九 九 五 零", "台胞证，20190312到期", "台湾机车车牌 NT 300 元",
])
def test_look_alikes_this_stops_review_found_stay(text):
    assert_nothing_masked(text)


@pytest.mark.parametrize("text, expected", [
    ("发货发至河北省石家庄市长安区建设北大街", "[ADDRESS]"),
    ("寄给我，湖北省武汉市洪山区珞喻路", "寄给我,[ADDRESS]"),
    ("我人在江苏省南通市崇川区城东街道", "我人在[ADDRESS]"),
    ("有事打我办公室（021-64371234）", "有事打我办公室([PHONE])"),
    ("王老师的咨询电话：021-55661234", "[NAME]老师的咨询电话:[PHONE]"),
    ("//@杂志控小美:嗯", "//@[MESSAGING]:嗯"),
    ("微博私信我 @日报搬运工阿杰", "微博私信我 @[MESSAGING]"),
    ("kefu@vip.163.com", "[EMAIL]"),
    ("王芳区里派来的人", "[NAME]区里派来的人"),
    ("IG帐号:lily.chen_92", "IG帐号:[MESSAGING]"),
    ("蛋仔ID 软糖糖77", "蛋仔ID [MESSAGING]"),
    ("邮箱 wang 圈 a qq 点 com", "邮箱 [EMAIL]"),
    ("邮箱 li 圈A 163 点 com", "邮箱 [EMAIL]"),
    ("台胞证 号码：1 0 2 9 3 8 4 6", "台胞证 号码:[PASSPORT]"),
    ("美国护照,号码 5 6 7 8 9 0 1 2 3", "美国护照,号码 [PASSPORT]"),
    ("嗯 我 QQ 号 是 九八七 六五 四三二一", "嗯 我 QQ 号 是 [PHONE]"),
])
def test_what_this_stops_review_found_missed_is_masked(text, expected):
    assert_masked_as(text, expected)
