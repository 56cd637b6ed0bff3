# -*- coding: utf-8 -*-
"""PII cases, part C: airlines, hotels, travel agencies."""
from common import idn, idx, luhn, grp, fullwidth

C = []


def c(text, note):
    C.append((text, note))


c("乘机人：⟦N|ZHANG/XIAOMING⟧ 护照号⟦S|E52813697⟧ 航班CA1832 北京-法兰克福",
  "air booking: romanised name and E passport; flight no negative")
c("入住人 ⟦N|上官婉清⟧ 身份证⟦I|" + idn("31011519920729042") + "⟧ 入住日期6月3日 两晚 大床房",
  "hotel check-in with compound surname")
c("MU5101改签到下午 乘机人⟦N|司马云飞⟧ 证件 往来港澳通行证⟦S|C61284739⟧",
  "HK/Macau permit old format")
c("你好 我订了你们酒店 预订人⟦N|林⟧小姐 手机⟦P|13482079136⟧ 能不能提前入住",
  "hotel booking, honorific 小姐")
c("护照信息：姓 ⟦N|CHEN⟧ 名 ⟦N|JIAHUI⟧ 护照号码 ⟦S|EJ2748193⟧ 有效期至2031年",
  "surname and given name in separate fields")
c("我要给我爸妈订机票 ⟦N|许国华⟧ ⟦I|" + idn("43010419580923151") + "⟧ ⟦N|胡秀英⟧ ⟦I|" + idx("430104", "19600214") + "⟧",
  "two passengers with IDs (second ends X)")
c("酒店前台：⟦N|欧阳⟧先生您好，您预订的行政房已准备好，早餐在二楼，请出示证件。",
  "compound surname with honorific")
c("签证材料发我邮箱 ⟦E|mike_chen@yahoo.com.hk⟧ 护照号⟦S|K09283716⟧ 是香港护照",
  "HK passport; yahoo.com.hk")
c("回乡证号码 ⟦S|H10382947⟧ 可以订国内机票吗 名字⟦N|Lau Chi Keung⟧",
  "Home Return Permit, HK romanised name")
c("台胞证 ⟦S|08365127⟧ 入住需要登记吗 我叫⟦N|吳承翰⟧",
  "Taiwan compatriot permit, traditional characters name")
c("订单[订单5] 入住人⟦N|WANG LIPING⟧/⟦N|ZHAO MIN⟧ 需要两张床 邮箱确认单发⟦E|wangliping2008@gmail.com⟧",
  "two romanised guests and gmail")
c("旅行社：麻烦把护照首页拍照发过来，或者直接把号码发我也行。\n客户：⟦S|G38261945⟧ ⟦N|苗雨涵⟧ 还有我儿子的 ⟦S|EB6031827⟧ ⟦N|苗子墨⟧",
  "travel agency, parent and child passports")
c("美国护照 ⟦S|548216390⟧ passenger ⟦N|Daniel Wu⟧ 英文名 要订上海到成都的机票",
  "US 9-digit passport")
c("我是韩国人 护照号码 ⟦S|M27381946⟧ 姓名 ⟦N|KIM MINJI⟧ 酒店需要什么",
  "Korean passport")
c("日本のパスポート ⟦S|TR4827163⟧ 预约两晚 name: ⟦N|Tanaka Hiroshi⟧ email ⟦E|h.tanaka@docomo.ne.jp⟧",
  "Japanese passport and e-mail")
c("你好 我新办的往来港澳通行证号码是⟦S|CA7315082⟧ 坐CA1045去香港 是不是要录进去",
  "new-format permit CA+7 digits next to flight CA1045 (flight is negative)")
c("赴台签注 大陆居民往来台湾通行证⟦S|L28361957⟧ 申请人⟦N|傅嘉琪⟧",
  "mainland-Taiwan travel permit")
c("Hotel reservation\nGuest: ⟦N|Liu Mei⟧\nPassport: ⟦S|E71936248⟧\nTel: ⟦P|+86 135 0192 6634⟧\nEmail: ⟦E|liumei.travel@outlook.com⟧",
  "English form")
c("我的机票名字打错了 应该是⟦N|鲍立新⟧ 不是⟦N|鲍立信⟧ 身份证⟦I|" + idn("21010219790806301") + "⟧",
  "name correction; both the right and the misspelt name are labelled")
c("入住登记\n姓名：⟦N|米娜瓦尔·艾买提⟧\n民族：维吾尔族\n证件号：⟦I|" + idn("65010219981117286") + "⟧\n房号：1208",
  "hotel register with minority name; room number is not PII")
c("改签退票找不到人 打95539排了半小时 乘机人⟦N|端木思远⟧ 票号[数字4]",
  "95539 hotline negative")
c("订了两间房 第二间入住人是我同事⟦N|柏文静⟧ 她手机⟦P|18916520437⟧ 到时候她自己办",
  "colleague named")
c("德国护照 ⟦S|C01X00T47⟧ 客人 ⟦N|Jonas Becker⟧ 需要开发票吗",
  "German alphanumeric passport")
c("新加坡客人 passport ⟦S|K4829173N⟧ 要开含早的房间",
  "Singapore passport format")
c("旧的身份证号是15位的 ⟦I|110105650312271⟧ 系统不让填 怎么办",
  "old 15-digit ID")
c("港澳居民来往内地通行证 ⟦S|M03821644⟧ 澳门居民 ⟦N|Chan Sio Man⟧ 澳门电话 ⟦P|(853) 6891 2035⟧",
  "Macau resident permit and phone")
c("酒店发票邮箱写错了 应该是 ⟦E|chenjie#163.com⟧ 把#换成@",
  "obfuscated e-mail with #")
c("行程单发我 ⟦E|lily (at) qq.com⟧ 谢谢 就是lily那个",
  "obfuscated (at)")
c("坐席：您好，请问入住人是您本人吗？\n客人：不是 是我妈 ⟦N|卓丽君⟧ 电话⟦P|0756-2213846⟧ 她在珠海",
  "mother named with Zhuhai landline")
c("给我爸订的高铁 G1234 身份证号 ⟦I|" + grp(idn("44010619551002153"), (3, 3, 4, 4, 4)) + "⟧ 乘客⟦N|梁振邦⟧",
  "ID grouped 3-3-4-4-4; train number negative")
c("护照过期了 新护照号 ⟦S|EK1092837⟧ 旧的 ⟦S|G50283746⟧ 常旅客信息帮我更新下",
  "new and old passport")
c("团队名单：\n1 ⟦N|葛红霞⟧ ⟦S|E60194832⟧\n2 ⟦N|葛建军⟧ ⟦S|E60194855⟧\n3 ⟦N|庞玉珍⟧ ⟦S|EH3827461⟧",
  "tour group list")
c("email me: ⟦E|kevin at gmail dot com⟧ the booking confirmation pls",
  "spelt out at/dot")
c("英国护照 ⟦S|531928470⟧ 名字 ⟦N|Oliver Smith⟧ 他是我男朋友 一起住",
  "UK passport numeric")
c("民宿老板您好 我们三个人 明晚到 我是⟦N|张伟⟧ 名字很大众哈 电话⟦P|155 8026 3371⟧",
  "very common name still a name")
c("航司客服：⟦N|阎⟧女士，您的航班CZ3102已延误，可改签至CZ3104，请问是否需要？",
  "airline outbound; flights negative")
c("会员卡绑定邮箱 ⟦E|sunhao @ 126.com⟧ 中间好像多了个空格 你们看着处理",
  "e-mail with spaces around @")
c("入住人护照名⟦N|NGUYEN VAN AN⟧ 越南护照⟦S|C4829103⟧ 需要签证吗",
  "Vietnamese passport")
c("台湾朋友要来大陆玩 台胞证⟦S|10283746⟧ 电话⟦P|+886 935 218 407⟧ 帮他订酒店",
  "Taiwan permit and phone")
c("退票款请退到这张卡 ⟦B|" + grp(luhn("622609000045678231"), (4, 4, 4, 4, 3)) + "⟧ 乘客⟦N|汤浩⟧",
  "refund to card")
