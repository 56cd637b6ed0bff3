#!/usr/bin/env python3
"""Writer's own review aid: list unlabelled stretches in positives that look like data."""
import json, re, os
here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUR = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
HON = "先生|女士|小姐|经理|师傅|老师|医生|阿姨|姐|哥|总|主任|老板|工|叔|大爷|奶奶|律师|护士|店长|主管|大夫|教练|同学|太太"
for l in open(os.path.join(here, "pii_cases.jsonl"), encoding="utf-8"):
    r = json.loads(l); t = r["text"]
    mask = [False] * len(t)
    for s, e, _ in r["spans"]:
        for i in range(s, e): mask[i] = True
    out = "".join("_" if m else c for c, m in zip(t, mask))
    hits = re.findall(r"[0-9零一二三四五六七八九幺]{5,}|[a-zA-Z0-9._-]+@[a-zA-Z0-9.]+|[%s](?:%s)" % (SUR, HON), out)
    hits += re.findall(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z]", out)
    if hits: print(r["id"], hits, "|", out[:120])
