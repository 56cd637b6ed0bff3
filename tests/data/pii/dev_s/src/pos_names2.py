# Names by line of business: banking, insurance, telecom, hospitals, schools, property, ride hailing, transfers.
GROUPS = [
("banking: names of holders, payees and transfer counterparts", r"""
我给{N|唐晓雯}转了五千块钱，对方说没收到
收款人{N|褚国辉}，开户行是城东支行
账户名写成了{N|侯建宏}，应该是{N|侯宏伟}，多打了一个字
代扣的那个账户是我母亲{N|秦淑芬}的
给{N|车晓红}的转账能撤回吗，我转错人了
客服您好，我是持卡人{N|喻东}，卡被吞了
我们公司的出纳{N|廖婷}今天请假，回单明天再给您
"""),
("insurance: insured, claimants, agents named in passing", r"""
我们的代理人{N|路海鹰}已经离职了，保单现在谁管
出险的时候开车的是{N|万俊峰}，不是车主
理赔员{N|阳光辉}来现场拍了照
这份意外险受益人要改成{N|庄子豪}
报案人{N|冼伟明}，事故地点在高速出口
对方司机叫{N|鞠涛}，他全责
"""),
("telecom: account holders, family plans, installers", r"""
这个号是我父亲{N|郭长顺}的实名，他去世了想销户
副卡给我儿子{N|郭一凡}用
装宽带的{N|于海洋}说光猫坏了要换
机主{N|苏明远}本人来办理的吗
我老公{N|洪建国}的号码欠费停机了
上门的是你们网格经理{N|翟}，姓{N|翟}的那个
"""),
("hospitals: patients, doctors, family", r"""
挂{N|黄振东}主任的号，明天上午的
我妈{N|蒙桂香}的检查单子找不到了
帮我查一下{N|申志华}的核酸结果
陪护的是我嫂子{N|栾翠萍}
给我开药的是{N|谢}大夫，不是{N|何}大夫
{N|楚天明}，男，45岁，门诊号已发短信
产妇{N|穆婷婷}的家属请到护士站
麻醉科的{N|应红}护士长让我们等通知
"""),
("schools: students, teachers, parents", r"""
我是{N|冯子墨}的爸爸，孩子今天不舒服请假
班主任{N|裴}老师说作业在群里发了
{N|纪小雨}和{N|纪小雪}是双胞胎，要分到一个班
我们家{N|薛皓轩}的校服一直没发
请{N|姚}老师回个电话
{N|娄晨阳}同学的饭卡丢了
"""),
("property management: owners, tenants, neighbours", r"""
物业的{N|施}经理说周末来看
{N|晁春生}家门口堆了好多杂物，消防通道都堵了，他微信号{M|chaocs1966}
我邻居{N|桑小燕}说她家也停电了
这个车位是{N|宫建华}的，他一直占着我的位置
楼长{N|全秀珍}让我们签字同意加装电梯
前台的保安{N|麦国强}把我的快递给了别人
"""),
("ride hailing and delivery", r"""
骑手{N|韶华}送餐迟到一个小时
外卖员{N|蔚晨}打电话说找不到楼，我加了他微信{M|weichen_rider}发了定位
帮我联系一下司机{N|况永刚}，我手机落车上了
你们配送员{N|宁波}每次都不送上楼
代驾{N|东方明}开车刮到了停车场的柱子
拼车的乘客{N|岳瑶}一直没出现
"""),
("transfers between agents and departments, callbacks", r"""
客服：好的，我帮您转给负责售后的{N|季}专员，请稍等
我上周跟一个叫{N|艾晓琳}的客服说过，她说会记录
帮我找一下你们的{N|康}组长
之前是{N|程晓波}给我回的电话，让他再打给我吧
我投诉的是你们门店的店员{N|解静}
转{N|韩}总，说是{N|蒋建}的事
回电请找{N|段晓峰}或者{N|葛丽}
"""),
("complaint narratives naming several people", r"""
那天我和我同事{N|费红英}去你们店里，店员{N|卞小军}态度很差，后来经理{N|宗}出面才解决
我先是跟{N|屠文}说的，她让我找{N|苟立强}，结果{N|苟立强}又推给{N|隋颖}
我儿子{N|幸子健}在你们培训班上课，老师{N|冉冉}经常迟到
{N|师晓东}说东西是{N|祖建国}收的，{N|祖建国}说他没收过
我岳父{N|强德明}和岳母{N|赖玉梅}都在这个小区住，他们投诉好几次了
"""),
("names typed with odd spacing or in lower-case pinyin", r"""
收货人 {N|王 晓燕}
名字拼音是{N|li xiaoming}，最后有个g
我叫{N|zhou jie}，拼音我发你
联系人写 {N|LIU FANG} 就行
"""),
]
