# -*- coding: utf-8 -*-
"""PII cases, part B: telecom operators, bank card centres."""
from common import idn, idx, luhn, grp, fullwidth

C = []


def c(text, note):
    C.append((text, note))


# ---------------- telecom ----------------
c("10086吗 我要查一下这个号码⟦P|一三八零七五五四二九六⟧这个月话费怎么扣了两百多",
  "phone in Chinese numerals; 10086 negative")
c("携号转网要带什么 机主是我妈⟦N|冯桂芝⟧ 身份证⟦I|" + idn("42010619660601242") + "⟧ 她本人来不了",
  "mother as account holder with ID")
c("宽带装机地址 ⟦A|武汉市洪山区关山大道355号光谷新世界K18栋2单元903⟧ 联系人⟦N|魏国栋⟧ 周六上午在家",
  "broadband installation")
c("营业员：您好，请报一下机主姓名和身份证号码，我这边核实下。\n用户：⟦N|丁若曦⟧ ⟦I|" + idn("51010719951208036") + "⟧",
  "agent identity verification")
c("我要办副卡 副卡号码要选⟦P|幺三九 幺六二二 0847⟧这个 能选吗",
  "mixed 幺 numerals and digits")
c("你好 我手机丢了 要挂失 号码是⟦P|+86 186 0731 2258⟧ 机主⟦N|唐明辉⟧",
  "loss report")
c("联通客服10010说让我找你们 我这个号⟦P|18518830972⟧实名是我前夫⟦N|贺文斌⟧的 现在想过户给我",
  "ex-husband named; 10010 negative")
c("亲 我是电信客服小雅 工号10237 请问您是机主⟦N|杜⟧女士本人吗",
  "agent nickname/staff number negative, customer honorific")
c("实名登记信息\n姓名：⟦N|尉迟浩然⟧\n证件类型：居民身份证\n证件号码：⟦I|" + idx("610113", "19871023") + "⟧\n联系地址：⟦A|陕西省西安市碑林区南大街12号鼓楼小区5号楼302⟧",
  "real-name form, ID ending X, compound surname")
c("流量包退订 我的号码 ⟦P|1 3 6 0 2 1 5 8 8 4 7⟧ 谢谢",
  "digits separated by spaces")
c("固话报修：⟦P|010-6552 3318⟧ 没有拨号音 地址⟦A|北京市东城区东四十条甲22号南新仓商务大厦A座⟧",
  "landline repair")
c("你们那个5G套餐怎么改 我号码⟦P|1 5 0 - 2 8 3 6 - 4 7 1 9⟧",
  "digits separated by spaces and dashes")
c("国际漫游开通一下 我下周去香港 本机⟦P|13917843260⟧ 香港那边朋友号码⟦P|852 5108 3672⟧有问题我打他",
  "mainland and HK numbers")
c("我要注销这个号 但是我人在澳门 澳门号码是⟦P|+853 6612 3478⟧ 能远程办吗",
  "Macau number")
c("台湾朋友的手机 ⟦P|0912-805-376⟧ 怎么打过去 要加什么",
  "Taiwan mobile local format")
c("卡被停机了 我是⟦N|阿卜杜拉·买买提⟧ 号码⟦P|15609913382⟧ 在乌鲁木齐",
  "Uyghur name with middle dot")
c("老人机要换卡 用户⟦N|热依拉·吐尔逊⟧ 身份证⟦I|" + idn("65010219530307162") + "⟧ 地址⟦A|新疆乌鲁木齐市天山区解放南路376号⟧",
  "minority name, ID, address")
c("我是公司行政 给员工办集团号 ⟦N|尹晓光⟧ ⟦P|15201437765⟧ ⟦N|韦丽华⟧ ⟦P|15201437792⟧",
  "list of employees and numbers")
c("装宽带的师傅留了电话 ⟦P|0512-62583391⟧ 说是他们站点的座机 我打了没人接",
  "Suzhou landline")
c("客服您好，光猫换了以后wifi密码是多少？账号是⟦P|0571 8876 2031⟧那个座机绑定的",
  "landline as broadband account")
c("我要查一下通话记录 这个号码⟦P|021-5489 2207转8012⟧打了我好几次 是不是骚扰电话",
  "landline with extension 转")
c("家里座机 ⟦P|(0755)86329915⟧ 装的是100M 想升级",
  "area code in parentheses")
c("帮我老公的号码充值 ⟦P|＋８６　１５７　２１０９　３３８４⟧",
  "full-width plus and ideographic spaces")

# ---------------- bank card centres ----------------
c("信用卡中心您好，请问您是⟦N|王⟧先生吗？您尾号的信用卡本期账单已出，最低还款额为[数字3]元。",
  "bank outbound call, honorific")
c("我卡被冻结了 卡号⟦B|" + grp(luhn("622202100187263451"), (4, 4, 4, 4)) + "⟧ 户名⟦N|吴志刚⟧ 怎么解冻",
  "19-digit card with spaces")
c("还款账户改成这张 ⟦B|" + luhn("621700276003181942") + "⟧ 开户行中国银行北京分行 持卡人⟦N|李秀兰⟧",
  "19-digit card no spaces")
c("你好 我想申请分期 卡号⟦B|" + grp(luhn("622588012378461"), (4, 4, 4, 4), "-") + "⟧ 12期手续费多少",
  "16-digit card with dashes")
c("客户：我这个卡⟦B|" + luhn("436742610031852") + "⟧境外刷不了\n坐席：您好，请问持卡人姓名？\n客户：⟦N|ZHOU/YUTING⟧ 卡上印的是这个",
  "visa card, romanised name on card")
c("收款信息\n户名：⟦N|赵建国⟧\n账号：⟦B|" + grp(luhn("621226100101298376"), (6, 13)) + "⟧\n开户行：工商银行杭州西湖支行",
  "payee form, 6+13 grouping")
c("退款到我银行卡吧 支付宝出问题了 ⟦B|" + luhn("623058000034729115") + "⟧ 农行的 名字⟦N|谭丽萍⟧",
  "refund to bank card")
c("我在95588说不清楚 这张卡⟦B|" + grp(luhn("621723020000457362"), (4, 4, 4, 4)) + "⟧是我爸⟦N|孔庆祥⟧的 他去世了 要销户",
  "deceased father account; 95588 negative")
c("信用卡账单地址改一下 改到⟦A|广东省广州市越秀区环市东路339号广东国际大厦主楼1806⟧ 邮箱也改成⟦E|JIANG.Lei@Hotmail.com⟧",
  "billing address and mixed-case email")
c("坐席：您的信用卡申请需要补充工作证明，我们会发送邮件给您。\n客户：好 发这个 ⟦E|hr_liu@foxmail.com⟧ 别发我公司邮箱",
  "personal e-mail for card application")
c("帮我查下这张卡有没有到账 ⟦B|" + luhn("622848001234876125") + "⟧ 转账人是⟦N|邹凯⟧",
  "incoming transfer check")
c("持卡人：⟦N|郑雅婷⟧ 证件号：⟦I|" + idn("35020319930415222") + "⟧ 卡号：⟦B|" + luhn("625965012387621") + "⟧ 申请临时额度",
  "card centre form: name, ID, card")
c("我老婆的副卡 ⟦B|" + grp(luhn("518710004492361"), (4, 4, 4, 4)) + "⟧ 额度能调高吗 她叫⟦N|邱美玲⟧",
  "supplementary mastercard")
c("坐席：先生您好，为核实身份，请提供完整的身份证号码。\n客户：⟦I|" + grp(idn("32010619880315431"), (6, 8, 4), "-") + "⟧",
  "ID with dashes")
c("工资卡换成招行了 ⟦B|" + luhn("621483755123906") + "⟧ 麻烦财务更新 ⟦N|石磊⟧",
  "16-digit salary card")
c("我刚刚被骗了 转了五千到这个卡 ⟦B|" + grp(luhn("621799360001234879"), (4, 4, 4, 4)) + "⟧ 对方叫⟦N|黄志伟⟧ 能追回吗",
  "fraud report with third-party card and name")
c("您好，您申请的信用卡已寄出，寄送地址：⟦A|江苏省南京市建邺区江东中路369号新华报业传媒广场12楼⟧，请注意查收。",
  "bank SMS with address")
c("开户预约：⟦N|戚晓峰⟧，身份证 ⟦I|" + idn("37020219960127553") + "⟧，预约时间6月20日上午",
  "bank account opening appointment")
c("贷款还款卡 尾数不对 应该是 ⟦B|6228 4800 " + grp(luhn("622848000212345")[8:], (4, 4)) + "⟧ 这张",
  "card typed with spaces")
c("ETC绑定的银行卡 ⟦B|" + luhn("621661000001934287") + "⟧ 车牌⟦L|苏A·3K7B9⟧ 扣费失败",
  "ETC card and plate")
c("亲 退款需要您提供开户行和卡号哦\n顾客：建行 ⟦B|" + grp(luhn("621700012008753421"), (4, 4, 4, 4, 3)) + "⟧ ⟦N|彭亮⟧",
  "CCB card, 4-4-4-4-3 grouping")
c("境外消费退税到卡 ⟦B|" + luhn("452791360098213") + "⟧ 持卡人 ⟦N|LI WEI⟧",
  "visa 16 digits, romanised holder")
c("我想把这个月的还款日改一下 卡号是⟦B|" + fullwidth(luhn("622576000013578")) + "⟧",
  "full-width card digits")
c("银行卡:⟦B|" + luhn("621483019276345810") + "⟧户名:⟦N|皇甫嘉树⟧开户行:招商银行深圳分行",
  "form without spaces, compound surname 皇甫")
