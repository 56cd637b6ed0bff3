# -*- coding: utf-8 -*-
"""PII cases, part A: e-commerce, couriers, food delivery."""
from common import idn, idx, luhn, grp, fullwidth

C = []


def c(text, note):
    C.append((text, note))


# ---------------- e-commerce ----------------
c("亲 我地址写错了 改成⟦A|浙江省杭州市西湖区文三路478号华星时代广场B座1203⟧ 收件人⟦N|陈佳怡⟧ 电话⟦P|13757162209⟧",
  "buyer corrects address, recipient and mobile")
c("在吗在吗 我买的那个衣服能不能换个码 我叫⟦N|刘洋⟧ 下单手机是⟦P|186 2137 5590⟧",
  "self-introduction, mobile with spaces")
c("客服：亲，麻烦提供下收货人姓名和电话哦~\n买家：⟦N|黄嘉欣⟧ ⟦P|150.1088.3362⟧",
  "multi-line agent/buyer, dotted mobile")
c("【订单备注】[订单1] 买家留言:放门口就行别打电话 收货人:⟦N|吴海涛⟧ 手机:⟦P|13641187725⟧ 地址:⟦A|广东省深圳市南山区粤海街道高新南九道10号深圳湾科技生态园10栋A座⟧",
  "exported order remark")
c("退款退到哪里了啊 我支付宝是⟦M|15921886730⟧ 一直没到账",
  "alipay account that looks like a phone")
c("能开发票吗 抬头个人 发我邮箱⟦E|zhaoyue_1990@163.com⟧ 谢谢",
  "invoice to personal e-mail")
c("你们发错颜色了！！！我要黑色的给我发个白色 加我vx⟦M|lily_chen0921⟧我发图给你",
  "angry buyer, vx id")
c("地址：⟦A|上海市浦东新区张江镇祖冲之路2290弄3号楼602室⟧ ⟦N|孙丽娟⟧ ⟦P|+86 138 2716 0493⟧",
  "address name phone in one line, +86 spaced")
c("快递放驿站了吗 我白天在⟦A|江苏省苏州市工业园区星湖街328号创意产业园2-B栋⟧上班 中午没人收",
  "work address in industrial park")
c("亲亲 ⟦N|周⟧先生您好 您的订单[订单2]已经安排发货啦 预计明后天到哦 有问题随时找客服小美~",
  "agent greeting with honorific; agent nickname not a name")
c("老板 帮我改下收件信息\n收件人 ⟦N|欧阳明轩⟧\n电话 ⟦P|0086-15013627749⟧\n地址 ⟦A|福建省厦门市思明区莲前西路861号瑞景公寓7号楼1401⟧",
  "multi-line recipient block, compound surname, 0086 prefix")
c("买家备注：帮忙写张贺卡 写给⟦N|林晓雯⟧ 生日快乐 别放价格单",
  "recipient of greeting card named in order remark")
c("我那个订单收件人写的我老公⟦N|何俊峰⟧ 他电话⟦P|(86)13760215584⟧ 你们联系他就行",
  "husband named in passing, (86) prefix")
c("7天无理由退货 退货地址发一下？我这边寄件人填⟦N|唐晓峰⟧ 电话⟦P|133-8821-0475⟧可以吧",
  "return sender")
c("客服你好 我的淘宝账号绑定的手机号换了 新号码是⟦P|１３９１７６５２２０８⟧ 旧的不用了",
  "full-width digits")
c("发票信息 单位:个人 姓名:⟦N|邓梓涵⟧ 邮箱:⟦E|DENGZIHAN@QQ.COM⟧",
  "uppercase e-mail in invoice form")
c("我是上周买扫地机的那个 ⟦N|谢婷婷⟧ 机器又不转了 你们售后电话400-820-3388打不通啊",
  "buyer name; company hotline not PII")
c("亲爱的⟦N|宋⟧女士：您购买的商品已出库，物流单号[数字1]，如有疑问请联系在线客服。",
  "agent template message with honorific")
c("帮我备注一下 送货前先打电话 前三位⟦P|158⟧ 后八位⟦P|20714436⟧",
  "mobile split into 前三位/后八位: two spans")
c("收货人⟦N|慕容雪⟧ ⟦P|17612983305⟧ ⟦A|重庆市渝北区龙溪街道金紫山路88号金紫山小区4栋2-3⟧ 周末送",
  "compound surname recipient")
c("拍错了 地址应该是老家的 ⟦A|河南省周口市项城市秣陵镇后庄村三组⟧ 收件人写我爸⟦N|冯国强⟧",
  "village address, father named")
c("你们这个会员积分怎么兑换 我手机号⟦P|15800217736⟧ 会员名跟手机一样",
  "membership lookup by phone")
c("亲 这边需要您提供付款截图和支付宝账号 我们给您原路退\n顾客：支付宝 ⟦M|chenyu88@126.com⟧ 名字⟦N|陈宇⟧",
  "alipay account looking like e-mail")
c("二手闲置 诚心要的加微⟦M|wxid_8k2j3h9d0s⟧ 价格可小刀 同城面交 ⟦A|广州市天河区天河北路233号中信广场⟧附近",
  "second-hand post with wxid and meeting place")
c("我要投诉！！你们客服阿杰态度太差了 我叫⟦N|罗志明⟧ 订单[订单3] 我要打12315",
  "complaint; agent nickname and 12315 are negatives")
c("我在京东买的冰箱 送货师傅⟦N|黄⟧师傅说下午到 可是现在还没来 他电话是⟦P|18098762153⟧ 你们帮我催下",
  "third-party delivery worker with honorific")
c("买家信息导出\n姓名\t电话\t地址\n⟦N|许嘉豪⟧\t⟦P|19157720386⟧\t⟦A|山东省青岛市市南区香港中路76号颐和国际A座2805⟧",
  "tab separated export")
c("hi 我想问下 海外直邮 收件人英文名要写什么 我护照名是⟦N|HUANG JIAHAO⟧",
  "romanised name for cross-border shipping")
c("跨境购需要实名 订购人⟦N|沈梦琪⟧ 身份证号⟦I|" + idn("33010619920729314") + "⟧ 要跟支付人一致吗",
  "cross-border real-name with ID")
c("亲，跨境商品清关需要收件人身份证哦，请回复身份证号码~\n好的 ⟦I|" + grp(idn("44030519900112527"), (6, 8, 4)) + "⟧",
  "ID with spaces after agent prompt")
c("刚刚付款那个 发顺丰到付 ⟦A|北京市海淀区中关村南大街5号院理工科技大厦1208⟧ ⟦N|曹文博⟧ 手机⟦P|13520987714⟧",
  "SF collect on delivery")
c("宝贝收到了 质量不错 就是包装破了 给你们提个意见 有事加我q⟦M|287364951⟧",
  "QQ as q")
c("我在抖音小店下的单 店铺让我私信 我抖音号⟦M|dy_huahua88⟧ 你们看看",
  "douyin handle as contact")
c("麻烦给我开个增值税普票 个人 收票邮箱⟦E|li.na@stu.xmu.edu.cn⟧",
  "sub-domain e-mail")
c("客服: 您好，请问是⟦N|彭⟧先生吗？这边是[店铺]售后，您反馈的漏液问题我们已经登记了。",
  "agent call script")
c("地址没写全 补一下：⟦A|四川省成都市武侯区桂溪街道天府三街198号腾讯大厦B座15楼⟧ 找前台",
  "office address")
c("收件人：⟦N|蒋欣怡⟧\n联系电话：⟦P|1８６2０9３7５1４⟧\n收货地址：⟦A|湖南省长沙市岳麓区麓谷街道文轩路27号麓谷企业广场C2栋⟧",
  "form with mixed full/half-width digits")
c("我老婆⟦N|韩雪梅⟧ 用我账号下的单 她手机没电了 你们联系我吧 ⟦P|136 0218 7753⟧",
  "wife named, husband phone")
c("能不能寄到我公司 ⟦A|天津市滨海新区经济技术开发区第三大街51号泰达MSD-B2座⟧ 前台代收 写我名字⟦N|于海洋⟧就行",
  "company address, name")
c("商品到了但是不是我买的 收件人写的⟦N|夏雨晴⟧ 我们这栋没这个人",
  "wrong recipient")
c("客服：请核对收货信息\n⟦N|姚瑶⟧，⟦P|15366012874⟧，⟦A|安徽省合肥市蜀山区望江西路800号中安创谷一期A3栋⟧\n买家：对的",
  "agent confirms order info")

# ---------------- couriers ----------------
c("顺丰吗 我寄件 寄件人⟦N|郑雅婷⟧ 寄到⟦A|北京市朝阳区望京街道阜通东大街6号院3号楼1单元1702⟧ 收件人⟦N|何晓东⟧ ⟦P|139 0571 2286⟧",
  "courier pick-up booking")
c("师傅你到哪了 我在小区北门 ⟦A|成都市高新区天府大道中段1388号美年广场⟧ 这个门进来左转",
  "courier meeting point")
c("快递员⟦N|马志远⟧打我电话说放丰巢了 但我没收到取件码 95338也打不通",
  "third-party courier name; hotline negative")
c("包裹显示签收了 但我没拿到 签收人写的是⟦N|钱⟧阿姨 我不认识她啊",
  "third party with honorific 阿姨")
c("寄香港的件 收件人 ⟦N|Wong Ka Yan⟧ 电话 ⟦P|+852 6134 8820⟧ 地址 ⟦A|香港九龍旺角彌敦道610號荷李活商業中心12樓1203室⟧",
  "Hong Kong recipient, romanised name")
c("中通快递：您的快件[数字2]已到达【⟦A|杭州市余杭区五常街道文一西路998号海创园18幢⟧】菜鸟驿站，凭取件码领取",
  "courier SMS with address")
c("我要改地址 原来寄的是宿舍 现在改成 ⟦A|陕西省西安市雁塔区科技路48号创业广场B座2106⟧ 电话不变",
  "address change")
c("快递小哥 麻烦放⟦A|朝阳区安立路60号润枫德尚小区17号楼⟧楼下的快递柜 别放门口 我家有狗",
  "partial address without province")
c("你好 我有个件被退回了 寄件人⟦N|蔡振宇⟧ 我的电话⟦P|0591-87552136⟧ 是座机 白天有人",
  "Fuzhou landline")
c("同城急送 取件地址 ⟦A|深圳市福田区华强北街道振华路122号海外装饰大厦A座9楼⟧ 联系人⟦N|邝嘉琪⟧ 送到⟦A|深圳市宝安区西乡街道宝源路1065号⟧",
  "two addresses in same-city delivery")
c("韵达的那个件一直不动 收件人⟦N|潘晓雯⟧ 电话⟦P|一三八零二七六五四九一⟧ 你们查查",
  "phone in Chinese numerals")
c("到付多少钱啊 我在⟦A|云南省昆明市五华区学府路745号云南大学呈贡校区⟧ 门卫不让进 你放门卫室",
  "campus address")
c("寄件人：⟦N|董振华⟧ ⟦P|028 8555 1296⟧\n寄件地址：⟦A|成都市锦江区春熙路南段8号⟧\n物品：文件\n保价：不保",
  "courier waybill form")
c("你们那个快递员把我包裹扔地上 他叫什么我不知道 工号是SF9527 我要投诉 我叫⟦N|田甜⟧",
  "staff number negative, buyer name")
c("国际件 寄日本 收件人 ⟦N|Sato Yuki⟧ ⟦A|東京都渋谷区渋谷2-21-1 渋谷ヒカリエ 12F⟧ 电话⟦P|+81 90 3318 2746⟧",
  "international shipment to Japan")
c("这个件帮我转寄到我妈那 ⟦A|黑龙江省哈尔滨市南岗区西大直街92号1单元502⟧ 收件人⟦N|石凤琴⟧ 电话打⟦P|0451-86412230⟧",
  "mother named, Harbin landline")
c("能上门取件吗 我在⟦A|温州市鹿城区五马街道解放街214号⟧二楼 电话⟦P|幺五九 二二八三 六七零幺⟧",
  "phone with 幺 and spaces")
c("[系统]派件员⟦N|卢俊杰⟧（⟦P|147 3392 0618⟧）正在为您派件，请保持电话畅通。",
  "courier SMS naming dispatcher")

# ---------------- food delivery ----------------
c("外卖到了吗 我在⟦A|南京市鼓楼区汉中路89号金鹰国际商城B座⟧ 东门 放外卖柜就行",
  "food delivery address")
c("骑手：你好 你外卖到了 电话一直打不通 是⟦N|方⟧小姐吗",
  "rider, honorific 小姐")
c("备注：不要香菜 多放辣 送到⟦A|郑州市金水区花园路39号国贸中心A座2203⟧ 打⟦P|一八六两零幺三四七八九⟧",
  "food order remark, phone with 两 and 幺")
c("商家您好 我点的黄焖鸡米饭少了一份饭 订单[订单4] 手机⟦P|17708213396⟧ 麻烦补一下",
  "complaint to restaurant")
c("外卖放⟦A|武汉市江汉区建设大道568号新世界国贸大厦I座⟧一楼前台 写⟦N|袁圆⟧ 谢谢小哥",
  "front desk delivery with name")
c("顾客要求改地址：⟦A|长沙市开福区芙蓉中路一段478号运达国际广场32楼⟧，顾客电话⟦P|0731-84427719⟧",
  "rider note with landline")
c("帮我带一杯奶茶 钱微信转你 我微信⟦M|mengmeng_0825⟧ 加一下",
  "WeChat id for payment")
c("骑手⟦N|孟凡超⟧ ⟦P|19806213357⟧ 将为您配送，预计12:35送达",
  "app notification naming rider")
c("送错了！！我是⟦A|上海市徐汇区漕溪北路88号圣爱大厦⟧的 你送到对面去了 我叫⟦N|江涛⟧",
  "wrong delivery")
c("麻烦骑手送到⟦A|杭州市滨江区网商路699号阿里巴巴滨江园区4号楼⟧北门闸机那 电话⟦P|133 6721 8804⟧",
  "office park delivery")
c("这单是帮我奶奶点的 她不会用手机 送到⟦A|广东省佛山市禅城区祖庙街道福贤路45号3座601⟧ 奶奶叫⟦N|梁⟧婆婆 敲门大声点",
  "grandmother with honorific 婆婆")
c("订餐人：⟦N|诸葛晓琳⟧ 电话：⟦P|+86-177-0215-9946⟧ 备注：餐具2份",
  "compound surname 诸葛")
