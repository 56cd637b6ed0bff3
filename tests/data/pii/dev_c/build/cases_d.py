# -*- coding: utf-8 -*-
"""PII cases, part D: car services, parking, appliance installers."""
from common import idn, idx, luhn, grp, fullwidth

C = []


def c(text, note):
    C.append((text, note))


# ---------------- car services ----------------
c("代驾到⟦A|上海市闵行区七莘路3399号虹桥天地⟧ 车牌⟦L|沪AD12378⟧ 白色特斯拉",
  "new-energy plate, designated driver")
c("洗车预约 车牌 ⟦L|粤B 8K9M2⟧ 明天下午三点 到店洗",
  "plate with space")
c("停车场抬杆不动 我车牌⟦L|浙a7g2k9⟧ 已经付了 出不去",
  "lowercase plate")
c("科目二约考 教练车⟦L|苏E1286学⟧ 学员⟦N|卞思琪⟧ 身份证⟦I|" + idn("32050820020415128") + "⟧",
  "learner plate 学")
c("跨境车 ⟦L|粤Z·A135港⟧ 过关预约 司机⟦N|Cheung Wai Lun⟧",
  "HK cross-border plate")
c("澳门车牌 ⟦L|粤Z·2871澳⟧ 横琴停车场月卡怎么办",
  "Macau cross-border plate")
c("那个车停在我家门口好几天了 ⟦L|京A·0347警⟧ 好像是警车 不敢动",
  "police plate")
c("保险续保 车主⟦N|程立伟⟧ 车牌⟦L|川A3F8K1⟧ 身份证⟦I|" + idn("51010419830611617") + "⟧ 联系电话⟦P|13908012275⟧",
  "insurance renewal form")
c("4S店：⟦N|高⟧先生，您的爱车⟦L|鲁B·7G2N5⟧保养已完成，可以来提车了，工时费已减免。",
  "dealer notice")
c("网约车司机：我到了 在⟦A|北京市西城区西直门外大街137号北京动物园东门⟧对面 白色比亚迪 ⟦L|京AF08327⟧",
  "ride-hailing pickup with new-energy plate")
c("我要投诉司机 车牌⟦L|沪B·D2856Q⟧? 记不太清 他绕路了 行程[订单6]",
  "passenger unsure plate; still plate")
c("挪车！！⟦L|粤A 3Y7T6⟧的车主 你堵住我了 电话⟦P|13826491053⟧",
  "move your car message")
c("违章代办 车牌号⟦L|湘A·N8273⟧ 车架号后六位[数字5] 行驶证上名字⟦N|曾志勇⟧",
  "traffic violation service")
c("二手车过户 原车主⟦N|廖建平⟧ ⟦I|" + idn("36010219760324193") + "⟧ 新车主⟦N|廖文轩⟧ 车牌⟦L|赣A5T921⟧",
  "used car transfer")
c("道路救援 我车在⟦A|长沙市雨花区万家丽南路二段168号⟧门口 爆胎了 车牌⟦L|湘AG7721⟧? 反正是湘A开头的",
  "roadside rescue at an address; plate")
c("ETC办理 车牌 ⟦L|津C·62918⟧ 车主 ⟦N|穆红梅⟧ 手机 ⟦P|15522871036⟧",
  "ETC application")
c("租车订单 取车人⟦N|聂晨⟧ 驾驶证号同身份证⟦I|" + idn("13010219940505203") + "⟧ 还车地点⟦A|石家庄市长安区中山东路188号⟧",
  "car rental")
c("充电桩安装 地址⟦A|佛山市顺德区大良街道新城区德和路17号碧桂园翡翠湾8栋车位B2-118⟧ 车牌⟦L|粤XD62839⟧",
  "EV charger installation")
c("有人刮了我的车 监控看到是⟦L|冀F·8H3X2⟧ 小区物业说要报警",
  "hit-and-run plate")
c("停车月卡 续费 ⟦L|黑A L2839⟧ 和 ⟦L|黑AD05721⟧ 两台车",
  "two plates, one with space")
c("挂车牌 ⟦L|鲁H5963挂⟧ 的司机⟦N|韩德胜⟧ 电话 ⟦P|0537-2218365⟧ 货到了没",
  "trailer plate 挂")
c("车险理赔 报案人⟦N|岳彤⟧ 车牌⟦L|渝A·9K35M⟧ 事故地点⟦A|重庆市江北区观音桥步行街建新北路一支路⟧",
  "insurance claim")
c("洗车店预约单\n车牌：⟦L|桂A·H7K23⟧\n车型：大众朗逸\n联系人：⟦N|蓝海燕⟧\n电话：⟦P|17707713390⟧",
  "car wash booking form")
c("你好 代驾师傅把我车开走了没还 我车牌号是⟦L|闽D 5H8N2⟧ 师傅工号DJ0923",
  "plate; staff number negative")

# ---------------- appliance installers ----------------
c("空调安装 师傅明天来 地址⟦A|北京市丰台区南四环西路186号汉威国际广场四区3号楼⟧ 联系人⟦N|赵亚楠⟧ ⟦P|010 8456 7720 转 6⟧",
  "AC installation, landline with spaced extension")
c("热水器报修 型号JSQ30-16TH 地址⟦A|杭州市拱墅区湖墅南路186号湖墅新村22幢3单元401⟧ 我姓⟦N|陆⟧",
  "surname only; model code negative")
c("格力售后：您好，您预约的安装服务师傅⟦N|刘⟧师傅会在下午2点到4点上门，师傅电话⟦P|15907195542⟧",
  "installer name with honorific")
c("洗衣机漏水 我家在⟦A|河北省廊坊市三河市燕郊镇福成五期8号楼2单元1903⟧ 你们燕郊有师傅吗",
  "town address")
c("安装单\n用户：⟦N|柯美华⟧\n电话：⟦P|0898-66827713⟧\n地址：⟦A|海南省海口市美兰区海府路31号⟧\n机型：KFR-35GW\n备注：外机挂墙",
  "installation work order")
c("燃气灶安装好了 师傅说要好评 我叫⟦N|龚莉⟧ 好评写好了",
  "customer name")
c("净水器滤芯到期 上门换 我婆婆在家 她叫⟦N|骆春花⟧ 耳朵不好 你打我电话⟦P|138二七六五零九四一⟧",
  "mother-in-law named, mixed digits and numerals")
c("电视挂架安装 ⟦A|贵州省贵阳市观山湖区林城西路95号中天未来方舟G10组团3栋1单元2402⟧ 业主⟦N|冉光荣⟧",
  "TV mount")
c("你们安装师傅⟦N|吕⟧师傅把我家墙打坏了 要赔 我是业主⟦N|苏晴⟧ ⟦P|186-2094-1783⟧",
  "complaint with installer and customer")
c("冰箱送货+安装 ⟦A|辽宁省沈阳市和平区南京北街206号城市广场2座⟧ 没电梯 6楼 联系⟦N|白⟧大哥",
  "honorific 大哥 excluded")
c("售后工单回访：⟦N|秦⟧女士，您家的油烟机已维修完毕，请问对服务是否满意？",
  "callback script")
c("安装地址：⟦A|山西省太原市小店区平阳路2号⟧ 安装时间6.18上午 客户⟦N|狄丽娜⟧ 电话⟦P|0351-7038829⟧",
  "installation record")
c("地暖维修 ⟦A|吉林省长春市朝阳区前进大街2699号⟧ 家里只有我爷爷⟦N|关振山⟧ 他耳背 多敲门",
  "grandfather named")
c("你好 我要预约上门测量 橱柜 我在⟦A|宁波市鄞州区首南街道天童南路588号宁波文化广场⟧附近 ⟦N|钟⟧小姐 ⟦P|13566012847⟧",
  "measurement appointment")
c("智能锁装好了 说要绑定管理员微信 ⟦M|Yuki-lin_⟧ 这是我的",
  "wechat id with dash and underscore")
c("装宽带顺便装个摄像头 联系我老公 他叫⟦N|阮明⟧ 微信⟦M|ruanming1986⟧",
  "husband name and wechat")
