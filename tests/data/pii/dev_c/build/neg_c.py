# -*- coding: utf-8 -*-
"""Negatives, part C: longer mixed chats without personal data."""

N = []


def n(text, note):
    N.append((text, note))


n("客服：⟪亲⟫，您的订单⟪[订单12]⟫已经在路上了哦~\n买家：好的 大概⟪几号⟫到\n客服：预计⟪6月21日⟫前送达，请保持电话畅通~",
  "multi-line order chat without PII")
n("【物流更新】您的包裹已由⟪中通快递⟫揽收，运单号⟪[数字13]⟫，客服热线⟪95311⟫。",
  "courier SMS template")
n("【⟪中国移动⟫】尊敬的客户，您本月套餐内流量剩余⟪3.2GB⟫，详询⟪10086⟫。",
  "operator SMS template")
n("【⟪招商银行⟫】您的信用卡⟪6月⟫账单⟪￥3,218.50⟫，到期还款日⟪07月05日⟫，客服⟪95555⟫。",
  "bank SMS without card number")
n("订单备注：⟪不要辣⟫ ⟪多加醋⟫ ⟪餐具2份⟫ ⟪放门口⟫",
  "food order remark without PII")
n("安装单\n机型：⟪KFR-26GW/BpR3DN8⟫\n安装方式：⟪挂机⟫\n铜管：⟪3米⟫\n备注：⟪需要打孔⟫",
  "install form without personal fields")
n("酒店：⟪先生⟫您好，您预订的⟪豪华大床房⟫已确认，⟪14:00⟫后可办理入住，早餐⟪6:30-10:00⟫在⟪二楼⟫餐厅。",
  "hotel confirmation without name")
n("航班⟪CA1501⟫ ⟪北京首都T3⟫ → ⟪上海虹桥T2⟫ ⟪07:30⟫ 起飞 ⟪经济舱 Y⟫",
  "itinerary line without passenger")
n("车辆保养提醒：您的爱车已行驶⟪9,860公里⟫，建议进行⟪1万公里⟫保养，预约请致电⟪400-800-2288⟫。",
  "car maintenance reminder without plate")
n("买家：⟪周大福⟫跟⟪周生生⟫哪个金价便宜\n客服：⟪亲⟫ 我们只卖⟪周大福⟫的哦 今日金价⟪698元/克⟫",
  "brand names in chat")
n("⟪康师傅⟫ ⟪统一⟫ ⟪今麦郎⟫ ⟪白象⟫ 各来一箱 周末送",
  "list of brands")
n("问下⟪李宁⟫和⟪安踏⟫的童鞋⟪30码⟫哪个偏大",
  "brand comparison")
n("司机：⟪美女⟫ 我到了 在⟪南门⟫ ⟪白色⟫的车\n乘客：好 ⟪2分钟⟫",
  "ride chat without plate")
n("外卖：⟪小哥⟫ 放⟪外卖柜⟫⟪3号格⟫就行 谢谢啦",
  "food delivery without address")
n("亲 这边查到您的退款⟪¥86.50⟫已于⟪今天10:32⟫退回，⟪1-3个工作日⟫到账，客服⟪小美⟫为您服务~",
  "refund notice with agent nickname")
n("⟪王老吉⟫和⟪加多宝⟫到底有啥区别 我要⟪红罐⟫的",
  "brands")
n("机票⟪CZ6901⟫ ⟪2月14日⟫ 乌鲁木齐-北京 ⟪余票3张⟫",
  "flight availability")
n("⟪G1234⟫ ⟪D5678⟫ 哪个快 我要⟪上午⟫的",
  "train comparison")
n("客服：很抱歉给您带来不便，我们已为您申请⟪20元⟫无门槛券，券码⟪CPN20240618⟫，⟪30天⟫内有效。",
  "apology with coupon")
n("宽带故障报修已受理，受理单号⟪[数字14]⟫，⟪24小时⟫内工程师会上门，如有疑问请拨打⟪10000⟫。",
  "broadband SMS")
n("师傅说⟪1.5匹⟫的⟪18平⟫够了 ⟪3级能效⟫和⟪1级能效⟫差多少电费",
  "AC advice without PII")
n("⟪老干妈⟫ ⟪李锦记⟫ ⟪海天⟫ 这三个调料 下单了 ⟪[订单13]⟫",
  "seasoning brands")
n("店铺名⟪张记煎饼⟫ 外卖 没给酱",
  "shop name with surname 张记")
n("⟪王记⟫烧烤和⟪刘记⟫烧烤是一家吗",
  "shop names with 记")
n("⟪小杨生煎⟫的生煎冷了",
  "restaurant brand with 小杨")
n("⟪阿香婆⟫ 辣酱 ⟪3瓶⟫",
  "brand with 阿 prefix")
n("⟪陈皮⟫要⟪十年⟫的 别给我⟪三年⟫的",
  "陈皮 word")
n("⟪黄焖鸡米饭⟫ ⟪大份⟫ ⟪加辣⟫",
  "dish")
n("⟪东方航空⟫ 会员 ⟪金卡⟫ 升舱",
  "airline brand starting with compound surname 东方")
n("⟪欧式⟫ 窗帘 ⟪2.8米⟫ 高 有现货吗",
  "欧 word")
n("您好 您的号码本月账单已出 如有疑问请拨打⟪10000⟫ 或添加客服⟪企业微信⟫ 【⟪中国电信⟫】",
  "operator SMS template")
