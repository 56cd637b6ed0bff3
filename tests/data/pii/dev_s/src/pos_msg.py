# Messaging and payment accounts: WeChat, QQ, Alipay, Douyin, Xiaohongshu, Weibo, DingTalk, Telegram, Line ...
GROUPS = [
("WeChat ids typed after a field or keyword", r"""
微信：{M|wxid_k3m9q2x7a1}
加下微信吧 {M|Lucky-Mia0521}
vx：{M|xiaoyu_2333}
V信 {M|chenfeng8808}
我的威信是{M|sunny_jj99}，你们加一下
wx号 {M|qiuqiu_mama}
我微信就是手机号 {M|18620937715}
有事微我：{M|ygy20190607}
微信搜一下 {M|Tang_Yuan66} 就能找到
VX {M|WHL_19930815}
卫星号 {M|ab13579yx}（就是微信）
"""),
("QQ numbers in many shapes", r"""
我QQ是{M|2837461950}
扣扣：{M|540 238 9917}
qq号{M|1187-3329-04}
加我Q {M|785213694}
企鹅号 {M|3301978452}
我的扣扣 {M|3 5 7 9 1 2 4 6 8}
Q:{M|1029384756}
"""),
("Alipay accounts, phone- and e-mail-shaped", r"""
支付宝账号{M|13812093476}，退款打这个就行
退到我支付宝吧 {M|lixue_1990@163.com}
支付宝：{M|1885530129} 少了一位，完整的是{M|18855301294}
阿里账号 {M|yuanfang77@126.com}
zfb {M|15067314892}
支付宝实名是我，账号{M|wanghui.pay@outlook.com}
"""),
("Douyin, Xiaohongshu, Weibo, Kuaishou, Bilibili handles", r"""
我抖音号是{M|dy_mengmeng0712}
抖音id：{M|88416273905}
小红书号 {M|5f3a8c21000000000101ab3c}
小红书账号：{M|桃子不吃桃_}
微博名 @{M|一只胖橘猫2021}
我微博是{M|阿杰爱跑步}，私信我
快手号{M|ks_huangdage}
抖音号：{M|qingqing.1995}，您私信我就行
"""),
("DingTalk, Telegram, Line, WhatsApp, Skype and other platforms", r"""
钉钉号 {M|dtzhou_2020}
我钉钉就是{M|liuchao0391}
Telegram：@{M|shadow_fox88}
TG @{M|mike_chan_hk}
纸飞机 @{M|kaka2046}
Line ID：{M|meimei_tw520}
我的Line是{M|jackyho1122}
WhatsApp +{M|852 6123 4587}
skype：{M|live:.cid.9f21a0c7d3}
飞书搜{M|zhengyuting}就能找到我
陌陌号{M|68841730}
企业微信 {M|HuangWei-Sales}
旺旺：{M|tb_xiaolu2016}
"""),
("ids given in the reply after the agent asks", r"""
客服：方便留个微信吗？ 客户：{M|mumu_0413}
客服：您的QQ号是多少？客户：{M|1593574862}
客服：支付宝账号是？ 客户：就是我手机号 {M|13729061548}
客服：请问您的抖音号 客户：嗯 {M|xiaobai_lovecat}
客服：钉钉账号发我一下 客户：{M|yangfan_dt}
客服：请提供一下您的Line ID 客户：{M|ayu_0827}
客服:您的微博昵称是什么 客户:{M|吃瓜群众阿北}
客服：小红书号报一下 客户：{M|63928471055}
客服：加一下您的微信 客户：好的 {M|cy19920303} 加的时候备注一下
"""),
("ids with spaces or said letter by letter", r"""
微信号是 {M|z h a o 1 2 3 4}
客户 我微信 就是 {M|w x 大写的 L 小写的 y 八 八 九 零}
客户 微信 {M|l i u 杠 m i n g 九 六}
QQ 是 {M|二八 七六 五四 三二 幺零}
客户 我的抖音 是 {M|d y 下划线 k e k e 幺 二 三}
客户 支付宝 {M|幺五八 七六四三 二九零一}
客户 扣扣号 {M|四五 六七 八九 零幺 二}
客户 微信 {M|xiao 下划线 bai 二零二零}
我微信 {M|H Y Q 0 6 1 8}
"""),
("ids corrected or given over two turns", r"""
微信号{M|tom_1989}，不对不对，是{M|tom_1998}
客户：我QQ前面是{M|3902} 客户：后面是{M|771654}
客服：微信号多少 客户：{M|sxq} 客户：后面加{M|_0926}
"""),
]
