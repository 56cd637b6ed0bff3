# -*- coding: utf-8 -*-
"""PII cases, part F: longer multi-line records and mixed conversations."""
from common import idn, idx, luhn, grp, fullwidth

C = []


def c(text, note):
    C.append((text, note))


c("【工单导出】\n工单号：[数字6]\n客户姓名：⟦N|葛文涛⟧\n联系电话：⟦P|020-38862715-312⟧\n证件号码：⟦I|" + idn("44010419861225173") + "⟧\n问题描述：空调不制冷，已派师傅⟦N|康⟧师傅处理\n客服：小倩（工号 20451）",
  "ticket export with landline extension, installer honorific, agent nickname negative")
c("客户：我的信用卡⟦B|" + grp(luhn("622690001829374"), (4, 4, 4, 4)) + "⟧被盗刷了\n坐席：您好，请问您是持卡人⟦N|洪⟧先生本人吗？\n客户：是 我叫⟦N|洪宇航⟧ 身份证⟦I|" + idn("35010219890418215") + "⟧",
  "multi-line fraud call")
c("买家留言：\n1.周末送\n2.发票寄到⟦E|finance_ycw@126.com⟧\n3.有问题联系⟦N|尤春旺⟧ ⟦P|0574-87362194⟧或微信⟦M|ycw_nb1988⟧",
  "numbered order remark")
c("客服你好\n我上个月在你们家订的机票\n乘机人 ⟦N|黎嘉慧⟧\n护照 ⟦S|EC2938104⟧\n退票款到现在没到\n原路退到我的卡 ⟦B|" + luhn("622588091237465") + "⟧",
  "multi-line airline refund")
c("【租房合同信息】甲方：⟦N|钟伟强⟧ 身份证：⟦I|" + idn("44030419700823195") + "⟧ 乙方：⟦N|詹小雨⟧ 身份证：⟦I|" + idx("360102", "19980611") + "⟧ 房屋地址：⟦A|深圳市福田区景田北路38号景鹏大厦7楼711⟧ 乙方收款卡：⟦B|" + luhn("621483755092816") + "⟧",
  "rental contract record exported via chat")
c("pls send the invoice to my personal mail ⟦E|maggie.hsu@gmail.com⟧ not the company one thx",
  "English request with gmail")
c("车辆登记\n车主：⟦N|包巴特尔⟧\n车牌：⟦L|蒙B·6K283⟧\n电话：⟦P|15847236610⟧\n地址：⟦A|内蒙古包头市昆都仑区钢铁大街72号⟧",
  "vehicle registration")
c("寄件人微信⟦M|xu_hanwen_⟧ QQ⟦M|1937462058⟧ 都可以找到我 邮箱⟦E|xuhanwen@sina.cn⟧",
  "three contacts at once")
c("航空公司：您好，旅客⟦N|谭⟧先生，由于航班MF8532取消，我们已为您改签至MF8534，改签单已发至您邮箱⟦E|tan.yue89@163.com⟧。",
  "airline notice with e-mail")
c("美团骑手：到了\n顾客：放⟦A|厦门市湖里区枋湖北二路1199号天地开发大厦⟧一楼外卖架 号码⟦P|18250173392⟧\n骑手：好的",
  "three-line rider chat")
c("持卡人姓名（拼音）：⟦N|YUAN XIAOTONG⟧\n护照号码：⟦S|E80192736⟧\n卡号：⟦B|" + grp(luhn("625808012739465"), (4, 4, 4, 4)) + "⟧\n用于：境外消费退税",
  "tax refund form")
c("汽车美容店：⟦N|钟⟧哥 您的车⟦L|粤E·92K7T⟧贴膜好了 可以来取了",
  "shop calls customer 钟哥")
c("家电回收登记：⟦N|沙丽娟⟧ ⟦P|0871-65173920⟧ ⟦A|昆明市盘龙区北京路1079号⟧ 旧冰箱一台",
  "appliance recycling")
c("请核对开票信息：个人 ⟦N|鞠思远⟧ 身份证号⟦I|" + idn("37068719910908153") + "⟧ 邮箱⟦E|jusiyuan_yt@163.com⟧",
  "invoice check")
c("支付宝转不了 用银行卡吧 ⟦B|" + grp(luhn("620522001234879365"), (4, 4, 4, 4, 3)) + "⟧ 开户名⟦N|芦海涛⟧",
  "bank transfer fallback")
c("港澳通行证 ⟦S|C10293846⟧ 名字 ⟦N|宁静怡⟧ 我们一家三口 还有 ⟦S|C10293851⟧ ⟦N|宁浩⟧ 和 ⟦S|CC2837461⟧ ⟦N|宁小满⟧",
  "family permits")
c("护照号码 ⟦S|EG8301926⟧ 持照人 ⟦N|LIAO/ZIHAN⟧ 办理值机",
  "check-in")
c("身份证⟦I|" + idn("51112319940302482") + "⟧ 车牌 ⟦L|川L·3D87K⟧ 停车场登记外来车辆",
  "visitor vehicle register")
c("坐席：请问您的联系电话？\n客户：⟦P|一五零 六六二八 四七三一⟧\n坐席：好的，⟦P|一五零六六二八四七三一⟧对吗？\n客户：对",
  "agent repeats the phone; both turns labelled")
c("收件人 ⟦N|ALEXANDER PETROV⟧ 电话 ⟦P|+7 916 238 4471⟧ 邮箱 ⟦E|a.petrov@yandex.ru⟧",
  "Russian recipient")
